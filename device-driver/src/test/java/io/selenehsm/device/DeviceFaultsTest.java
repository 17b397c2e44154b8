package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.APP;
import static io.selenehsm.device.Fixtures.assertCode;
import static io.selenehsm.device.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.FakeTime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unplug, replug, fail, hang and restore, and the command timeouts that bound every wait. */
class DeviceFaultsTest {
  private static final String SERIAL = "3300001";
  private static final long TIMEOUT_MS = 150;

  /** Scheduling slack on a loaded two-core machine; far below the hangs being cut short. */
  private static final long MARGIN_MS = 250;

  private DeviceManager manager;
  private Device device;
  private DeviceSlot admin;

  @BeforeEach
  void open() throws HsmException {
    manager =
        DeviceManager.inMemory(
            config(
                "Devices = { Device00 = usb, "
                    + SERIAL
                    + ", factory=zeroized; }\nLuna = { DefaultTimeOut = "
                    + TIMEOUT_MS
                    + "; KeypairGenTimeOut = 400; }"));
    device = manager.device(SERIAL).orElseThrow();
    admin = manager.slots().adminSlot(SERIAL).orElseThrow();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void unpluggedDeviceAnswersTokenNotPresentAtOnce() throws Exception {
    DeviceFaults.unplug(SERIAL);
    HsmException e = assertCode(Ckr.TOKEN_NOT_PRESENT, admin::hsmInfo);
    assertEquals("device 3300001 is not present (unplugged)", e.detail());
    assertFalse(device.isPresent());
    SlotInfo info = admin.info();
    assertFalse(info.tokenPresent());
    assertTrue(info.status().contains("unplugged"), info.status());
  }

  @Test
  void replugRestartsTheDeviceSoOlderSessionsAreGone() throws Exception {
    long session = admin.openSession(APP, true);
    DeviceFaults.unplug(SERIAL);
    assertCode(Ckr.TOKEN_NOT_PRESENT, () -> admin.sessionInfo(session));
    DeviceFaults.replug(SERIAL);
    assertTrue(device.isPresent());
    assertEquals(SERIAL, admin.hsmInfo().serial());
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> admin.sessionInfo(session));
    long fresh = admin.openSession(APP, true);
    assertEquals(fresh, admin.sessionInfo(fresh).handle());
  }

  @Test
  void replugLeavesADeviceThatIsNotUnpluggedAlone() throws Exception {
    long session = admin.openSession(APP, true);
    DeviceFaults.replug(SERIAL);
    assertEquals(session, admin.sessionInfo(session).handle());
    DeviceFaults.fail(SERIAL);
    DeviceFaults.replug(SERIAL);
    assertCode(Ckr.DEVICE_ERROR, admin::hsmInfo);
  }

  @Test
  void failedDeviceAnswersDeviceErrorUntilRestored() throws Exception {
    DeviceFaults.fail(SERIAL);
    long start = System.nanoTime();
    HsmException e = assertCode(Ckr.DEVICE_ERROR, admin::hsmInfo);
    assertTrue(millisSince(start) < TIMEOUT_MS, "a failed device does not make callers wait");
    assertTrue(e.detail().contains("3300001 has failed"), e.detail());
    DeviceFaults.restore(SERIAL);
    assertEquals(SERIAL, admin.hsmInfo().serial());
  }

  @Test
  void callWaitsOutAShortHang() throws Exception {
    long session = admin.openSession(APP, true);
    DeviceFaults.hang(SERIAL, Duration.ofMillis(60));
    long start = System.nanoTime();
    assertEquals(session, admin.sessionInfo(session).handle());
    assertTrue(millisSince(start) >= 50, "the call waited for the hang to end");
    assertEquals("healthy", device.condition());
  }

  @Test
  void hangLongerThanTheTimeoutAnswersDeviceErrorWithinItAndHalts() throws Exception {
    DeviceFaults.hang(SERIAL, Duration.ofHours(1));
    long start = System.nanoTime();
    HsmException e = assertCode(Ckr.DEVICE_ERROR, admin::hsmInfo);
    long waited = millisSince(start);
    assertTrue(waited >= TIMEOUT_MS - 5 && waited < TIMEOUT_MS + MARGIN_MS, "waited " + waited);
    assertTrue(e.detail().startsWith("command timed out after 150 ms"), e.detail());
    // Halted now: no more waiting, until restored.
    start = System.nanoTime();
    assertCode(Ckr.DEVICE_ERROR, admin::hsmInfo);
    assertTrue(millisSince(start) < TIMEOUT_MS);
    assertTrue(device.condition().contains("timed out"), device.condition());
    DeviceFaults.restore(SERIAL);
    assertEquals(SERIAL, admin.hsmInfo().serial());
  }

  @Test
  void eachCommandClassWaitsForItsOwnTimeout() throws Exception {
    DeviceFaults.hang(SERIAL, Duration.ofHours(1));
    long start = System.nanoTime();
    assertCode(Ckr.DEVICE_ERROR, () -> device.call(CommandClass.KEYPAIR_GEN, Hsm::info));
    long waited = millisSince(start);
    assertTrue(waited >= 395 && waited < 400 + MARGIN_MS, "waited " + waited);
  }

  @Test
  void unplugWakesCallersWaitingOnAHang() throws Exception {
    DeviceFaults.hang(SERIAL, Duration.ofHours(1));
    CompletableFuture<HsmException> waiting =
        CompletableFuture.supplyAsync(
            () ->
                assertThrows(
                    HsmException.class, () -> device.call(CommandClass.KEYPAIR_GEN, Hsm::info)));
    Thread.sleep(30);
    DeviceFaults.unplug(SERIAL);
    HsmException e = waiting.get(1, TimeUnit.SECONDS);
    assertEquals(Ckr.TOKEN_NOT_PRESENT, e.returnCode(), e.getMessage());
  }

  @Test
  void restoreEndsAHangForWaitingCallers() throws Exception {
    DeviceFaults.hang(SERIAL, Duration.ofHours(1));
    CompletableFuture<String> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return device.call(CommandClass.KEYPAIR_GEN, Hsm::serial);
              } catch (HsmException e) {
                return e.getMessage();
              }
            });
    Thread.sleep(30);
    DeviceFaults.restore(SERIAL);
    assertEquals(SERIAL, waiting.get(1, TimeUnit.SECONDS));
  }

  @Test
  void interruptingAWaitingCallerCancelsItsCommand() throws Exception {
    DeviceFaults.hang(SERIAL, Duration.ofHours(1));
    Thread.currentThread().interrupt();
    HsmException e = assertCode(Ckr.FUNCTION_CANCELED, admin::hsmInfo);
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertTrue(e.detail().contains("interrupted"), e.detail());
  }

  @Test
  void commandThatOverrunsItsTimeoutIsADeviceErrorAndHalts() throws Exception {
    FakeTime now = new FakeTime();
    try (DeviceManager timed =
        DeviceManager.inMemory(
            config(
                "Devices = { Device00 = pcie, 3300002, factory=zeroized; }\n"
                    + "Luna = { DefaultTimeOut = 100; }"),
            now)) {
      Device slow = timed.device("3300002").orElseThrow();
      assertEquals(
          "3300002",
          slow.call(
              CommandClass.DEFAULT,
              h -> {
                now.advance(Duration.ofMillis(100));
                return h.serial();
              }));
      HsmException e =
          assertCode(
              Ckr.DEVICE_ERROR,
              () ->
                  slow.call(
                      CommandClass.DEFAULT,
                      h -> {
                        now.advance(Duration.ofMillis(101));
                        return h.serial();
                      }));
      assertTrue(e.detail().contains("timed out after 100 ms"), e.detail());
      assertCode(Ckr.DEVICE_ERROR, () -> slow.call(CommandClass.DEFAULT, Hsm::serial));
      DeviceFaults.restore("3300002");
      assertEquals("3300002", slow.call(CommandClass.DEFAULT, Hsm::serial));
    }
  }

  @Test
  void hangsEndByTheInjectedTicker() throws Exception {
    FakeTime now = new FakeTime();
    try (DeviceManager timed =
        DeviceManager.inMemory(
            config("Devices = { Device00 = usb, 3300003, factory=zeroized; }"), now)) {
      Device d = timed.device("3300003").orElseThrow();
      DeviceFaults.hang("3300003", Duration.ofSeconds(5));
      assertEquals("hung", d.condition());
      assertCode(Ckr.DEVICE_ERROR, () -> d.read(Hsm::serial));
      now.advance(Duration.ofSeconds(5));
      assertEquals("3300003", d.call(CommandClass.DEFAULT, Hsm::serial));
    }
  }

  @Test
  void unknownSerialsAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeviceFaults.unplug("9999999"));
    assertTrue(e.getMessage().contains("'9999999'"), e.getMessage());
  }

  @Test
  void closingTheManagerRemovesItsDevices() throws Exception {
    manager.close();
    assertCode(Ckr.TOKEN_NOT_PRESENT, admin::hsmInfo);
    assertThrows(IllegalArgumentException.class, () -> DeviceFaults.fail(SERIAL));
  }
}
