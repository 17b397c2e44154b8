package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The network client's configuration: LunaSA Client, network Devices entries, RBS, ServeDevices.
 */
class NetworkClientConfigTest {

  /** The three files mutual TLS needs, for files that declare a network device. */
  static final String CREDENTIALS =
      """
        ClientCertFile = /etc/selene/client/appCert.pem;
        ClientPrivKeyFile = /etc/selene/client/appKey.pem;
        ServerCAFile = /etc/selene/client/CAFile.pem;
      """;

  private static ClientConfig parse(String text) throws ConfigException {
    return ClientConfig.parse(text, "test.conf");
  }

  private static ClientConfig withClient(String devices, String clientEntries)
      throws ConfigException {
    return parse(
        (devices.isEmpty() ? "" : "Devices = {\n" + devices + "}\n")
            + "LunaSA Client = {\n"
            + CREDENTIALS
            + clientEntries
            + "}\n");
  }

  @Test
  void defaultsAreTheVendorsAndDeclareNoNetworkDevice() {
    ClientConfig c = ClientConfig.defaults();
    assertEquals(
        new NetworkClientSection(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(20),
            true,
            true,
            List.of()),
        c.networkClient());
    assertFalse(c.networkClient().hasClientCredentials());
    assertEquals(List.of(), c.networkDevices());
    assertEquals(
        new RbsSection(
            false,
            "0.0.0.0",
            1792,
            true,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        c.rbs());
    assertFalse(c.rbs().servesBackupHsms(), "no RBS section, no backup port");
    assertEquals("0.0.0.0:1792", c.rbs().listenAddress());
    assertFalse(c.misc().serveDevices());
    assertTrue(c.usesDefaultDevice());
  }

  /** What the vendor's {@code clientconfig deploy} leaves in the file, read unchanged. */
  @Test
  void vendorDeployedClientSectionReads() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Chrystoki2 = {
               LibUNIX64 = /usr/safenet/lunaclient/libs/64/libCryptoki2_64.so;
            }
            LunaSA Client = {
               ReceiveTimeout = 20000;
               # SSLConfigFile is used for the client side of NTLS
               SSLConfigFile = /usr/safenet/lunaclient/openssl.cnf;
               ClientPrivKeyFile = /usr/safenet/lunaclient/cert/client/app01Key.pem;
               ClientCertFile = /usr/safenet/lunaclient/cert/client/app01.pem;
               ServerCAFile = /usr/safenet/lunaclient/cert/server/CAFile.pem;
               NetClient = 1;
               TCPKeepAlive = 1;
               ServerName00 = 192.0.2.10;
               ServerPort00 = 1792;
               ServerHtl00 = 0;
               ServerName01 = hsm2.example.com;
               ServerPort01 = 2792;
               ServerHtl01 = 0;
            }
            """);
    NetworkClientSection n = c.networkClient();
    assertEquals(
        Optional.of(Path.of("/usr/safenet/lunaclient/cert/client/app01.pem")), n.clientCertFile());
    assertEquals(
        Optional.of(Path.of("/usr/safenet/lunaclient/cert/client/app01Key.pem")),
        n.clientPrivKeyFile());
    assertEquals(
        Optional.of(Path.of("/usr/safenet/lunaclient/cert/server/CAFile.pem")), n.serverCaFile());
    assertTrue(n.hasClientCredentials());
    assertEquals(Duration.ofSeconds(20), n.receiveTimeout());
    assertTrue(n.tcpKeepAlive());
    assertTrue(n.netClient());
    List<NetworkDevice> expected =
        List.of(
            new NetworkDevice("ServerName00", "192.0.2.10", 1792),
            new NetworkDevice("ServerName01", "hsm2.example.com", 2792));
    assertEquals(expected, n.servers());
    assertEquals(expected, c.networkDevices());
    assertEquals(List.of(), c.devices());
    assertFalse(c.usesDefaultDevice(), "a network client has no HSM of its own");
    assertEquals(
        Optional.of("/usr/safenet/lunaclient/openssl.cnf"),
        c.get("lunasa client", "sslconfigfile"));
    assertEquals(c, ClientConfig.parse(c.render(), "rendered"));
  }

  /** Keys of the vendor's network HSM clusters read as known names; Selene has no clusters. */
  @Test
  void vendorClusterKeysAreAcceptedAndDeclareNoDevice() throws ConfigException {
    ClientConfig c =
        parse(
            """
            LunaSA Client = {
              LNHServer00 = 192.0.2.20:443;
              LNHServerClientCert00 = /usr/safenet/lunaclient/cert/client/c.pem;
              LNHServerClientKey00 = /usr/safenet/lunaclient/cert/client/k.pem;
              LNHServerCAFile00 = /usr/safenet/lunaclient/cert/server/cluster.pem;
              lnhservercn00 = cluster.example;
              LNHServerKeepAliveTimer00 = 30000;
              LNHServerLoadBalancingMode00 = pick_first;
              LNHStandbyServer00 = 0;
            }
            """);
    assertEquals(List.of(), c.networkDevices());
    assertTrue(c.usesDefaultDevice());
    assertEquals(Optional.of("cluster.example"), c.get("LunaSA Client", "LNHServerCN00"));
    assertTrue(c.render().contains("  LNHServerCN00 = cluster.example;\n"), c.render());
  }

  @Test
  void receiveTimeoutAndSwitchesAreRead() throws ConfigException {
    ClientConfig c =
        parse(
            "lunasa client = { receivetimeout = 1500; TCPKEEPALIVE = no; netclient = 0; }\n"
                + "Misc = { ServeDevices = 1; }\n");
    assertEquals(Duration.ofMillis(1500), c.networkClient().receiveTimeout());
    assertFalse(c.networkClient().tcpKeepAlive());
    assertFalse(c.networkClient().netClient());
    assertTrue(c.misc().serveDevices());
    assertTrue(
        c.render().startsWith("LunaSA Client = {\n  ReceiveTimeout = 1500;\n"),
        "canonical names: " + c.render());
  }

  @Test
  void serverPortDefaultsTo1792AndOrderFollowsTheIndexNotTheLines() throws ConfigException {
    ClientConfig c =
        withClient(
            "",
            """
              ServerName07 = seven.example;
              ServerName02 = two.example;
              ServerPort07 = 7;
            """);
    assertEquals(
        List.of(
            new NetworkDevice("ServerName02", "two.example", 1792),
            new NetworkDevice("ServerName07", "seven.example", 7)),
        c.networkDevices());
  }

  @Test
  void devicesNetworkEntriesKeepLocalDevicesAsTheyAre() throws ConfigException {
    ClientConfig c =
        withClient(
            """
              Device00 = usb, 1234567;
              Device01 = network, hsm1.example.com:1793;
              Device02 = Network , 10.0.0.7;
              Device03 = pcie, 7654321, factory=zeroized;
            """,
            "");
    assertEquals(
        List.of(
            new DeviceDeclaration(0, DeviceKind.USB, "1234567", Map.of()),
            new DeviceDeclaration(3, DeviceKind.PCIE, "7654321", Map.of("factory", "zeroized"))),
        c.devices());
    assertEquals(
        List.of(
            new NetworkDevice("Device01", "hsm1.example.com", 1793),
            new NetworkDevice("Device02", "10.0.0.7", 1792)),
        c.networkDevices());
    assertEquals("hsm1.example.com:1793", c.networkDevices().get(0).address());
    assertFalse(c.usesDefaultDevice());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[::1]:1792           | ::1                | 1792 | [::1]:1792",
        "[::1]                | ::1                | 1792 | [::1]:1792",
        "[2001:DB8::7]:40001  | 2001:DB8::7        | 40001 | [2001:DB8::7]:40001",
        "[::ffff:10.1.2.3]:9  | ::ffff:10.1.2.3    | 9    | [::ffff:10.1.2.3]:9",
        "127.0.0.1:65535      | 127.0.0.1          | 65535 | 127.0.0.1:65535",
        "localhost:1          | localhost          | 1    | localhost:1",
        "a-b.c-d.example      | a-b.c-d.example    | 1792 | a-b.c-d.example:1792",
      })
  void devicesNetworkAddresses(String written, String host, int port, String address)
      throws ConfigException {
    NetworkDevice d =
        withClient("  Device00 = network, " + written + ";\n", "").networkDevices().get(0);
    assertEquals(new NetworkDevice("Device00", host, port), d);
    assertEquals(address, d.address());
  }

  @Test
  void ipv6ServerNamesGoWithOrWithoutBrackets() throws ConfigException {
    ClientConfig c =
        withClient(
            "",
            """
              ServerName00 = fe80::1;
              ServerName01 = [2001:db8::2];
              ServerPort01 = 1800;
            """);
    assertEquals(
        List.of(
            new NetworkDevice("ServerName00", "fe80::1", 1792),
            new NetworkDevice("ServerName01", "2001:db8::2", 1800)),
        c.networkDevices());
    assertEquals("[2001:db8::2]:1800", c.networkDevices().get(1).address());
  }

  @Test
  void aServerDeclaredInBothSectionsCountsOnceUnderItsDevicesName() throws ConfigException {
    ClientConfig c =
        withClient(
            """
              Device05 = network, HSM1.Example.com;
              Device06 = network, [0:0:0:0:0:0:0:1]:1800;
            """,
            """
              ServerName00 = hsm1.example.com;
              ServerPort00 = 1792;
              ServerName01 = hsm1.example.com;
              ServerPort01 = 1793;
              ServerName02 = ::1;
              ServerPort02 = 1800;
              ServerName03 = 10.0.0.9;
            """);
    assertEquals(
        List.of(
            new NetworkDevice("Device05", "HSM1.Example.com", 1792),
            new NetworkDevice("Device06", "0:0:0:0:0:0:0:1", 1800),
            new NetworkDevice("ServerName01", "hsm1.example.com", 1793),
            new NetworkDevice("ServerName03", "10.0.0.9", 1792)),
        c.networkDevices());
    assertEquals(4, c.networkClient().servers().size(), "the section itself keeps every server");
  }

  @Test
  void namesAreNotResolvedSoANameAndItsAddressStayTwoServers() throws ConfigException {
    ClientConfig c =
        withClient("  Device00 = network, localhost;\n", "  ServerName00 = 127.0.0.1;\n");
    assertEquals(2, c.networkDevices().size());
    assertFalse(c.networkDevices().get(0).sameEndpoint(c.networkDevices().get(1)));
  }

  @Test
  void netClientZeroLooksForNoNetworkDeviceAndCreatesNoLocalOne() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Devices = {
              Device00 = network, hsm1.example.com;
            }
            LunaSA Client = {
              NetClient = 0;
              ServerName00 = hsm2.example.com;
            }
            """);
    assertEquals(List.of(), c.networkDevices());
    assertEquals(
        List.of(new NetworkDevice("ServerName00", "hsm2.example.com", 1792)),
        c.networkClient().servers());
    assertEquals(List.of(), c.devices());
    assertFalse(c.usesDefaultDevice(), "declared devices, even switched off, are not 'none'");
    ClientConfig on =
        c.with(
            "LunaSA Client",
            Map.of(
                "NetClient", "1",
                "ClientCertFile", "/c.pem",
                "ClientPrivKeyFile", "/k.pem",
                "ServerCAFile", "/ca.pem"));
    assertEquals(2, on.networkDevices().size());
  }

  @Test
  void netClientZeroStillKeepsLocalDevices() throws ConfigException {
    ClientConfig c =
        parse("Devices = { Device00 = usb, 1; }\nLunaSA Client = { NetClient = 0; }\n");
    assertEquals(1, c.devices().size());
    assertEquals(List.of(), c.networkDevices());
  }

  @Test
  void anEmptyLunaSaClientSectionDoesNotReplaceTheDefaultDevice() throws ConfigException {
    ClientConfig c = parse("LunaSA Client = { ReceiveTimeout = 30000; }\n");
    assertTrue(c.usesDefaultDevice());
    assertEquals(List.of(), c.networkDevices());
  }

  @Test
  void rbsServerWithEveryKey() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Devices = {
              Device00 = usb, 1234567;
              Device01 = backup, 1111111;
              Device02 = backup, 2222222;
            }
            RBS = {
              CmdProcessor = /usr/safenet/lunaclient/rbs/lib/librbs_processor2.so;
              ClientAuthFile = /usr/safenet/lunaclient/rbs/clientauth.dat;
              HostName = 192.0.2.1;
              HostPort = 1800;
              ServerCertFile = /usr/safenet/lunaclient/rbs/server/server.pem;
              ServerPrivKeyFile = /usr/safenet/lunaclient/rbs/server/serverkey.pem;
              ServerSSLConfigFile = /usr/safenet/lunaclient/rbs/server/server.cnf;
              NetServer = 1;
              Available = 2222222;
            }
            """);
    assertEquals(
        new RbsSection(
            true,
            "192.0.2.1",
            1800,
            true,
            List.of("2222222"),
            Optional.of("/usr/safenet/lunaclient/rbs/clientauth.dat"),
            Optional.of("/usr/safenet/lunaclient/rbs/server/server.pem"),
            Optional.of("/usr/safenet/lunaclient/rbs/server/serverkey.pem"),
            Optional.of("/usr/safenet/lunaclient/rbs/server/server.cnf"),
            Optional.of("/usr/safenet/lunaclient/rbs/lib/librbs_processor2.so")),
        c.rbs());
    assertTrue(c.rbs().servesBackupHsms());
    assertEquals("192.0.2.1:1800", c.rbs().listenAddress());
  }

  @Test
  void rbsDefaultsInsideADeclaredSection() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Devices = {
              Device03 = backup, 33;
              Device00 = usb, 1;
              Device01 = backup, 11;
            }
            RBS = {
              HostName = ::;
            }
            """);
    RbsSection rbs = c.rbs();
    assertTrue(rbs.declared());
    assertTrue(rbs.netServer(), "the vendor's default: serve");
    assertTrue(rbs.servesBackupHsms());
    assertEquals(1792, rbs.hostPort());
    assertEquals(List.of("11", "33"), rbs.available(), "every backup device, in index order");
    assertEquals("[::]:1792", rbs.listenAddress());
  }

  @Test
  void rbsClientNamesRemoteBackupHsmsFreely() throws ConfigException {
    RbsSection rbs = parse("RBS = { NetServer = 0; Available = 5, 6; }").rbs();
    assertFalse(rbs.servesBackupHsms());
    assertEquals(List.of("5", "6"), rbs.available());
  }

  /** DeviceManager shares one manager per equal configuration, so every new part must count. */
  @ParameterizedTest(name = "{0}.{1}")
  @CsvSource({
    "LunaSA Client, ReceiveTimeout, 20001",
    "LunaSA Client, TCPKeepAlive, 0",
    "LunaSA Client, NetClient, 0",
    "LunaSA Client, ClientCertFile, /other.pem",
    "LunaSA Client, ServerName00, hsm9.example",
    "LunaSA Client, ServerPort01, 1793",
    "LunaSA Client, ServerHtl00, 1",
    "LunaSA Client, SSLConfigFile, /o.cnf",
    "Devices, Device09, 'network, hsm9.example'",
    "RBS, HostPort, 1793",
    "RBS, NetServer, 0",
    "RBS, Available, 7",
    "Misc, ServeDevices, 1",
  })
  void everyNewKeyTakesPartInEquality(String section, String key, String value)
      throws ConfigException {
    String text =
        """
        Devices = {
          Device00 = backup, 7;
          Device01 = network, hsm1.example;
        }
        LunaSA Client = {
        %s  ServerName01 = hsm2.example;
        }
        RBS = {
          HostName = rbs.example;
        }
        Misc = {
          ServeDevices = 0;
        }
        """
            .formatted(CREDENTIALS);
    ClientConfig base = parse(text);
    ClientConfig changed = base.with(section, key, value);
    assertNotEquals(base, changed);
    assertNotEquals(base.hashCode(), changed.hashCode());
    assertEquals(changed, ClientConfig.parse(changed.render(), "rendered"));
    assertEquals(base, parse(text), "the original is untouched");
  }

  @Test
  void aRefusedEditLeavesTheConfigurationAsItWas() throws ConfigException {
    ClientConfig c = withClient("  Device00 = network, hsm1.example;\n", "");
    String before = c.render();
    assertThrows(ConfigException.class, () -> c.with("Devices", "Device01", "network, [::1:1792"));
    assertThrows(ConfigException.class, () -> c.without("LunaSA Client", "ServerCAFile"));
    assertThrows(
        ConfigException.class, () -> c.with("LunaSA Client", "ServerName00", "a;ServerPort00=1"));
    assertEquals(before, c.render());
    assertEquals(1, c.networkDevices().size());
  }

  @Test
  void toStringCountsNetworkDevices() throws ConfigException {
    assertTrue(
        withClient("  Device00 = network, h.example;\n", "")
            .toString()
            .contains("1 network device(s)"));
  }
}
