package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.DeviceKind;
import io.selenehsm.firmware.HsmModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which devices a manager opens, where their state lives and how the default device persists. */
class DeviceManagerTest {
  @TempDir Path home;

  @Test
  void defaultDeviceSerialIsGeneratedOnceAndFoundAgain() throws Exception {
    String serial;
    try (DeviceManager first = DeviceManager.open(ClientConfig.defaults(), home)) {
      assertEquals(1, first.devices().size());
      Device d = first.devices().get(0);
      assertEquals(DeviceKind.USB, d.kind());
      assertEquals(HsmModel.USB_HSM_7, d.model());
      serial = d.serial();
      assertTrue(serial.matches("[1-9]\\d{6}"), serial);
      assertEquals(
          "Transport Mode, zeroized",
          first.slots().adminSlot(serial).orElseThrow().hsmInfo().status());
    }
    assertEquals(serial, Files.readString(home.resolve("default-device-serial")).strip());
    assertTrue(Files.isDirectory(home.resolve("devices").resolve(serial)));
    try (DeviceManager second = DeviceManager.open(ClientConfig.defaults(), home)) {
      assertEquals(List.of(serial), second.devices().stream().map(Device::serial).toList());
    }
  }

  @Test
  void inMemoryDefaultDevicesWriteNothing() throws Exception {
    try (DeviceManager a = DeviceManager.inMemory(ClientConfig.defaults());
        DeviceManager b = DeviceManager.inMemory(ClientConfig.defaults())) {
      assertEquals(1, a.devices().size());
      assertNotEquals(a.devices().get(0).serial(), b.devices().get(0).serial());
    }
  }

  @Test
  void declaredUsbAndPcieDevicesOpenInOrderWithTheirOwnStateDirectories() throws Exception {
    Path elsewhere = home.resolve("elsewhere");
    ClientConfig c =
        config(
            """
            Devices = {
              Device02 = pcie, 4400002, factory=zeroized;
              Device01 = usb, 4400001;
              Device03 = backup, 4400003, home=%s;
            }
            Luna = { DefaultTimeOut = 1234; KeypairGenTimeOut = 5678; CloningCommandTimeout = 910; }
            """
                .formatted(elsewhere));
    try (DeviceManager m = DeviceManager.open(c, home)) {
      assertEquals(
          List.of("4400001", "4400002", "4400003"),
          m.devices().stream().map(Device::serial).toList());
      assertEquals(HsmModel.PCIE_HSM_7, m.device("4400002").orElseThrow().model());
      assertEquals(HsmModel.BACKUP_HSM_7, m.device("4400003").orElseThrow().model());
      assertTrue(Files.isDirectory(home.resolve("devices/4400001")));
      assertTrue(Files.isDirectory(home.resolve("devices/4400002")));
      assertTrue(Files.isDirectory(elsewhere));
      assertTrue(Files.notExists(home.resolve("default-device-serial")));
      assertEquals(
          "Transport Mode, zeroized",
          m.slots().adminSlot("4400001").orElseThrow().hsmInfo().status());
      assertEquals("Zeroized", m.slots().adminSlot("4400002").orElseThrow().hsmInfo().status());
      CommandTimeouts t = m.device("4400001").orElseThrow().timeouts();
      assertEquals(1234, t.of(CommandClass.DEFAULT).toMillis());
      assertEquals(5678, t.of(CommandClass.KEYPAIR_GEN).toMillis());
      assertEquals(910, t.of(CommandClass.CLONING).toMillis());
      // usb: partition 1 + admin; pcie: 100 + admin; backup: admin only; 6 placeholders.
      assertEquals(1 + 1 + 100 + 1 + 1 + 6, m.slots().all().size());
      assertTrue(((DeviceSlot) m.slot(103)).isAdmin());
      assertEquals("4400003", ((DeviceSlot) m.slot(103)).device().serial());
      assertTrue(m.device("1").isEmpty());
    }
  }

  @Test
  void devicesKeepTheirStateAcrossManagers() throws Exception {
    ClientConfig c = config("Devices = { Device00 = usb, 4400004, factory=zeroized; }");
    try (DeviceManager m = DeviceManager.open(c, home)) {
      DeviceSlot admin = m.slots().adminSlot("4400004").orElseThrow();
      long so = Fixtures.initializeAndLogIn(admin);
      admin.createPartition(so, 0, 0);
    }
    try (DeviceManager m = DeviceManager.open(c, home)) {
      assertTrue(m.slot(0).info().tokenPresent());
      assertEquals("OK", m.slot(1).hsmInfo().status());
    }
  }

  @Test
  void seleneHomeComesFromTheEnvironmentElseTheUsersHome() {
    assertEquals(
        Path.of("/srv/selene"),
        DeviceManager.seleneHome(Map.of(DeviceManager.HOME_ENV_VAR, " /srv/selene ")));
    assertEquals(
        Path.of(System.getProperty("user.home"), ".selene"), DeviceManager.seleneHome(Map.of()));
  }
}
