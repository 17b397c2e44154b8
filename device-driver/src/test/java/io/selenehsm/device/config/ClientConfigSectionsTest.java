package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.device.config.HaConfiguration.RecoveryMode;
import io.selenehsm.device.config.PresentationSection.UserSlot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClientConfigSectionsTest {

  private static ClientConfig parse(String text) throws ConfigException {
    return ClientConfig.parse(text, "test.conf");
  }

  @Test
  void defaultsApplyTheVendorValues() {
    ClientConfig c = ClientConfig.defaults();
    assertEquals(
        new LunaSection(
            Duration.ofSeconds(500),
            Duration.ofSeconds(2700),
            Duration.ofSeconds(300),
            Duration.ofSeconds(720),
            Duration.ofSeconds(5400),
            Duration.ofSeconds(100),
            Duration.ofSeconds(200),
            Duration.ofSeconds(20)),
        c.luna());
    assertEquals(new CardReaderSection(3, 3, true), c.cardReader());
    assertEquals(new PresentationSection(false, true, false, List.of()), c.presentation());
    assertEquals(0, c.presentation().firstSlotId());
    assertEquals(
        new HaConfiguration(
            Duration.ofSeconds(60),
            -1,
            false,
            Optional.empty(),
            Duration.ofSeconds(3),
            LoadBalancing.ROUND_ROBIN,
            List.of(),
            RecoveryMode.ACTIVE_BASIC,
            false,
            Optional.empty(),
            OptionalLong.empty()),
        c.ha());
    assertTrue(c.ha().autoRecoveryEnabled());
    assertEquals(
        new MiscSection(
            Optional.empty(),
            true,
            1,
            0,
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty(),
            true,
            Optional.empty(),
            0,
            Optional.empty(),
            false),
        c.misc());
    assertEquals(new SessionSection(false), c.session());
    assertTrue(c.devices().isEmpty());
    assertTrue(c.usesDefaultDevice());
    assertTrue(c.virtualTokens().isEmpty());
    assertEquals("built-in defaults", c.source());
  }

  @Test
  void leadingByteOrderMarkIsIgnored() throws ConfigException {
    assertEquals(
        Duration.ofMillis(7),
        parse("\uFEFFLuna = { DefaultTimeOut = 7; }").luna().defaultTimeout());
  }

  @Test
  void emptyFileEqualsDefaults() throws ConfigException {
    assertEquals(ClientConfig.defaults(), parse("# nothing here\n\n"));
  }

  @Test
  void lunaTimeoutsAreMilliseconds() throws ConfigException {
    ClientConfig c =
        parse(
            "Luna = {\n  DefaultTimeOut = 1500;\n  KeypairGenTimeOut = 60000;\n"
                + "  CloningCommandTimeOut = 2000;\n}\n");
    assertEquals(Duration.ofMillis(1500), c.luna().defaultTimeout());
    assertEquals(Duration.ofMinutes(1), c.luna().keypairGenTimeout());
    assertEquals(Duration.ofSeconds(2), c.luna().cloningCommandTimeout());
    assertEquals(
        Duration.ofSeconds(720), c.luna().commandTimeoutPedSet(), "unset key keeps its default");
  }

  @Test
  void vendorStyleSeveralEntriesOnOneLineAreRead() throws ConfigException {
    ClientConfig c =
        parse(
            "Luna =\n{ DefaultTimeOut = 400000; PEDTimeout1 = 1000; PEDTimeout2 = 2000;\n"
                + "PEDTimeout3 = 3000; CommandTimeOutPedSet = 9000; }\n");
    assertEquals(Duration.ofSeconds(400), c.luna().defaultTimeout());
    assertEquals(Duration.ofSeconds(3), c.luna().pedTimeout3());
    assertEquals(Duration.ofSeconds(9), c.luna().commandTimeoutPedSet());
  }

  @Test
  void keysAndSectionsMatchWithoutCaseAndRenderCanonically() throws ConfigException {
    ClientConfig c =
        parse("luna = { defaulttimeout = 42; }\nhaconfiguration = { HAONLY = yes; }\n");
    assertEquals(Duration.ofMillis(42), c.luna().defaultTimeout());
    assertTrue(c.ha().haOnly());
    assertEquals(Optional.of("42"), c.get("LUNA", "DefaultTimeout"));
    assertEquals(
        Optional.empty(), c.get("Luna", "KeypairGenTimeOut"), "get returns only what is written");
    assertEquals(
        "Luna = {\n  DefaultTimeOut = 42;\n}\n\nHAConfiguration = {\n  HAOnly = yes;\n}\n",
        c.render());
  }

  @Test
  void booleansAcceptEverySpelling() throws ConfigException {
    for (String yes : List.of("1", "true", "TRUE", "yes", "Yes")) {
      assertTrue(
          parse("Session = { AutoCleanUpDisabled = " + yes + "; }").session().autoCleanUpDisabled(),
          yes);
    }
    for (String no : List.of("0", "false", "no", "NO")) {
      assertFalse(
          parse("Session = { AutoCleanUpDisabled = " + no + "; }").session().autoCleanUpDisabled(),
          no);
    }
  }

  @Test
  void cardReaderAndPresentation() throws ConfigException {
    ClientConfig c =
        parse(
            """
            CardReader = {
              LunaG5Slots = 0;
              LunaG7Slots = 5;
              RemoteCommand = 0;
            }
            Presentation = {
              OneBaseSlotId = 1;
              ShowAdminTokens = no;
              ShowEmptySlots = yes;
              ShowUserSlots = 1(351970018022), 2( 351970018021 ),7(12);
            }
            """);
    assertEquals(new CardReaderSection(0, 5, false), c.cardReader());
    assertEquals(
        new PresentationSection(
            true,
            false,
            true,
            List.of(
                new UserSlot(1, "351970018022"),
                new UserSlot(2, "351970018021"),
                new UserSlot(7, "12"))),
        c.presentation());
    assertEquals(1, c.presentation().firstSlotId());
  }

  @Test
  void devicesWithAttributes() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Devices = {
              Device02 = backup, 1111111;
              Device00 = usb, 1234567;
              Device01 = PCIe , 7654321, factory=zeroized, home=/var/lib/selene/pcie;
            }
            """);
    assertFalse(c.usesDefaultDevice());
    List<DeviceDeclaration> d = c.devices();
    assertEquals(
        List.of(0, 1, 2), d.stream().map(DeviceDeclaration::index).toList(), "index order");
    assertEquals(new DeviceDeclaration(0, DeviceKind.USB, "1234567", Map.of()), d.get(0));
    assertFalse(d.get(0).factoryZeroized());
    assertEquals(Optional.empty(), d.get(0).home());
    assertEquals(DeviceKind.PCIE, d.get(1).kind());
    assertTrue(d.get(1).factoryZeroized());
    assertEquals(Optional.of(Path.of("/var/lib/selene/pcie")), d.get(1).home());
    assertEquals(DeviceKind.BACKUP, d.get(2).kind());
  }

  @Test
  void virtualTokensAndHa() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Devices = {
              Device00 = usb, 1234567;
              Device01 = pcie, 7654321;
              Device02 = usb, 42;
            }
            VirtualToken = {
              VirtualToken01Label = second;
              VirtualToken01SN = 142;
              VirtualToken01Members = 42;
              VirtualToken00Label = ha-group-1;
              VirtualToken00SN = 11234567;
              VirtualToken00Members = 1234567, 7654321;
              VirtualTokenActiveRecovery = activeEnhanced;
            }
            HAConfiguration = {
              AutoReconnectInterval = 120;
              reconnAtt = 0;
              HAOnly = 1;
              ProbeTimeout = 5;
              statusTimeout = 10;
              HALoadBalancing = PICK_FIRST;
              haStandbyMembers = 7654321;
              haLogStatus = enabled;
              haLogPath = /tmp/ha;
              logLen = 1048576;
            }
            """);
    assertEquals(
        List.of(
            new VirtualTokenDeclaration(0, "ha-group-1", "11234567", List.of("1234567", "7654321")),
            new VirtualTokenDeclaration(1, "second", "142", List.of("42"))),
        c.virtualTokens());
    assertEquals(
        new HaConfiguration(
            Duration.ofMinutes(2),
            0,
            true,
            Optional.of(Duration.ofSeconds(5)),
            Duration.ofSeconds(10),
            LoadBalancing.PICK_FIRST,
            List.of("7654321"),
            RecoveryMode.ACTIVE_ENHANCED,
            true,
            Optional.of("/tmp/ha"),
            OptionalLong.of(1048576)),
        c.ha());
    assertFalse(c.ha().autoRecoveryEnabled());
  }

  @Test
  void miscAndChrystoki2() throws ConfigException {
    ClientConfig c =
        parse(
            """
            Chrystoki2 = {
              LibUNIX64 = /usr/safenet/lunaclient/libs/64/libCryptoki2_64.so;
              LibNT = C:\\Program Files\\SafeNet\\LunaClient\\cryptoki.dll;
            }
            Misc = {
              AppId = 0123456789abcdef;
              CopyRSAPublicValuesFromPrivateTemplate = 0;
              ECCPointEncodingStrategy = 2;
              FunctionBindLevel = 1;
              HSSKeyGenSignTimeout = 60000;
              LoginAllowedOnFMEnabledHSMs = 1;
              MutexFolder = /usr/lock;
              PE1746Enabled = 0;
              PluginModuleDir = /opt/plugins;
              ProtectedAuthenticationPathFlagStatus = 2;
              ToolsDir = /opt/tools#1;
              ValidateHost = 1;
            }
            """);
    assertEquals(
        new MiscSection(
            Optional.of("0123456789abcdef"),
            false,
            2,
            1,
            Optional.of(Duration.ofMinutes(1)),
            true,
            Optional.empty(),
            Optional.of("/usr/lock"),
            false,
            Optional.of("/opt/plugins"),
            2,
            Optional.of("/opt/tools#1"),
            true),
        c.misc());
    assertEquals(
        Optional.of("C:\\Program Files\\SafeNet\\LunaClient\\cryptoki.dll"),
        c.get("Chrystoki2", "LibNT"));
  }

  @Test
  void shippedFileParsesAndDeclaresUsbAndPcie() throws ConfigException {
    ClientConfig c = ClientConfig.parse(Path.of("../conf/selene.conf"));
    assertEquals(
        List.of(DeviceKind.USB, DeviceKind.PCIE),
        c.devices().stream().map(DeviceDeclaration::kind).toList());
    assertTrue(c.virtualTokens().isEmpty(), "the HA example ships commented out");
    for (String section : Schema.sections()) {
      if (!section.equals(Schema.VIRTUAL_TOKEN)) {
        assertTrue(c.render().contains(section + " = {"), section + " is present");
      }
    }
    assertEquals(c, ClientConfig.parse(c.render(), "rendered"));
  }

  @Test
  void shippedHaExampleParsesWhenUncommented() throws Exception {
    String text =
        java.nio.file.Files.readString(Path.of("../conf/selene.conf"))
            .replaceAll("(?m)^# (VirtualToken|  VirtualToken|\\})", "$1");
    ClientConfig c = ClientConfig.parse(text, "uncommented");
    assertEquals(List.of("1234567", "7654321"), c.virtualTokens().get(0).members());
  }

  @Test
  void equalityIgnoresOrderLayoutCommentsAndSource() throws ConfigException {
    ClientConfig a = ClientConfig.parse("Luna={DefaultTimeOut=1;KeypairGenTimeOut=2;}", "a");
    ClientConfig b =
        ClientConfig.parse(
            "# x\nluna = {\n keypairgentimeout = 2; # y\n DEFAULTTIMEOUT = 1;\n}\n", "b");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }
}
