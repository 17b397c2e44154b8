package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DeviceManager#openShared}: one engine per state directory per JVM, counted users. */
class SharedDeviceManagerTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 3456789, factory=zeroized;
      }
      """;

  @TempDir Path home;

  @Test
  void equalConfigurationAndHomeShareOneManagerUntilTheLastClose() throws Exception {
    ClientConfig config = ClientConfig.parse(CONF, "a");
    DeviceManager a = DeviceManager.openShared(config, home);
    DeviceManager b =
        DeviceManager.openShared(
            ClientConfig.parse("# same\n" + CONF, "b"), home.resolve("sub/.."));
    assertSame(a, b);
    assertTrue(a.isShared());
    a.close();
    assertTrue(b.devices().get(0).isPresent(), "one user is left");
    b.close();
    assertFalse(b.devices().get(0).isPresent());
    b.close(); // a surplus close changes nothing
    DeviceManager c = DeviceManager.openShared(config, home);
    try {
      assertNotSame(a, c, "after the last close a new engine opens the directory");
      assertTrue(c.devices().get(0).isPresent());
    } finally {
      c.close();
    }
  }

  @Test
  void aSecondOwnerInThisProcessIsRefusedAndToldItIsThisProcess() throws Exception {
    ClientConfig config = ClientConfig.parse(CONF, "a");
    try (DeviceManager shared = DeviceManager.openShared(config, home)) {
      HsmException e = assertThrows(HsmException.class, () -> DeviceManager.open(config, home));
      assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
      assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
      assertTrue(shared.devices().get(0).isPresent(), "the refused open changed nothing");
    }
  }

  @Test
  void aCompanionIsBuiltOnceAndClosedWithTheDevices() throws Exception {
    ClientConfig config = ClientConfig.parse(CONF, "a");
    AtomicInteger built = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    DeviceManager a = DeviceManager.openShared(config, home);
    DeviceManager b = DeviceManager.openShared(config, home);
    DeviceManager.CompanionFactory<AutoCloseable> factory =
        m -> {
          built.incrementAndGet();
          return closed::incrementAndGet;
        };
    AutoCloseable first = a.companion(AutoCloseable.class, factory);
    assertSame(first, b.companion(AutoCloseable.class, factory));
    assertEquals(1, built.get());
    a.close();
    assertEquals(0, closed.get(), "still in use");
    b.close();
    assertEquals(1, closed.get());
    HsmException e =
        assertThrows(HsmException.class, () -> b.companion(AutoCloseable.class, factory));
    assertEquals(Ckr.DEVICE_REMOVED, e.returnCode());
  }
}
