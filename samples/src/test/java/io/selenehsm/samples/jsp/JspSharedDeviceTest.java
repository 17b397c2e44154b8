package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.samples.PartitionSetup;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One device and one login per JVM: the slot manager's login, made before any provider exists,
 * serves every default-configured provider, registered or not, made before or after it; a provider
 * over devices of its own keeps its own login; durable devices of one state directory are opened
 * once and shared, and closed by the last user.
 */
class JspSharedDeviceTest {
  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  @Test
  void twoProvidersAndTheSlotManagerShareOneDeviceAndOneLogin() throws Exception {
    SeleneProvider before = new SeleneProvider(); // made before the login, never registered
    SlotManager.getInstance().login(JspDevice.PARTITION, JspDevice.CO_PIN);
    SeleneProvider registered = new SeleneProvider();
    assertEquals(3, Security.insertProviderAt(registered, 3));

    assertSame(before.deviceManager(), registered.deviceManager());
    assertSame(device.devices, registered.deviceManager());
    assertEquals(before.applicationId(), registered.applicationId(), "one Cryptoki application");
    assertTrue(before.getSlotManager().isLoggedIn());
    assertTrue(registered.getSlotManager().isLoggedIn());

    // A session key made through one provider is usable through the other.
    KeyGenerator kg = KeyGenerator.getInstance("AES", registered);
    kg.init(128);
    SecretKey key = kg.generateKey();
    Cipher a = Cipher.getInstance("AES/ECB/NoPadding", registered);
    a.init(Cipher.ENCRYPT_MODE, key);
    Cipher b = Cipher.getInstance("AES/ECB/NoPadding", before);
    b.init(Cipher.ENCRYPT_MODE, key);
    assertArrayEquals(a.doFinal(new byte[16]), b.doFinal(new byte[16]));

    // Logging out through either ends the one login for all.
    before.getSlotManager().logout();
    assertFalse(SlotManager.getInstance().isLoggedIn());
    assertFalse(registered.getSlotManager().isLoggedIn());
  }

  @Test
  void aProviderOverDevicesOfItsOwnKeepsItsOwnLogin() throws Exception {
    SlotManager.getInstance().login(JspDevice.PARTITION, JspDevice.CO_PIN);
    SeleneProvider own = SeleneProvider.over(device.devices);
    try {
      assertFalse(own.isDefaultConfigured());
      assertFalse(own.getSlotManager().isLoggedIn(), "the JVM-wide login is not its login");
      KeyGenerator kg = KeyGenerator.getInstance("AES", own);
      kg.init(128);
      Exception e = assertThrows(Exception.class, kg::generateKey);
      assertTrue(e.toString().contains("USER_NOT_LOGGED_IN"), e.toString());
      own.getSlotManager().login(device.slot, JspDevice.CO_PIN);
      kg.generateKey();
    } finally {
      own.close();
    }
    assertTrue(SlotManager.getInstance().isLoggedIn(), "closing it left the JVM login alone");
  }

  @Test
  void durableDevicesAreOpenedOnceAndClosedByTheLastUser(@TempDir Path home) throws Exception {
    ClientConfig config = ClientConfig.parse(JspDevice.CONF, "shared");
    DeviceManager first = DeviceManager.openShared(config, home);
    DeviceManager second = DeviceManager.openShared(config, home.resolve(".").resolve("x/.."));
    try {
      assertSame(first, second, "same state directory, same devices");
      PartitionSetup.run(first, new PrintStream(OutputStream.nullOutputStream()));
      // Opening the same state privately in this JVM is refused, and says it is this process.
      HsmException same = assertThrows(HsmException.class, () -> DeviceManager.open(config, home));
      assertEquals(Ckr.DEVICE_ERROR, same.returnCode());
      assertTrue(
          same.getMessage()
              .contains("already open in this process (PID " + ProcessHandle.current().pid()),
          same.getMessage());
      first.close();
      assertTrue(second.slot(0).info().tokenPresent(), "one user left: still open");
    } finally {
      second.close();
    }
    assertFalse(second.slot(0).info().tokenPresent(), "the last user closed it");
    try (DeviceManager again = DeviceManager.open(config, home)) {
      assertEquals(PartitionSetup.PARTITION_LABEL, again.slot(0).info().label());
    }
    assertTrue(Files.isRegularFile(home.resolve("devices/7654321/lock")));
  }

  @Test
  void theSlotManagerAfterResetWorksOnTheNewDefault() throws Exception {
    SlotManager old = SlotManager.getInstance();
    old.login(JspDevice.PARTITION, JspDevice.CO_PIN);
    try (JspDevice other = JspDevice.provisioned()) {
      SlotManager fresh = SlotManager.getInstance();
      assertFalse(fresh.isLoggedIn(), "a new default starts logged out");
      assertEquals(other.slot, fresh.findSlotFromLabel(JspDevice.PARTITION));
      SeleneCryptokiException e =
          assertThrows(
              SeleneCryptokiException.class, () -> fresh.login(JspDevice.PARTITION, "wrong-pin"));
      assertEquals(Ckr.PIN_INCORRECT, e.getReturnCode());
    }
    // JspDevice.close() of `other` reset the default: the next one opens SELENE_CONF's devices,
    // so the test's own device is made the default again before tearDown.
    io.selenehsm.provider.DefaultDevices.use(device.devices);
  }
}
