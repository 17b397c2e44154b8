package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member that hangs holds a call for the group's failover timeout ({@code haFailoverTimeout}),
 * not for the device's command timeout ({@code DefaultTimeOut}, here 500 s as in the shipped
 * selene.conf); then the call fails over and succeeds on another member. The group's clock is the
 * injected one, so the test decides when the timeout has passed.
 */
class HaFailoverTimeoutTest {
  private static final String SHIPPED_TIMEOUTS =
      "Luna = { DefaultTimeOut = 500000;"
          + " KeypairGenTimeOut = 2700000; CloningCommandTimeout = 300000; }\n";
  private HaFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.serials.forEach(DeviceFaults::restore);
      fx.close();
    }
  }

  @Test
  void aHungMemberDelaysACallByTheFailoverTimeoutThenTheCallFailsOver() throws Exception {
    fx = new HaFixture(SHIPPED_TIMEOUTS, "", new int[2], new String[] {"blue", "blue"});
    HaGroup g =
        fx.group(
            HaSettings.defaults()
                .withLoadBalancing(LoadBalancing.PICK_FIRST)
                .withFailoverTimeout(Duration.ofSeconds(2))
                .withProbeTimeout(Duration.ofMillis(200)));
    long s = HaFixture.login(g);
    long key = HaFixture.aesKey(g, s, true);
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128));
    DeviceFaults.hang(fx.serials.get(0), Duration.ofHours(1));

    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicBoolean interruptLeaked = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.set(g.encrypt(s, gcm, key, new byte[16]));
              } catch (HsmException e) {
                outcome.set(e);
              }
              interruptLeaked.set(Thread.currentThread().isInterrupted());
            },
            "ha-hung-caller");
    caller.start();

    Thread.sleep(400);
    assertTrue(caller.isAlive(), "waiting on the hung first member");
    fx.clock.advance(Duration.ofMillis(1900));
    Thread.sleep(600); // the watchdog polls in real time; 1.9 s of group time is not enough
    assertTrue(caller.isAlive(), "no failover before the failover timeout: " + outcome.get());

    fx.clock.advance(Duration.ofMillis(100));
    caller.join(10_000);
    assertFalse(caller.isAlive(), "the call failed over once the timeout passed");
    assertTrue(
        outcome.get() instanceof io.selenehsm.device.Encrypted,
        "served by the other member: " + outcome.get());
    assertFalse(interruptLeaked.get(), "the cancellation leaves no interrupt behind");
    HaMemberStatus hung = g.status().get(0);
    assertEquals(MemberState.DOWN, hung.state());
    assertTrue(hung.lastError().contains("haFailoverTimeout"), hung.lastError());

    // Later calls go straight to the healthy member; the hang never costs a call again.
    long start = System.nanoTime();
    g.encrypt(s, gcm, key, new byte[16]);
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    DeviceFaults.restore(fx.serials.get(0));
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.ACTIVE, g.status().get(0).state());
    assertNull(g.status().get(0).lastError());
  }
}
