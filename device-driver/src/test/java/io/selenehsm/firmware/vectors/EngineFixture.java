package io.selenehsm.firmware.vectors;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-memory HSM with a partition (private key wrapping, non-sensitive unwrap and dual-purpose
 * keys allowed) whose Crypto Officer is logged in on {@link #session}, plus helpers that import
 * caller-held key material as objects the way an application would (C_CreateObject). Keys are
 * session objects unless asked otherwise; {@link #destroyAll} drops the ones made since the last
 * call, so long vector runs do not pile up objects.
 */
final class EngineFixture {
  private static final char[] PW = "password1".toCharArray();

  final Hsm hsm;
  final HsmCrypto crypto;
  final long session;
  private final List<Long> made = new ArrayList<>();

  private EngineFixture(Hsm hsm, long session) {
    this.hsm = hsm;
    this.crypto = hsm.crypto();
    this.session = session;
  }

  static EngineFixture open(String serial) {
    try {
      Hsm hsm = Hsm.open(HsmOptions.inMemory(serial, HsmModel.USB_HSM_7));
      long admin = hsm.openSession(0, 1, true);
      hsm.initHsm(admin, "hsm", PW, "domain", null);
      hsm.login(admin, Role.HSM_SO, PW);
      hsm.createPartition(admin, 1, 0);
      long s = hsm.openSession(1, 2, true);
      hsm.initPartition(s, "vectors", PW, "domain", null);
      hsm.login(s, Role.PARTITION_SO, PW);
      // Private key wrapping is off by default; the wrap properties cover private keys too.
      hsm.changePartitionPolicy(s, PartitionPolicies.PRIVATE_KEY_WRAPPING, 1);
      // Vector runs compare unwrapped key values with the vectors, so they unwrap readable keys.
      hsm.changePartitionPolicy(s, PartitionPolicies.NON_SENSITIVE_UNWRAP, 1);
      // The padding-oracle tests decrypt and unwrap with one RSA key to compare the outcomes.
      hsm.changePartitionPolicy(s, PartitionPolicies.DUAL_PURPOSE_KEYS, 1);
      hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
      hsm.logout(s);
      hsm.login(s, Role.CRYPTO_OFFICER, PW);
      hsm.changePin(s, PW, "password2".toCharArray()); // policy: first login forces a change
      return new EngineFixture(hsm, s);
    } catch (HsmException e) {
      throw new IllegalStateException("cannot set up the test HSM: " + e.getMessage(), e);
    }
  }

  /** A secret key usable for everything, readable and extractable (so tests can compare values). */
  long secretKey(long keyType, byte[] value) throws HsmException {
    return create(
        Attributes.builder()
            .set(Cka.CLASS, Cko.SECRET_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .set(Cka.VALUE, value)
            .set(Cka.SENSITIVE, false)
            .set(Cka.EXTRACTABLE, true)
            .set(Cka.DERIVE, true));
  }

  /** A public key from its X.509 SubjectPublicKeyInfo. */
  long publicKey(long keyType, byte[] spki) throws HsmException {
    return create(
        Attributes.builder()
            .set(Cka.CLASS, Cko.PUBLIC_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .set(Cka.PUBLIC_KEY_INFO, spki));
  }

  /** A private key from PKCS#8, extractable so it can be wrapped. */
  long privateKey(long keyType, byte[] pkcs8) throws HsmException {
    return create(
        Attributes.builder()
            .set(Cka.CLASS, Cko.PRIVATE_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .set(Cka.PRIVATE_KEY_INFO, pkcs8)
            .set(Cka.EXTRACTABLE, true)
            .set(Cka.DERIVE, true));
  }

  long create(Attributes.Builder b) throws HsmException {
    long h = hsm.createObject(session, b.build());
    made.add(h);
    return h;
  }

  /** Remembers an object the engine made (unwrapped, derived) so destroyAll drops it too. */
  long track(long handle) {
    made.add(handle);
    return handle;
  }

  byte[] value(long handle) throws HsmException {
    return hsm.getAttribute(session, handle, Cka.VALUE);
  }

  void destroyAll() {
    for (long h : made) {
      try {
        hsm.destroyObject(session, h);
      } catch (HsmException e) {
        // already gone (a test destroyed it itself); nothing to drop
      }
    }
    made.clear();
  }
}
