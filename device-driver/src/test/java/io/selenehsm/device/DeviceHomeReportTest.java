package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.ClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a SELENE_HOME never creates a device silently, and names the devices there that the
 * configuration does not declare (the mismatch a demo on the defaults followed by a shell on
 * another file used to hide).
 */
class DeviceHomeReportTest {
  private static final String TWO_DEVICES =
      """
      Devices = {
        Device00 = usb, 1234567;
        Device01 = pcie, 7654321, factory=zeroized;
      }
      """;

  @TempDir Path home;

  private List<String> open(ClientConfig config) throws Exception {
    List<String> notices = new ArrayList<>();
    try (DeviceManager m = DeviceManager.open(config, home, notices::add)) {
      assertEquals(config.usesDefaultDevice() ? 1 : config.devices().size(), m.devices().size());
    }
    return notices;
  }

  @Test
  void aDeclaredDeviceWithoutStateIsCreatedWithANoticeNamingItOnlyOnce() throws Exception {
    ClientConfig config = ClientConfig.parse(TWO_DEVICES, "/etc/test/selene.conf");
    List<String> first = open(config);
    assertEquals(2, first.size(), first.toString());
    assertEquals(
        "creating new device usb 1234567 in "
            + home.toAbsolutePath().resolve("devices").resolve("1234567")
            + " (declared by /etc/test/selene.conf; it starts in Secure"
            + " Transport Mode)",
        first.get(0));
    assertTrue(first.get(1).startsWith("creating new device pcie 7654321 in "), first.get(1));
    assertTrue(first.get(1).endsWith("it starts zeroized)"), first.get(1));
    assertEquals(List.of(), open(config), "the second open finds both and says nothing");
  }

  @Test
  void devicesOnDiskThatTheConfigurationDoesNotDeclareAreNamed() throws Exception {
    List<String> demo = open(ClientConfig.defaults());
    assertEquals(1, demo.size(), "the default device is announced when it is created: " + demo);
    String defaultSerial = Files.readString(home.resolve("default-device-serial")).strip();

    List<String> shell = open(ClientConfig.parse(TWO_DEVICES, "conf/selene.conf"));
    assertEquals(3, shell.size(), shell.toString());
    assertEquals(
        "warning: "
            + home.toAbsolutePath()
            + " holds devices that conf/selene.conf"
            + " does not declare: "
            + defaultSerial
            + " (not opened; declare them in the"
            + " configuration in use, or point SELENE_HOME elsewhere)",
        shell.get(2));

    List<String> demoAgain = open(ClientConfig.defaults());
    assertEquals(1, demoAgain.size(), demoAgain.toString());
    assertTrue(demoAgain.get(0).contains("does not declare: 1234567, 7654321"), demoAgain.get(0));
    assertTrue(
        Files.isDirectory(home.resolve("devices").resolve(defaultSerial)),
        "undeclared devices are left as they are");
  }

  @Test
  void aDeviceWithItsOwnHomeIsNotReportedAsUndeclared() throws Exception {
    ClientConfig config =
        ClientConfig.parse(
            """
            Devices = {
              Device00 = usb, 1234567, home=elsewhere/usb;
            }
            """,
            "own-home.conf");
    assertEquals(1, open(config).size());
    assertTrue(Files.isDirectory(home.resolve("elsewhere").resolve("usb")));
    assertEquals(List.of(), open(config));
  }
}
