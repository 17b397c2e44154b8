package io.selenehsm.ha;

import static io.selenehsm.ha.HaFixture.aesKey;
import static io.selenehsm.ha.HaFixture.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.config.HaConfiguration.RecoveryMode;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group that lost every member: it probes fast (with backoff) until one returns, serves within a
 * second of the group's clock after that, logs the loss once, offers a forced probe ({@code hagroup
 * recover}), and keeps or ends the application's sessions as {@code VirtualTokenActiveRecovery}
 * says.
 */
class HaTotalLossTest {
  private static final byte[] DATA = new byte[32];
  private static final Mechanism GCM = gcm();
  private static final Duration STEP = Duration.ofMillis(10);
  private HaFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.serials.forEach(DeviceFaults::restore);
      fx.close();
    }
  }

  private static Mechanism gcm() {
    try {
      return Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128));
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(HaGroup g, HaEvent.Kind kind) {
    return g.events().stream().filter(e -> e.kind() == kind).count();
  }

  /** Recovery attempts since member {@code i} was lost. */
  private static long attemptsOn(HaGroup g, int i) {
    return g.status().get(i).recoveryAttempts();
  }

  private void loseEveryMember(HaGroup g, long s, long key) {
    fx.serials.forEach(DeviceFaults::unplug);
    HsmException e = assertThrows(HsmException.class, () -> g.encrypt(s, GCM, key, DATA));
    assertEquals(Ckr.TOKEN_NOT_PRESENT, e.returnCode());
  }

  /** Advances the group clock in small steps until a member serves; returns how long it took. */
  private Duration untilServing(HaGroup g, Duration limit) {
    Duration waited = Duration.ZERO;
    while (g.status().stream().noneMatch(st -> st.state() == MemberState.ACTIVE)) {
      assertTrue(
          waited.compareTo(limit) < 0, "no member rejoined within " + limit + ": " + g.status());
      fx.clock.advance(STEP);
      waited = waited.plus(STEP);
    }
    return waited;
  }

  @Test
  void afterATotalLossTheGroupServesWithinASecondOfAMemberReturning() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group(); // AutoReconnectInterval 60 s
    long s = login(g);
    long key = aesKey(g, s, true);
    loseEveryMember(g, s, key);
    fx.clock.advance(Duration.ofMinutes(10)); // a long outage: the backoff reaches its cap
    long probesDuringOutage = attemptsOn(g, 0);
    assertTrue(
        probesDuringOutage >= 590,
        "about a probe a second while lost, not one a minute: " + probesDuringOutage);

    DeviceFaults.replug(fx.serials.get(0));
    Duration back = untilServing(g, Duration.ofSeconds(5));
    assertTrue(
        back.compareTo(HaGroup.LOST_PROBE_MAX.plus(STEP)) <= 0,
        "serving " + back.toMillis() + " ms (group clock) after the member returned");
    g.encrypt(s, GCM, key, DATA); // same session and login (activeEnhanced, the API default)

    // Serving again, the member still missing goes back to the AutoReconnectInterval pace.
    fx.clock.advance(Duration.ofSeconds(2));
    long before = attemptsOn(g, 1);
    fx.clock.advance(Duration.ofSeconds(50));
    assertEquals(before, attemptsOn(g, 1), "no fast probing once serving");
    fx.clock.advance(Duration.ofSeconds(15));
    assertEquals(before + 1, attemptsOn(g, 1));
  }

  @Test
  void theFirstProbesAfterALossComeQuicklyAndBackOff() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, true);
    loseEveryMember(g, s, key);
    // 100 + 200 + 400 ms: three probes in the first 0.7 s, then one a second.
    fx.clock.advance(Duration.ofMillis(700));
    assertEquals(3, attemptsOn(g, 0));
    fx.clock.advance(Duration.ofMillis(800)); // 1.5 s: the 800 ms probe is due
    assertEquals(4, attemptsOn(g, 0));
    fx.clock.advance(Duration.ofSeconds(10));
    assertEquals(14, attemptsOn(g, 0), "capped at one a second");
    DeviceFaults.replug(fx.serials.get(1));
    assertTrue(untilServing(g, Duration.ofSeconds(2)).compareTo(Duration.ofMillis(1010)) <= 0);
  }

  @Test
  void groupLostIsLoggedOncePerLossHoweverManyCallsFail() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, true);
    for (int loss = 1; loss <= 2; loss++) {
      fx.serials.forEach(DeviceFaults::unplug);
      int threads = 6;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    go.await();
                    long own = g.openSession(HaFixture.APP, true);
                    for (int i = 0; i < 20; i++) {
                      g.encrypt(own, GCM, key, DATA);
                    }
                  } catch (HsmException | InterruptedException e) {
                    // expected: every member is gone
                  }
                });
        th.start();
        callers.add(th);
      }
      go.countDown();
      for (int i = 0; i < 20; i++) {
        assertThrows(HsmException.class, () -> g.encrypt(s, GCM, key, DATA));
      }
      for (Thread th : callers) {
        th.join(10_000);
      }
      fx.clock.advance(Duration.ofMinutes(30)); // a long outage logs the loss no second time
      assertEquals(loss, count(g, HaEvent.Kind.GROUP_LOST), g.events().toString());
      DeviceFaults.restore(fx.serials.get(0));
      untilServing(g, Duration.ofSeconds(2));
      assertEquals(loss, count(g, HaEvent.Kind.GROUP_RECOVERED));
      fx.heal(g, fx.serials);
      g.encrypt(s, GCM, key, DATA);
    }
  }

  @Test
  void recoverProbesAtOnceEvenWithAutoRecoveryOffOrGivenUp() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup g = fx.group(HaSettings.defaults().withReconnectAttempts(1));
    long s = login(g);
    long key = aesKey(g, s, true);
    DeviceFaults.unplug(fx.serials.get(1));
    DeviceFaults.unplug(fx.serials.get(2));
    for (int i = 0; i < 4; i++) {
      g.encrypt(s, GCM, key, DATA);
    }
    fx.clock.advance(HaFixture.INTERVAL); // the one attempt fails: both are out
    assertEquals(
        List.of(MemberState.ACTIVE, MemberState.OUT, MemberState.OUT),
        g.status().stream().map(HaMemberStatus::state).toList());
    DeviceFaults.replug(fx.serials.get(1));
    List<HaMemberStatus> after = g.recover(); // no clock advance: the probe is forced
    // The one still unplugged failed its forced probe and, reconnAtt spent, stays out.
    assertEquals(
        List.of(MemberState.ACTIVE, MemberState.ACTIVE, MemberState.OUT),
        after.stream().map(HaMemberStatus::state).toList());
    assertEquals(
        fx.tokenOuids(fx.serials.get(0)),
        fx.tokenOuids(fx.serials.get(1)),
        "resynchronised before it rejoined");
  }

  @Test
  void activeBasicEndsTheSessionsOfALostGroupActiveEnhancedKeepsThem() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group(HaSettings.defaults().withRecoveryMode(RecoveryMode.ACTIVE_BASIC));
    long s = login(g);
    long key = aesKey(g, s, true);
    DeviceFaults.unplug(fx.serials.get(1));
    g.encrypt(s, GCM, key, DATA); // one member lost: sessions stay in either mode
    DeviceFaults.unplug(fx.serials.get(0));
    assertThrows(HsmException.class, () -> g.encrypt(s, GCM, key, DATA));
    fx.heal(g, fx.serials);
    HsmException e = assertThrows(HsmException.class, () -> g.encrypt(s, GCM, key, DATA));
    assertEquals(Ckr.SESSION_HANDLE_INVALID, e.returnCode());
    assertTrue(e.getMessage().contains("activeBasic"), e.getMessage());
    g.closeSession(s); // closing what the loss ended is quiet
    long fresh = login(g);
    List<Long> tokens = g.findObjects(fresh, Attributes.builder().set(Cka.TOKEN, true).build());
    assertEquals(List.of(key), tokens, "token objects outlive the sessions");
    g.encrypt(fresh, GCM, key, DATA);
  }
}
