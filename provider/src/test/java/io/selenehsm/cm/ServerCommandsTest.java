package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.SeleneServer;
import io.selenehsm.server.ServedDevices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server show} reports the device service the shell is attached to. */
class ServerCommandsTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 7200, factory=zeroized;
      }
      """;

  @TempDir Path home;

  private String run(DeviceManager manager, String command) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        SeleneCm.run(
            new String[] {"-c", command},
            new ByteArrayInputStream(new byte[0]),
            out,
            () -> DeviceDirectory.over(manager, home.resolve("selene.conf"), home));
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, output);
    return output;
  }

  @Test
  void showsTheServersDevicesListenersClientsAndSessions() throws Exception {
    Files.writeString(home.resolve("selene.conf"), CONF);
    ClientConfig config = ClientConfig.parse(home.resolve("selene.conf"));
    try (DeviceManager devices = DeviceManager.inMemory(config);
        SeleneServer server =
            SeleneServer.start(devices, SeleneServer.Options.local(home), TimeSource.system());
        DeviceManager app =
            DeviceManager.attachedTo(
                config,
                new ServedDevices().attachLocal(home, config, TimeSource.system()).orElseThrow());
        DeviceManager shell =
            DeviceManager.attachedTo(
                config,
                new ServedDevices().attachLocal(home, config, TimeSource.system()).orElseThrow())) {
      Slot admin = app.slot(1);
      long session = admin.openSession(5, false);

      String out = run(shell, "server show");

      assertTrue(out.contains("unix:" + server.socket()), out);
      assertTrue(out.contains("7200"), out);
      assertTrue(out.contains("1:" + session), "the app's session is listed: " + out);
      assertEquals(2, out.lines().filter(l -> l.contains("local#")).count(), out);
    }
  }

  @Test
  void saysSoWhenTheShellRunsItsDevicesItself() throws Exception {
    try (DeviceManager devices = DeviceManager.inMemory(ClientConfig.parse(CONF, "test"))) {
      assertTrue(run(devices, "server show").contains("No device service is in use"));
    }
  }
}
