package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HA groups over network devices: a network entry has no serial in the file (the server says which
 * device it serves), so a group may name members the file does not declare once it declares a
 * network device; a file with local devices only still refuses an undeclared member.
 */
class NetworkGroupConfigTest {
  private static final String CLIENT =
      """
      LunaSA Client = {
        ClientCertFile = /etc/selene/client/appCert.pem;
        ClientPrivKeyFile = /etc/selene/client/appKey.pem;
        ServerCAFile = /etc/selene/client/servers.pem;
      }
      """;

  private static final String GROUP =
      """
      VirtualToken = {
        VirtualToken00Label = across;
        VirtualToken00SN = 17200;
        VirtualToken00Members = 7200,7201;
      }
      """;

  @Test
  void aGroupMayNameTheDevicesOfNetworkServers() throws Exception {
    ClientConfig c =
        ClientConfig.parse(
            "Devices = {\n Device00 = network, 127.0.0.1:1792;\n"
                + " Device01 = network, 127.0.0.2:1792;\n}\n"
                + CLIENT
                + GROUP
                + "HAConfiguration = { haStandbyMembers = 7201; }\n",
            "client.conf");
    assertEquals(List.of("7200", "7201"), c.virtualTokens().get(0).members());
    assertEquals(List.of("7201"), c.ha().standbyMembers());
  }

  @Test
  void serversNamedInLunaSaClientCountAsNetworkDevicesToo() throws Exception {
    ClientConfig c =
        ClientConfig.parse(
            CLIENT.replace("}", "  ServerName00 = 127.0.0.1;\n  ServerPort00 = 1792;\n}") + GROUP,
            "client.conf");
    assertEquals(List.of("7200", "7201"), c.virtualTokens().get(0).members());
  }

  @Test
  void withoutNetworkDevicesAnUndeclaredMemberIsStillRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ClientConfig.parse("Devices = {\n Device00 = usb, 7200;\n}\n" + GROUP, "x.conf"));
    assertTrue(e.getMessage().contains("'7201', which no Devices entry declares"), e.getMessage());
  }

  @Test
  void aStandbyMemberMustStillBeAMemberOfAGroup() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ClientConfig.parse(
                    "Devices = {\n Device00 = network, 127.0.0.1:1792;\n}\n"
                        + CLIENT
                        + GROUP
                        + "HAConfiguration = { haStandbyMembers = 7300; }\n",
                    "client.conf"));
    assertTrue(e.getMessage().contains("7300"), e.getMessage());
  }
}
