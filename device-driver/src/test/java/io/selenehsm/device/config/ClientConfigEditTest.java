package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edit API the admin shell persists HA groups with. */
class ClientConfigEditTest {
  private static final String BASE =
      """
      Devices = {
        Device00 = usb, 7100;
        Device01 = usb, 7101;
      }
      HAConfiguration = {
        AutoReconnectInterval = 60;
      }
      """;

  @Test
  void setsReplacesAddsAndRemoves() throws Exception {
    ClientConfig c = ClientConfig.parse(BASE, "base");
    ClientConfig d =
        c.with("HAConfiguration", "autoreconnectinterval", "120")
            .with("HAConfiguration", "HAOnly", "1");
    assertEquals(Duration.ofSeconds(120), d.ha().autoReconnectInterval());
    assertTrue(d.ha().haOnly());
    assertTrue(d.render().contains("AutoReconnectInterval = 120;"), d.render());
    ClientConfig g =
        d.with(
            "VirtualToken",
            Map.of(
                "VirtualToken00Label",
                "pay",
                "VirtualToken00SN",
                "17100",
                "VirtualToken00Members",
                "7100,7101"));
    assertEquals("pay", g.virtualTokens().get(0).label());
    assertEquals(g, ClientConfig.parse(g.render(), "again"));
    assertEquals(
        d,
        g.without(
            "VirtualToken", "VirtualToken00Label", "VirtualToken00SN", "VirtualToken00Members"));
    assertEquals("base", g.source());
  }

  @Test
  void badEditsAreRefusedAndLeaveTheConfigAsItWas() throws Exception {
    ClientConfig c = ClientConfig.parse(BASE, "base");
    ConfigException range =
        assertThrows(
            ConfigException.class, () -> c.with("HAConfiguration", "AutoReconnectInterval", "5"));
    assertTrue(range.getMessage().contains("AutoReconnectInterval"), range.getMessage());
    assertThrows(ConfigException.class, () -> c.with("HAConfiguration", "reconnAtt", "1; x = 2"));
    assertThrows(ConfigException.class, () -> c.with("Nowhere", "key", "1"));
    ConfigException incomplete =
        assertThrows(
            ConfigException.class, () -> c.with("VirtualToken", "VirtualToken00Label", "pay"));
    assertTrue(incomplete.getMessage().contains("has no"), incomplete.getMessage());
    assertThrows(
        ConfigException.class,
        () ->
            c.with(
                "VirtualToken",
                Map.of(
                    "VirtualToken00Label",
                    "pay",
                    "VirtualToken00SN",
                    "1",
                    "VirtualToken00Members",
                    "9999")));
    assertEquals(ClientConfig.parse(BASE, "again"), c);
  }

  @Test
  void writesAtomicallyAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("selene.conf");
    Files.writeString(file, BASE);
    ClientConfig c = ClientConfig.parse(file).with("HAConfiguration", "reconnAtt", "3");
    c.writeTo(file);
    assertEquals(3, ClientConfig.parse(file).ha().reconnectAttempts());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }
}
