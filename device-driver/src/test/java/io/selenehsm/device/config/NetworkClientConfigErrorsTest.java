package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each refusal of the network client's keys names the line, the key and what was expected. */
class NetworkClientConfigErrorsTest {

  private static void assertError(String text, int line, String expectedProblem) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ClientConfig.parse(text, "selene.conf"));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("selene.conf line " + line + ": "), e.getMessage());
    assertTrue(
        e.problem().contains(expectedProblem),
        () -> "'" + e.problem() + "' lacks '" + expectedProblem + "'");
  }

  private static String client(String entries) {
    return "LunaSA Client = {\n" + NetworkClientConfigTest.CREDENTIALS + entries + "}\n";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "network                      | expected 'network, host[:port]'",
        "network,                     | expected 'network, host[:port]'",
        "network, h.example, 1792     | expected 'network, host[:port]'",
        "network, h.example:0         | port 0 is out of range (expected a port, 1 to 65535)",
        "network, h.example:65536     | port 65536 is out of range",
        "network, h.example:99999999  | port '99999999' is not a number",
        "network, h.example:-1        | port '-1' is not a number",
        "network, h.example:          | port '' is not a number",
        "network, :1792               | no host",
        "network, ::1                 | an IPv6 address is written in brackets, e.g. [::1]:1792",
        "network, ::1:1792            | an IPv6 address is written in brackets",
        "network, [::1                | '[' without its ']'",
        "network, [::1]1792           | '1792' after ']' where ':port' or nothing belongs",
        "network, [h.example]:1792    | 'h.example' in brackets is not an IPv6 address",
        "network, [::g]:1792          | '::g' in brackets is not an IPv6 address",
        "network, [fe80::1%eth0]:1792 | in brackets is not an IPv6 address",
        "network, 256.1.1.1           | '256.1.1.1' is not an IPv4 address",
        "network, 1.2.3               | '1.2.3' is not an IPv4 address",
        "network, 010.0.0.1           | '010.0.0.1' is not an IPv4 address",
        "network, -h.example          | '-h.example' is not a host name",
        "network, h_1.example         | 'h_1.example' is not a host name",
        "network, h..example          | 'h..example' is not a host name",
        "network, h.example.          | 'h.example.' is not a host name",
        "network, evil.example/x      | 'evil.example/x' is not a host name",
        "network, user@h.example      | 'user@h.example' is not a host name",
        "nework, h.example            | bad device kind 'nework' for Devices.Device01 (expected"
            + " usb, pcie or backup); a device another host serves is written 'network,"
            + " host[:port]'",
      })
  void badNetworkDeviceEntries(String value, String expected) {
    assertError(
        "Devices = {\n  Device00 = usb, 1;\n  Device01 = " + value + ";\n}\n" + client(""),
        3,
        expected);
  }

  @Test
  void aHostNameLongerThanDnsAllowsIsRefused() {
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, label);
    assertError(
        "Devices = {\n  Device00 = network, " + name + ";\n}\n" + client(""),
        2,
        "is not a host name");
    assertError(
        "Devices = {\n  Device00 = network, " + "b".repeat(64) + ".example;\n}\n" + client(""),
        2,
        "is not a host name");
  }

  @Test
  void theSameServerTwiceInOneSectionIsRefused() {
    assertError(
        "Devices = {\n  Device00 = network, H.example;\n  Device01 = network, h.example:1792;\n}\n"
            + client(""),
        3,
        "server h.example:1792 of Devices.Device01 is already declared by Device00");
    assertError(
        client("  ServerName00 = ::1;\n  ServerName01 = 0:0::1;\n  ServerPort00 = 1792;\n"),
        6,
        "server [0:0::1]:1792 of LunaSA Client.ServerName01 is already declared by ServerName00");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ServerName00 = h.example:1792 | bad value 'h.example:1792' for LunaSA Client.ServerName00"
            + " (expected a host name or address",
        "ServerName00 = [::1]:1792     | is not an IPv6 address",
        "ServerName00 = 300.0.0.1      | '300.0.0.1' is not an IPv4 address",
        "ServerName00 = h example      | 'h example' is not a host name",
        "ServerPort00 = 0              | value 0 for LunaSA Client.ServerPort00 is out of range"
            + " (expected a port, 1 to 65535)",
        "ServerPort00 = 65536          | is out of range (expected a port, 1 to 65535)",
        "ServerPort00 = port           | bad value 'port' for LunaSA Client.ServerPort00",
        "ServerHtl00 = 2               | bad value '2' for LunaSA Client.ServerHtl00 (expected"
            + " 0/1, true/false or yes/no)",
        "ReceiveTimeout = 0            | LunaSA Client.ReceiveTimeout is out of range (expected"
            + " milliseconds",
        "ReceiveTimeout = 20s          | bad value '20s' for LunaSA Client.ReceiveTimeout",
        "TCPKeepAlive = 2              | bad value '2' for LunaSA Client.TCPKeepAlive",
        "NetClient = on                | bad value 'on' for LunaSA Client.NetClient",
        "ServerName100 = h.example     | unknown key 'ServerName100' in section LunaSA Client",
        "ServerAddress00 = h.example   | unknown key 'ServerAddress00' in section LunaSA Client",
      })
  void badLunaSaClientEntries(String entry, String expected) {
    String text = "LunaSA Client = {\n  # the entry under test:\n  " + entry + ";\n";
    if (!entry.startsWith("ServerName")) {
      text += "  ServerName00 = h.example;\n";
    }
    assertError(text + NetworkClientConfigTest.CREDENTIALS + "}\n", 3, expected);
  }

  @Test
  void aServerPortWithoutItsServerNameIsRefused() {
    assertError(
        client("  ServerName00 = h.example;\n  ServerPort01 = 1792;\n"),
        6,
        "LunaSA Client.ServerPort01 is set, but ServerName01 is not");
  }

  @Test
  void aNetworkDeviceNeedsAllThreeCredentialFiles() {
    assertError(
        "Devices = {\n  Device00 = usb, 1;\n  Device04 = network, h.example;\n}\n",
        3,
        "Devices.Device04 declares network device h.example:1792, but section LunaSA Client does"
            + " not set ClientCertFile, ClientPrivKeyFile, ServerCAFile (mutual TLS needs");
    assertError(
        "LunaSA Client = {\n  ClientCertFile = /c.pem;\n  ServerName03 = [::1];\n"
            + "  ServerCAFile = /ca.pem;\n}\n",
        3,
        "LunaSA Client.ServerName03 declares network device [::1]:1792, but section LunaSA Client"
            + " does not set ClientPrivKeyFile (");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HostPort = 0           | value 0 for RBS.HostPort is out of range (expected a port, 1 to"
            + " 65535)",
        "HostPort = 70000       | is out of range",
        "HostPort = x           | bad value 'x' for RBS.HostPort",
        "NetServer = 2          | bad value '2' for RBS.NetServer (expected 0/1",
        "HostName = [::1]:1792  | bad value '[::1]:1792' for RBS.HostName (expected a host name or"
            + " address",
        "HostName = h.example:1 | bad value 'h.example:1' for RBS.HostName",
        "Available = 11,,22     | bad value '11,,22' for RBS.Available (expected comma-separated"
            + " Backup HSM serials)",
        "Available = 11a        | expected comma-separated Backup HSM serials, 1 to 10 digits each",
        "Available = 22, 22     | RBS.Available names serial 22 twice",
        "Available = 1234567    | RBS.Available names serial 1234567, which no backup device of"
            + " section Devices declares",
        "Available = 99         | which no backup device of section Devices declares",
        "Port = 1792            | unknown key 'Port' in section RBS",
      })
  void badRbsEntries(String entry, String expected) {
    assertError(
        "RBS = {\n  # the entry under test (NetServer is 1 by default):\n  "
            + entry
            + ";\n}\nDevices = {\n  Device00 = usb, 1234567;\n  Device01 = backup, 22;\n}\n",
        3,
        expected);
  }

  @Test
  void serveDevicesIsABoolean() {
    assertError(
        "Misc = {\n  ServeDevices = sometimes;\n}\n",
        2,
        "bad value 'sometimes' for Misc.ServeDevices (expected 0/1, true/false or yes/no)");
  }

  @Test
  void sectionNamesNeedTheirSpaceButNotTheirCase() {
    assertError("LunaSAClient = {\n}\n", 1, "unknown section 'LunaSAClient'");
    assertError(
        "LunaSA Client = {\n}\nlunasa client = {\n}\n",
        3,
        "duplicate section LunaSA Client (first opened at line 1)");
  }
}
