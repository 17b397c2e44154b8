package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trusted-key bypass (PKCS#11 v2.20+ attribute; Tookan 2010): a key with CKA_WRAP_WITH_TRUSTED may
 * only be wrapped by a key with CKA_TRUSTED. The attacks: wrap it under an untrusted key, make
 * one's own key trusted, or switch the restriction off. Refused: only the Partition SO sets
 * CKA_TRUSTED, and CKA_WRAP_WITH_TRUSTED only goes from false to true.
 */
class TrustedKeyBypassAttackTest {
  private static final Attributes TRUST = Attributes.builder().set(Cka.TRUSTED, true).build();
  private AttackBench b;
  private long guarded;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
    guarded =
        b.aes(16, Attributes.builder().set(Cka.EXTRACTABLE, true).set(Cka.WRAP_WITH_TRUSTED, true));
  }

  @Test
  void anUntrustedKeyCannotWrapIt() throws Exception {
    long w = b.defaultAes();
    assertFails(
        Ckr.KEY_NOT_WRAPPABLE,
        () -> b.crypto.wrapKey(b.co, AttackBench.kw(), w, guarded),
        "trusted");
  }

  @Test
  void theCryptoOfficerCannotMakeAKeyTrusted() throws Exception {
    long w = b.defaultAes();
    assertFails(Ckr.ATTRIBUTE_READ_ONLY, () -> b.hsm.setAttributes(b.co, w, TRUST), "Partition SO");
    assertFails(Ckr.ATTRIBUTE_READ_ONLY, () -> b.aes(32, TRUST.toBuilder()), "Partition SO");
    assertFails(Ckr.ATTRIBUTE_READ_ONLY, () -> b.hsm.copyObject(b.co, w, TRUST), "Partition SO");
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () ->
            b.hsm.createObject(
                b.co,
                io.selenehsm.firmware.EngineFixtures.aesKey("mine", false).toBuilder()
                    .set(Cka.TRUSTED, true)
                    .build()),
        "Partition SO");
    assertFails(Ckr.KEY_NOT_WRAPPABLE, () -> b.crypto.wrapKey(b.co, AttackBench.kw(), w, guarded));
  }

  @Test
  void theRestrictionCannotBeSwitchedOff() {
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () ->
            b.hsm.setAttributes(
                b.co, guarded, Attributes.builder().set(Cka.WRAP_WITH_TRUSTED, false).build()),
        "true to false");
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () ->
            b.hsm.copyObject(
                b.co, guarded, Attributes.builder().set(Cka.WRAP_WITH_TRUSTED, false).build()),
        "true to false");
  }

  @Test
  void aKeyThePartitionSoTrustedWrapsIt() throws Exception {
    // A token key: the Partition SO works in a session of its own application.
    long w = b.aes(32, Attributes.builder().set(Cka.TOKEN, true));
    long po = b.poSession();
    assertFails(
        Ckr.USER_NOT_AUTHORIZED,
        () -> b.hsm.setAttributes(po, w, TRUST.toBuilder().set(Cka.LABEL, "renamed").build()),
        "only CKA_TRUSTED");
    b.hsm.setAttributes(po, w, TRUST);
    assertTrue(b.bool(w, Cka.TRUSTED));
    assertEquals(24, b.crypto.wrapKey(b.co, AttackBench.kw(), w, guarded).length);
  }
}
