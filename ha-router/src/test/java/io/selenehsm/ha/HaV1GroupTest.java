package io.selenehsm.ha;

import static io.selenehsm.ha.HaFixture.aesKey;
import static io.selenehsm.ha.HaFixture.login;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.firmware.sks.SmkInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** V1 groups: one SMK by SMK cloning, replication by SKS extract/insert, failover and resync. */
class HaV1GroupTest {
  private static final byte[] DATA = "v1 data".getBytes(StandardCharsets.UTF_8);
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

  private List<String> primaries() throws HsmException {
    List<String> out = new ArrayList<>();
    for (String serial : fx.serials) {
      out.add(fx.smkInfo(serial).primary());
    }
    return out;
  }

  @Test
  void membersWithTheirOwnSmksTakeTheFirstMembersAtTheOfficersLogin() throws Exception {
    fx = HaFixture.v1(3);
    List<String> own = primaries();
    assertEquals(3, own.stream().distinct().count(), "each partition made its own SMK");
    HaGroup g = fx.group();
    assertEquals(
        List.of(MemberState.ACTIVE, MemberState.DOWN, MemberState.DOWN),
        g.status().stream().map(HaMemberStatus::state).toList());
    assertTrue(g.status().get(1).lastError().contains("another SMK"), g.status().toString());
    login(g);
    assertEquals(
        List.of(MemberState.ACTIVE, MemberState.ACTIVE, MemberState.ACTIVE),
        g.status().stream().map(HaMemberStatus::state).toList(),
        g.events().toString());
    assertEquals(List.of(own.get(0), own.get(0), own.get(0)), primaries());
    for (int i = 1; i < 3; i++) {
      assertEquals(
          own.get(i),
          fx.smkInfo(fx.serials.get(i)).rollover(),
          "a member's own SMK moves to its rollover slot");
    }
  }

  @Test
  void aCryptoUserLoginCannotHandTheSmkOverSoTheMemberWaits() throws Exception {
    fx = HaFixture.v1(2);
    DeviceSlot first = fx.member(0);
    long so = first.openSession(9, true);
    first.login(so, Role.CRYPTO_OFFICER, HaFixture.CO_PW);
    first.initRole(so, Role.CRYPTO_USER, HaFixture.PW);
    first.logout(so);
    first.login(so, Role.CRYPTO_USER, HaFixture.PW);
    first.changePin(so, HaFixture.PW, HaFixture.CO_PW);
    first.closeSession(so);
    HaGroup g = fx.group();
    long s = g.openSession(HaFixture.APP, true);
    g.login(s, Role.CRYPTO_USER, HaFixture.CO_PW);
    assertEquals(MemberState.DOWN, g.status().get(1).state());
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.DOWN, g.status().get(1).state(), "no recovery can hand it over");
    assertNotEquals(
        fx.smkInfo(fx.serials.get(0)).primary(), fx.smkInfo(fx.serials.get(1)).primary());
  }

  @Test
  void objectsReplicateBySksAsTokenObjectsWithIdenticalOuids() throws Exception {
    fx = HaFixture.v1(3);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, true);
    long[] pair =
        g.generateKeyPair(
            s,
            Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
            Attributes.builder()
                .set(Cka.TOKEN, true)
                .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
                .build(),
            Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
    long session = aesKey(g, s, false);
    List<String> first = fx.tokenOuids(fx.serials.get(0));
    assertEquals(3, first.size());
    assertEquals(List.of(first, first, first), List.copyOf(fx.allTokenOuids().values()));
    assertTrue(first.contains(HexFormat.of().formatHex(g.getAttribute(s, key, Cka.OUID))));
    for (List<Long> copies : g.copiesByMember().values()) {
      assertEquals(4, copies.size(), "token and session objects on every member");
    }
    for (int i = 0; i < 6; i++) { // round robin: every member signs and decrypts
      byte[] sig = g.sign(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[1], DATA);
      g.verify(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[0], DATA, sig);
      io.selenehsm.device.Encrypted ct = g.encrypt(s, GCM, session, DATA);
      assertArrayEquals(
          DATA,
          g.decrypt(
              s,
              Mechanism.of(Ckm.AES_GCM, new GcmParams(ct.generatedIv(), new byte[0], 128)),
              session,
              ct.ciphertext()));
    }
    g.setAttributes(s, key, Attributes.builder().set(Cka.LABEL, "renamed").build());
    g.destroyObject(s, pair[0]);
    assertEquals(List.of(2, 2, 2), fx.allTokenOuids().values().stream().map(List::size).toList());
  }

  @Test
  void aLostV1MemberFailsOverAndIsResynchronisedBySks() throws Exception {
    fx = HaFixture.v1(3);
    HaGroup g = fx.group();
    long s = login(g);
    long keep = aesKey(g, s, true);
    long doomed = aesKey(g, s, true);
    DeviceFaults.unplug(fx.serials.get(1));
    for (int i = 0; i < 6; i++) {
      g.encrypt(s, GCM, keep, DATA);
    }
    assertEquals(MemberState.DOWN, g.status().get(1).state());
    g.destroyObject(s, doomed);
    long added = aesKey(g, s, true);
    DeviceFaults.replug(fx.serials.get(1));
    fx.clock.advance(HaFixture.INTERVAL);
    assertEquals(MemberState.ACTIVE, g.status().get(1).state(), g.events().toString());
    List<String> expected = fx.tokenOuids(fx.serials.get(0));
    assertEquals(2, expected.size());
    assertEquals(List.of(expected, expected, expected), List.copyOf(fx.allTokenOuids().values()));
    for (int i = 0; i < 3; i++) {
      g.encrypt(s, GCM, added, DATA);
    }
  }

  @Test
  void anSmkRolloverReachesEveryMemberAndOldBlobsStillInsert() throws Exception {
    fx = HaFixture.v1(3);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, true);
    byte[] before = g.sksExtract(s, SksExtractRequest.of(key));
    String old = fx.smkInfo(fx.serials.get(0)).primary();
    g.rolloverSmk(s);
    List<String> now = primaries();
    assertEquals(1, now.stream().distinct().count(), now.toString());
    assertNotEquals(old, now.get(0));
    for (String serial : fx.serials) {
      SmkInfo info = fx.smkInfo(serial);
      assertEquals(old, info.rollover(), serial);
    }
    assertEquals(HexFormat.of().formatHex(g.smkFingerprint().orElseThrow()), now.get(0));
    // An object sealed under the old SMK comes back through the group on every member.
    g.destroyObject(s, key);
    long[] back = g.sksInsert(s, before, null);
    assertEquals(1, back.length);
    for (List<Long> copies : g.copiesByMember().values()) {
      assertEquals(1, copies.size());
    }
    for (int i = 0; i < 3; i++) {
      g.encrypt(s, GCM, back[0], DATA);
    }
    // Objects made after the rollover still replicate.
    aesKey(g, s, true);
    List<String> first = fx.tokenOuids(fx.serials.get(0));
    assertEquals(List.of(first, first, first), List.copyOf(fx.allTokenOuids().values()));
  }

  @Test
  void extractAndDeleteThroughTheGroupRemovesEveryCopy() throws Exception {
    fx = HaFixture.v1(2);
    HaGroup g = fx.group();
    long s = login(g);
    long key = aesKey(g, s, true);
    byte[] blob = g.sksExtract(s, new SksExtractRequest(List.of(key), null, true));
    assertFalse(blob.length == 0);
    assertEquals(List.of(List.of(), List.of()), List.copyOf(fx.allTokenOuids().values()));
    long[] back = g.sksInsert(s, blob, null);
    assertEquals(2, g.copiesByMember().values().stream().mapToInt(List::size).sum());
    g.encrypt(s, GCM, back[0], DATA);
  }

  @Test
  void admissionHandsAV1JoinerTheGroupsSmkAndRefusesMisfits() throws Exception {
    fx = new HaFixture("", new int[] {1, 1, 0, 1}, new String[] {"blue", "blue", "blue", "green"});
    String groupSmk = fx.smkInfo(fx.serials.get(0)).primary();
    HaMembership.Admission first =
        HaMembership.admit("g", List.of(), fx.member(0), HaFixture.CO_PW, false);
    assertFalse(first.tookGroupSmk());
    HaMembership.Admission joined =
        HaMembership.admit("g", List.of(fx.member(0)), fx.member(1), HaFixture.CO_PW, false);
    assertTrue(joined.tookGroupSmk());
    assertEquals(groupSmk, joined.smk().orElseThrow());
    assertEquals(groupSmk, fx.smkInfo(fx.serials.get(1)).primary());
    HsmException mixed =
        org.junit.jupiter.api.Assertions.assertThrows(
            HsmException.class,
            () ->
                HaMembership.admit(
                    "g", List.of(fx.member(0)), fx.member(2), HaFixture.CO_PW, false));
    assertTrue(mixed.getMessage().contains("cannot mix V0 and V1"), mixed.getMessage());
    String greenSmk = fx.smkInfo(fx.serials.get(3)).primary();
    HsmException domain =
        org.junit.jupiter.api.Assertions.assertThrows(
            HsmException.class,
            () ->
                HaMembership.admit(
                    "g", List.of(fx.member(0)), fx.member(3), HaFixture.CO_PW, false));
    assertTrue(domain.getMessage().contains("another cloning domain"), domain.getMessage());
    assertEquals(greenSmk, fx.smkInfo(fx.serials.get(3)).primary(), "untouched");
    HsmException pin =
        org.junit.jupiter.api.Assertions.assertThrows(
            HsmException.class,
            () ->
                HaMembership.admit(
                    "g", List.of(fx.member(0)), fx.member(1), "wrong-pass".toCharArray(), false));
    assertEquals(io.selenehsm.firmware.rc.Ckr.PIN_INCORRECT, pin.returnCode());
  }
}
