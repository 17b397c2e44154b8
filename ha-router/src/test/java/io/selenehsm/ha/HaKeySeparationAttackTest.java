package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Key separation through an HA group. The engine commits a key's purpose on the member that serves
 * its first use; the group must commit it on every member, or an attacker could encrypt on one
 * member and wrap on another (wrap a sensitive key K under W, decrypt the blob with W). Each test
 * runs the attack through the group, on every member in turn, and reads every member's copy
 * directly.
 */
class HaKeySeparationAttackTest {
  private static final Mechanism CBC_PAD = cbcPad();

  private static Mechanism cbcPad() {
    try {
      return Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(new byte[16]));
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HaSettings balancing(LoadBalancing lb) {
    return HaSettings.defaults().withLoadBalancing(lb);
  }

  /** An AES-256 token key with the default template: uncommitted. */
  private static long defaultAes(HaGroup g, long s) throws HsmException {
    return g.generateKey(
        s,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.TOKEN, true)
            .build());
  }

  /** The attacker's target: sensitive, extractable so that it may be wrapped. */
  private static long target(HaGroup g, long s, long bytes) throws HsmException {
    return g.generateKey(
        s,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, bytes)
            .set(Cka.TOKEN, true)
            .set(Cka.EXTRACTABLE, true)
            .build());
  }

  private static void refused(Executable attack) {
    HsmException e = assertThrows(HsmException.class, attack);
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode(), e.getMessage());
  }

  /** Each member's copy of a group object, read through the member's own slot. */
  private static List<Attributes> copies(HaFixture fx, HaGroup g, long s, long handle)
      throws HsmException {
    byte[] ouid = g.getAttribute(s, handle, Cka.OUID);
    List<Attributes> out = new ArrayList<>();
    for (String serial : fx.serials) {
      DeviceSlot slot = fx.member(serial);
      long ms = slot.openSession(4244, true);
      try {
        slot.login(ms, Role.CRYPTO_OFFICER, HaFixture.CO_PW);
        List<Long> found = slot.findObjects(ms, Attributes.builder().set(Cka.OUID, ouid).build());
        assertEquals(1, found.size(), "copies on " + serial);
        out.add(slot.getAttributes(ms, found.get(0)));
      } finally {
        slot.closeSession(ms);
      }
    }
    return out;
  }

  @Test
  void roundRobinKeyThatEncryptedCannotWrapOnAnyMember() throws Exception {
    try (HaFixture fx = HaFixture.v0(3)) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      long w = defaultAes(g, s);
      long k = target(g, s, 32);
      byte[] ct = g.encrypt(s, CBC_PAD, w, new byte[16]).ciphertext();
      for (int i = 0; i < 3; i++) { // round robin: every member serves one attempt
        assertArrayEquals(new byte[16], g.decrypt(s, CBC_PAD, w, ct));
        refused(() -> g.wrapKey(s, CBC_PAD, w, k));
      }
      for (Attributes copy : copies(fx, g, s, w)) {
        assertFalse(copy.bool(Cka.WRAP, true), copy.toString());
        assertFalse(copy.bool(Cka.UNWRAP, true), copy.toString());
        assertTrue(copy.bool(Cka.ENCRYPT, false) && copy.bool(Cka.DECRYPT, false));
      }
    }
  }

  @Test
  void roundRobinKeyThatWrappedCannotDecryptTheBlobOnAnyMember() throws Exception {
    try (HaFixture fx = HaFixture.v0(3)) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      long w = defaultAes(g, s);
      long k = target(g, s, 32);
      byte[] wrapped = g.wrapKey(s, CBC_PAD, w, k);
      for (int i = 0; i < 3; i++) {
        refused(() -> g.decrypt(s, CBC_PAD, w, wrapped));
        refused(() -> g.encrypt(s, CBC_PAD, w, new byte[16]));
        refused(() -> g.decryptInit(s, CBC_PAD, w));
      }
      for (Attributes copy : copies(fx, g, s, w)) {
        assertFalse(copy.bool(Cka.ENCRYPT, true), copy.toString());
        assertFalse(copy.bool(Cka.DECRYPT, true), copy.toString());
        assertTrue(copy.bool(Cka.WRAP, false) && copy.bool(Cka.UNWRAP, false));
      }
    }
  }

  @Test
  void pickFirstFailoverAfterAMultiPartEncryptDoesNotReopenWrapping() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup g = fx.group(balancing(LoadBalancing.PICK_FIRST));
      long s = HaFixture.login(g);
      long w = defaultAes(g, s);
      long k = target(g, s, 32);
      g.encryptInit(s, CBC_PAD, w);
      g.encryptFinal(s);
      for (Attributes copy : copies(fx, g, s, w)) {
        assertFalse(copy.bool(Cka.WRAP, true), copy.toString());
      }
      DeviceFaults.unplug(fx.serials.get(0)); // the member that served the encrypt
      refused(() -> g.wrapKey(s, CBC_PAD, w, k));
      assertEquals(MemberState.DOWN, g.status().get(0).state(), "the wrap failed over");
    }
  }

  @Test
  void rsaPrivateKeyThatDecryptedCannotUnwrapOnAnyMemberAndConversely() throws Exception {
    // Two RSA-3072 key pairs: on a busy host one takes longer than the short keygen timeout,
    // which would halt the member and fail the test for the wrong reason.
    try (HaFixture fx =
        new HaFixture(
            "Luna = { DefaultTimeOut = 1500; KeypairGenTimeOut = 30000;"
                + " CloningCommandTimeout = 3000; }\n",
            "",
            new int[2],
            new String[] {"blue", "blue"})) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      Mechanism oaep =
          Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA256, new byte[0]));
      Attributes token = Attributes.builder().set(Cka.TOKEN, true).build();
      long[] decrypting =
          g.generateKeyPair(
              s,
              Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
              token.toBuilder().set(Cka.MODULUS_BITS, 3072L).build(),
              token);
      byte[] ct = g.encrypt(s, oaep, decrypting[0], new byte[16]).ciphertext();
      assertArrayEquals(new byte[16], g.decrypt(s, oaep, decrypting[1], ct));
      Attributes secret =
          Attributes.builder().set(Cka.CLASS, Cko.SECRET_KEY).set(Cka.KEY_TYPE, Ckk.AES).build();
      for (int i = 0; i < 2; i++) {
        refused(() -> g.unwrapKey(s, oaep, decrypting[1], ct, secret));
      }
      for (Attributes copy : copies(fx, g, s, decrypting[1])) {
        assertFalse(copy.bool(Cka.UNWRAP, true), copy.toString());
      }

      long[] wrapping =
          g.generateKeyPair(
              s,
              Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
              token.toBuilder().set(Cka.MODULUS_BITS, 3072L).build(),
              token);
      byte[] wrapped = g.wrapKey(s, oaep, wrapping[0], target(g, s, 16));
      for (int i = 0; i < 2; i++) {
        refused(() -> g.decrypt(s, oaep, wrapping[1], wrapped));
      }
      for (Attributes copy : copies(fx, g, s, wrapping[1])) {
        assertFalse(copy.bool(Cka.DECRYPT, true), copy.toString());
      }
    }
  }

  @Test
  void racingFirstUsesOfBothKindsLeaveOneKindOnEveryMember() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      long k = target(g, s, 16);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 5; round++) {
          long w = defaultAes(g, s);
          CyclicBarrier start = new CyclicBarrier(2);
          Callable<Boolean> encrypt =
              () -> {
                start.await();
                return succeeds(() -> g.encrypt(s, CBC_PAD, w, new byte[16]));
              };
          Callable<Boolean> wrap =
              () -> {
                start.await();
                return succeeds(() -> g.wrapKey(s, CBC_PAD, w, k));
              };
          Future<Boolean> e = pool.submit(encrypt);
          Future<Boolean> r = pool.submit(wrap);
          assertTrue(e.get() ^ r.get(), "exactly one kind of use succeeds");
          for (Attributes copy : copies(fx, g, s, w)) {
            assertEquals(e.get(), copy.bool(Cka.ENCRYPT, false), copy.toString());
            assertEquals(r.get(), copy.bool(Cka.WRAP, false), copy.toString());
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @FunctionalInterface
  private interface Use {
    Object run() throws HsmException;
  }

  private static boolean succeeds(Use use) {
    try {
      use.run();
      return true;
    } catch (HsmException ex) {
      assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, ex.returnCode(), ex.getMessage());
      return false;
    }
  }

  @Test
  void aMemberAwayDuringTheCommitIsCommittedWhenItRejoinsAndKeepsItsCopy() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      long w = defaultAes(g, s);
      long k = target(g, s, 32);
      String away = fx.serials.get(1);
      long before = handleOn(fx, away, g.getAttribute(s, w, Cka.OUID));
      DeviceFaults.unplug(away);
      g.encrypt(s, CBC_PAD, w, new byte[16]);
      g.encrypt(s, CBC_PAD, w, new byte[16]); // one of the two finds the member gone
      fx.heal(g, List.of(away));
      assertTrue(
          g.status().stream().allMatch(st -> st.state() == MemberState.ACTIVE),
          g.status().toString());
      assertEquals(
          before,
          handleOn(fx, away, g.getAttribute(s, w, Cka.OUID)),
          "the returning copy is matched and committed, not destroyed and cloned again");
      for (Attributes copy : copies(fx, g, s, w)) {
        assertFalse(copy.bool(Cka.WRAP, true), copy.toString());
      }
      for (int i = 0; i < 2; i++) {
        refused(() -> g.wrapKey(s, CBC_PAD, w, k));
      }
    }
  }

  private static long handleOn(HaFixture fx, String serial, byte[] ouid) throws HsmException {
    DeviceSlot slot = fx.member(serial);
    long ms = slot.openSession(4245, true);
    try {
      slot.login(ms, Role.CRYPTO_OFFICER, HaFixture.CO_PW);
      List<Long> found = slot.findObjects(ms, Attributes.builder().set(Cka.OUID, ouid).build());
      assertEquals(1, found.size());
      return found.get(0);
    } finally {
      slot.closeSession(ms);
    }
  }

  @Test
  void aCopyItsMemberCommittedAloneGivesTheGroupItsCommitment() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      long w = defaultAes(g, s);
      long k = target(g, s, 32);
      // The first member commits its copy on its own, outside the group.
      DeviceSlot first = fx.member(0);
      long ms = first.openSession(4246, true);
      first.login(ms, Role.CRYPTO_OFFICER, HaFixture.CO_PW);
      first.encrypt(
          ms,
          CBC_PAD,
          handleOn(fx, fx.serials.get(0), g.getAttribute(s, w, Cka.OUID)),
          new byte[16]);
      first.closeSession(ms);
      g.resynchronize();
      for (int i = 0; i < 2; i++) {
        refused(() -> g.wrapKey(s, CBC_PAD, w, k));
      }
      for (Attributes copy : copies(fx, g, s, w)) {
        assertFalse(copy.bool(Cka.WRAP, true), copy.toString());
        assertTrue(copy.bool(Cka.ENCRYPT, false), copy.toString());
      }
    }
  }

  @Test
  void aSessionThatMayNotChangeTheKeyCommitsItByUseOnEveryMember() throws Exception {
    try (HaFixture fx = HaFixture.v0(3)) {
      HaGroup g = fx.group(balancing(LoadBalancing.ROUND_ROBIN));
      long s = HaFixture.login(g);
      long readOnly = g.openSession(HaFixture.APP, false); // token keys need read-write to change
      long w = defaultAes(g, s);
      long k = target(g, s, 32);
      byte[] ct = g.encrypt(readOnly, CBC_PAD, w, new byte[16]).ciphertext();
      for (int i = 0; i < 3; i++) {
        refused(() -> g.wrapKey(readOnly, CBC_PAD, w, k));
        assertArrayEquals(new byte[16], g.decrypt(readOnly, CBC_PAD, w, ct));
      }
      for (Attributes copy : copies(fx, g, s, w)) {
        assertFalse(copy.bool(Cka.WRAP, true), copy.toString());
        assertFalse(copy.bool(Cka.UNWRAP, true), copy.toString());
      }

      long fixed =
          g.generateKey(
              s,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, Ckk.AES)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.TOKEN, true)
                  .set(Cka.MODIFIABLE, false)
                  .build());
      byte[] wrapped = g.wrapKey(s, CBC_PAD, fixed, k);
      for (int i = 0; i < 3; i++) {
        refused(() -> g.decrypt(s, CBC_PAD, fixed, wrapped));
      }
      for (Attributes copy : copies(fx, g, s, fixed)) {
        assertFalse(copy.bool(Cka.DECRYPT, true), copy.toString());
        assertFalse(copy.bool(Cka.ENCRYPT, true), copy.toString());
      }
    }
  }
}
