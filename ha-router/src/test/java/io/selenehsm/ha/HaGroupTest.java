package io.selenehsm.ha;

import static io.selenehsm.ha.HaFixture.aesKey;
import static io.selenehsm.ha.HaFixture.login;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replication, balancing, failover and recovery of one HA group over in-memory devices. */
class HaGroupTest {
  private static final byte[] DATA = "ha data".getBytes(StandardCharsets.UTF_8);
  private Mechanism GCM;
  private HaFixture fx;

  @org.junit.jupiter.api.BeforeEach
  void setUp() throws HsmException {
    GCM = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128));
  }

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.serials.forEach(DeviceFaults::restore);
      fx.close();
    }
  }

  private static long[] ecPair(HaGroup g, long s) throws HsmException {
    try {
      return g.generateKeyPair(
          s,
          Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
          Attributes.builder()
              .set(Cka.TOKEN, true)
              .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
              .build(),
          Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(HaGroup g, HaEvent.Kind kind) {
    return g.events().stream().filter(e -> e.kind() == kind).count();
  }

  @Test
  void objectsAreOnEveryMemberWithIdenticalOuids() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, true);
    long[] pair = ecPair(g, s);
    List<String> first = fx.tokenOuids(fx.serials.get(0));
    assertEquals(3, first.size());
    assertEquals(List.of(first, first, first), List.copyOf(fx.allTokenOuids().values()));
    assertTrue(
        first.contains(java.util.HexFormat.of().formatHex(g.getAttribute(s, key, Cka.OUID))));
    assertEquals(
        List.of(key, pair[0], pair[1]),
        g.findObjects(s, Attributes.builder().set(Cka.TOKEN, true).build()),
        "partition contents through the HA slot");
    g.destroyObject(s, key);
    assertEquals(2, fx.tokenOuids(fx.serials.get(2)).size());
  }

  @Test
  void singlePartOperationsWorkOnEveryMember() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, false);
    long[] pair = ecPair(g, s);
    for (int i = 0; i < 9; i++) { // round robin: each member serves three of each
      io.selenehsm.device.Encrypted ct = g.encrypt(s, GCM, key, DATA);
      assertArrayEquals(
          DATA,
          g.decrypt(
              s,
              Mechanism.of(Ckm.AES_GCM, new GcmParams(ct.generatedIv(), new byte[0], 128)),
              key,
              ct.ciphertext()));
      byte[] sig = g.sign(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[1], DATA);
      g.verify(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[0], DATA, sig);
    }
  }

  @Test
  void roundRobinReachesEveryMemberAndPickFirstStaysOnTheFirst() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup rr = fx.group();
    long s = login(rr);
    long key = aesKey(rr, s, true);
    DeviceFaults.fail(fx.serials.get(2));
    for (int i = 0; i < 3; i++) {
      rr.encrypt(s, GCM, key, DATA);
    }
    assertEquals(MemberState.DOWN, rr.status().get(2).state(), "round robin reached member 3");
    DeviceFaults.restore(fx.serials.get(2));
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.ACTIVE, rr.status().get(2).state());
    rr.closeSession(s);
    rr.close();

    HaGroup pf = fx.group(HaSettings.defaults().withLoadBalancing(LoadBalancing.PICK_FIRST));
    long p = login(pf);
    long k2 = aesKey(pf, p, true);
    // The key's first use commits its purpose on every member (key separation); the routing
    // under test is that of the uses after it.
    pf.encrypt(p, GCM, k2, DATA);
    DeviceFaults.fail(fx.serials.get(1));
    for (int i = 0; i < 10; i++) {
      pf.encrypt(p, GCM, k2, DATA);
    }
    assertEquals(MemberState.ACTIVE, pf.status().get(1).state(), "pick first never used member 2");
  }

  @Test
  void aLostMemberIsFailedOverResynchronisedAndRejoins() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup g = fx.group();
    long s = login(g);
    long keep = aesKey(g, s, true);
    long doomed = aesKey(g, s, true);
    DeviceFaults.unplug(fx.serials.get(1));
    for (int i = 0; i < 6; i++) {
      g.encrypt(s, GCM, keep, DATA); // never fails: the lost member is skipped
    }
    assertEquals(MemberState.DOWN, g.status().get(1).state());
    g.destroyObject(s, doomed);
    long added = aesKey(g, s, true);
    g.setAttributes(s, keep, Attributes.builder().set(Cka.LABEL, "renamed").build());
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.DOWN, g.status().get(1).state(), "still unplugged");
    DeviceFaults.replug(fx.serials.get(1));
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.ACTIVE, g.status().get(1).state(), g.events().toString());
    List<String> expected = fx.tokenOuids(fx.serials.get(0));
    assertEquals(2, expected.size());
    assertEquals(List.of(expected, expected, expected), List.copyOf(fx.allTokenOuids().values()));
    assertTrue(count(g, HaEvent.Kind.RESYNC) > 0);
    assertTrue(count(g, HaEvent.Kind.MEMBER_REJOINED) == 1);
    // The rejoined member serves the changed object with its new label.
    for (int i = 0; i < 3; i++) {
      assertEquals(
          "renamed", new String(g.getAttribute(s, keep, Cka.LABEL), StandardCharsets.UTF_8));
      g.encrypt(s, GCM, added, DATA);
    }
  }

  @Test
  void withEveryMemberLostCallsFailFastAndTheGroupHealsByItself() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group(HaSettings.defaults().withReconnectAttempts(1));
    long s = login(g);
    long key = aesKey(g, s, false);
    fx.serials.forEach(DeviceFaults::unplug);
    long start = System.nanoTime();
    HsmException e = assertThrows(HsmException.class, () -> g.encrypt(s, GCM, key, DATA));
    assertEquals(Ckr.TOKEN_NOT_PRESENT, e.returnCode());
    assertTrue(e.getMessage().contains("HA group ha has no active member"), e.getMessage());
    assertThrows(HsmException.class, () -> g.encrypt(s, GCM, key, DATA));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "fails fast");
    for (int i = 0; i < 3; i++) {
      fx.clock.advance(HaFixture.INTERVAL); // reconnAtt = 1, but a lost group keeps trying
    }
    fx.serials.forEach(DeviceFaults::replug);
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(
        List.of(MemberState.ACTIVE, MemberState.ACTIVE),
        g.status().stream().map(HaMemberStatus::state).toList());
    long again = aesKey(g, s, true); // same session, no new login: context was kept
    g.encrypt(s, GCM, again, DATA);
    assertTrue(count(g, HaEvent.Kind.GROUP_LOST) >= 1);
    assertTrue(count(g, HaEvent.Kind.GROUP_RECOVERED) >= 1);
  }

  @Test
  void reconnAttLimitsRecoveryAndRecoverMemberBringsItBack() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group(HaSettings.defaults().withReconnectAttempts(2));
    long s = login(g);
    long key = aesKey(g, s, true);
    DeviceFaults.unplug(fx.serials.get(1));
    g.encrypt(s, GCM, key, DATA);
    g.encrypt(s, GCM, key, DATA);
    fx.clock.advance(HaFixture.INTERVAL);
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.OUT, g.status().get(1).state());
    assertEquals(0, fx.clock.pending(), "no more probes");
    DeviceFaults.replug(fx.serials.get(1));
    g.recoverMember(g.status().get(1).serial());
    fx.clock.advance(Duration.ZERO);
    assertEquals(MemberState.ACTIVE, g.status().get(1).state());
  }

  @Test
  void aHungMemberIsBoundedByTheCommandTimeoutAndNeverStallsProbes() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group(HaSettings.defaults().withProbeTimeout(Duration.ofMillis(300)));
    long s = login(g);
    long key = aesKey(g, s, true);
    DeviceFaults.hang(fx.serials.get(1), Duration.ofHours(1));
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      g.encrypt(s, GCM, key, DATA);
    }
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    assertEquals(MemberState.DOWN, g.status().get(1).state());
    long probeStart = System.nanoTime();
    fx.clock.advance(HaFixture.INTERVAL);
    assertTrue(System.nanoTime() - probeStart < Duration.ofSeconds(2).toNanos(), "probe bounded");
    assertEquals(MemberState.DOWN, g.status().get(1).state());
    DeviceFaults.restore(fx.serials.get(1));
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.ACTIVE, g.status().get(1).state());
  }

  @Test
  void aMultiPartOperationStaysOnOneMember() throws Exception {
    fx = HaFixture.v0(3);
    HaGroup g = fx.group();
    long s = login(g);
    long[] pair = ecPair(g, s);
    g.signInit(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[1]);
    g.signUpdate(s, DATA);
    g.signUpdate(s, DATA);
    byte[] sig = g.signFinal(s);
    byte[] both = new byte[DATA.length * 2];
    System.arraycopy(DATA, 0, both, 0, DATA.length);
    System.arraycopy(DATA, 0, both, DATA.length, DATA.length);
    g.verify(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[0], both, sig);

    g.digestInit(s, Mechanism.of(Ckm.SHA256));
    g.digestUpdate(s, DATA);
    fx.serials.forEach(DeviceFaults::unplug);
    DeviceFaults.replug(fx.serials.get(0));
    HsmException e = assertThrows(HsmException.class, () -> g.digestFinal(s));
    assertTrue(e.getMessage().contains("multi-part"), e.getMessage());
    assertThrows(HsmException.class, () -> g.digestFinal(s), "the operation ended");
  }

  @Test
  void sessionObjectsAreOnEveryMemberAndSurviveAFailover() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, false);
    io.selenehsm.device.Encrypted ct = g.encrypt(s, GCM, key, DATA);
    DeviceFaults.unplug(fx.serials.get(0));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(
          DATA,
          g.decrypt(
              s,
              Mechanism.of(Ckm.AES_GCM, new GcmParams(ct.generatedIv(), new byte[0], 128)),
              key,
              ct.ciphertext()));
    }
    DeviceFaults.replug(fx.serials.get(0));
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.ACTIVE, g.status().get(0).state());
    DeviceFaults.unplug(fx.serials.get(1));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(
          DATA,
          g.decrypt(
              s,
              Mechanism.of(Ckm.AES_GCM, new GcmParams(ct.generatedIv(), new byte[0], 128)),
              key,
              ct.ciphertext()),
          "the session key was cloned back into the rejoined member's new session");
    }
  }

  @Test
  void adminCommandsAreRefusedOnTheVirtualSlot() throws Exception {
    fx = HaFixture.v0(2);
    HaGroup g = fx.group();
    HsmException e = assertThrows(HsmException.class, () -> g.zeroize(1));
    assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode());
    assertEquals(io.selenehsm.device.SlotInfo.Kind.HA_VIRTUAL, g.info().kind());
    assertEquals("ha", g.info().label());
    assertEquals("99001", g.info().tokenSerial());
  }
}
