package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measures, on the real clock and the production scheduler, the time from a member's return after a
 * loss of every member to the first successful call through the group. It prints the measurement
 * (quoted in ha-router/README.md) and asserts only that every trial recovers, since wall-clock
 * figures on a shared machine are no unit-test material.
 */
class HaWallClockRecoveryTest {
  private static final int TRIALS = 5;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void measureTimeFromMemberReturnToFirstSuccessfulCall() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup.Builder b =
          HaGroup.builder()
              .label("wall")
              .serial("99002")
              .settings(HaSettings.defaults())
              .time(TimeSource.system());
      fx.serials.forEach(s -> b.member(fx.member(s)));
      HaGroup g = b.register(fx.manager.slots());
      try {
        long s = HaFixture.login(g);
        long key = HaFixture.aesKey(g, s, true);
        Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128));
        List<Long> millis = new ArrayList<>();
        for (int t = 0; t < TRIALS; t++) {
          fx.serials.forEach(DeviceFaults::unplug);
          try {
            g.encrypt(s, gcm, key, new byte[16]);
          } catch (HsmException expected) {
            // every member is gone
          }
          Thread.sleep(3_000); // a settled outage: the probe backoff has reached its cap
          String back = fx.serials.get(t % 2);
          DeviceFaults.replug(back);
          long start = System.nanoTime();
          while (true) {
            try {
              g.encrypt(s, gcm, key, new byte[16]);
              break;
            } catch (HsmException e) {
              Thread.sleep(1);
            }
          }
          millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          fx.serials.forEach(DeviceFaults::restore);
          long healDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          g.recover(); // bring the other member back before the next trial
          while (g.status().stream().anyMatch(st -> st.state() != MemberState.ACTIVE)) {
            assertTrue(System.nanoTime() < healDeadline, g.status().toString());
            Thread.sleep(10);
            g.recover();
          }
        }
        System.out.println(
            "HA recovery after a total loss, member return -> first successful"
                + " call (wall clock, ms): "
                + millis
                + ", max "
                + millis.stream().mapToLong(Long::longValue).max().orElse(0));
        assertTrue(millis.size() == TRIALS);
      } finally {
        g.close();
      }
    }
  }
}
