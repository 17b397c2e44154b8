package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever faults are injected in whatever order, and whatever another thread is calling at the
 * time, every call returns within its timeout and either succeeds or fails with {@code
 * CKR_TOKEN_NOT_PRESENT} or {@code CKR_DEVICE_ERROR}: never another code, never another exception
 * type, never a hang.
 */
class DeviceFaultPropertiesTest {
  private static final String SERIAL = "5500001";
  private static final long TIMEOUT_MS = 20;

  /** Scheduling slack on a loaded machine; a real hang would be cut off at an hour. */
  private static final long SLACK_MS = 500;

  enum Kind {
    UNPLUG,
    REPLUG,
    FAIL,
    HANG,
    RESTORE,
    ENGINE_CALL,
    SESSION_CALL,
    SLOT_CALL
  }

  record Step(Kind kind, int millis) {}

  @Provide
  Arbitrary<Step> step() {
    return Arbitraries.oneOf(
        Arbitraries.of(
                Kind.UNPLUG,
                Kind.REPLUG,
                Kind.FAIL,
                Kind.RESTORE,
                Kind.ENGINE_CALL,
                Kind.SESSION_CALL,
                Kind.SLOT_CALL)
            .map(k -> new Step(k, 0)),
        Arbitraries.integers().between(0, 3 * (int) TIMEOUT_MS).map(ms -> new Step(Kind.HANG, ms)),
        // Hangs far beyond any timeout: only the timeout can end them.
        Arbitraries.just(new Step(Kind.HANG, 3_600_000)));
  }

  @Property(tries = 25)
  void faultsAndCallsNeverHangAndFailOnlyAsDeviceFaults(
      @ForAll @Size(max = 12) List<@From("step") Step> steps) throws Exception {
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    try (DeviceManager m =
        DeviceManager.inMemory(
            config(
                "Devices = { Device00 = usb, "
                    + SERIAL
                    + ", factory=zeroized; }\nLuna = { DefaultTimeOut = "
                    + TIMEOUT_MS
                    + "; }"))) {
      Device device = m.device(SERIAL).orElseThrow();
      DeviceSlot admin = m.slots().adminSlot(SERIAL).orElseThrow();
      AtomicBoolean done = new AtomicBoolean();
      Thread background =
          new Thread(
              () -> {
                Kind[] calls = {Kind.ENGINE_CALL, Kind.SESSION_CALL, Kind.SLOT_CALL};
                for (int i = 0; !done.get(); i++) {
                  callAndCheck(calls[i % calls.length], device, admin, m, violations);
                }
              },
              "background caller");
      background.start();
      try {
        for (Step s : steps) {
          switch (s.kind()) {
            case UNPLUG -> DeviceFaults.unplug(SERIAL);
            case REPLUG -> DeviceFaults.replug(SERIAL);
            case FAIL -> DeviceFaults.fail(SERIAL);
            case HANG -> DeviceFaults.hang(SERIAL, Duration.ofMillis(s.millis()));
            case RESTORE -> DeviceFaults.restore(SERIAL);
            case ENGINE_CALL, SESSION_CALL, SLOT_CALL ->
                callAndCheck(s.kind(), device, admin, m, violations);
          }
        }
      } finally {
        done.set(true);
        background.join(TimeUnit.SECONDS.toMillis(5));
      }
      assertEquals(List.of(), violations);
      DeviceFaults.restore(SERIAL);
      assertEquals(SERIAL, admin.hsmInfo().serial());
    }
  }

  private static void callAndCheck(
      Kind kind, Device device, DeviceSlot admin, DeviceManager m, List<String> violations) {
    long start = System.nanoTime();
    try {
      switch (kind) {
        case ENGINE_CALL -> device.call(CommandClass.DEFAULT, Hsm::info);
        case SESSION_CALL ->
            device.call(
                CommandClass.DEFAULT,
                h -> {
                  h.closeSession(h.openSession(Hsm.ADMIN_PARTITION, 7, false));
                  return null;
                });
        case SLOT_CALL -> {
          admin.hsmInfo();
          admin.info();
          m.slots().list();
        }
        default -> throw new IllegalArgumentException(kind + " is not a call");
      }
    } catch (HsmException e) {
      if (e.returnCode() != Ckr.TOKEN_NOT_PRESENT && e.returnCode() != Ckr.DEVICE_ERROR) {
        violations.add(kind + " failed with " + e.getMessage());
      }
    } catch (RuntimeException e) {
      violations.add(kind + " threw " + e);
    }
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (took > TIMEOUT_MS + SLACK_MS) {
      violations.add(kind + " took " + took + " ms");
    }
  }
}
