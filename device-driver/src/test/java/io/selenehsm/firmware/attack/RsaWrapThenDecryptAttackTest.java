package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wrap/decrypt with a key pair (Clulow 2003): wrap a sensitive key under an RSA public key, then
 * decrypt the blob with the private half. Refused both ways round, and also when the attacker
 * imports the public key again as an object of its own: the halves are matched by modulus.
 */
class RsaWrapThenDecryptAttackTest {
  private static AttackBench b;
  private static Mechanism oaep;

  @BeforeAll
  static void setUp() throws HsmException {
    b = AttackBench.open();
    oaep = Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA256, new byte[0]));
  }

  /** RSA-3072 (128-bit strength, enough to wrap AES-128) with the default templates. */
  private static long[] rsaPair() throws HsmException {
    return b.crypto.generateKeyPair(
        b.co,
        Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
        Attributes.builder().set(Cka.MODULUS_BITS, 3072L).build(),
        Attributes.empty());
  }

  @Test
  void aPairThatWrappedCannotDecryptTheWrappedKey() throws Exception {
    long[] pair = rsaPair();
    byte[] wrapped = b.crypto.wrapKey(b.co, oaep, pair[0], b.sensitiveExtractable(16));
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.decrypt(b.co, oaep, pair[1], wrapped),
        "CKA_DECRYPT");
    assertFalse(b.bool(pair[1], Cka.DECRYPT));
    long back =
        b.crypto.unwrapKey(
            b.co, oaep, pair[1], wrapped, AttackBench.secretTemplate(Ckk.AES).build());
    assertEquals(16, b.hsm.getAttributes(b.co, back).ulong(Cka.VALUE_LEN, 0));
  }

  @Test
  void aPairThatDecryptedCannotWrapEvenUnderAReimportedPublicKey() throws Exception {
    long[] pair = rsaPair();
    byte[] ct = b.crypto.encrypt(b.co, oaep, pair[0], new byte[16]).ciphertext();
    assertEquals(16, b.crypto.decrypt(b.co, oaep, pair[1], ct).length);
    // DES3 (112-bit): within reach of an imported public key, whose strength the engine
    // takes as RSA-2048's when the template does not say.
    long k =
        b.crypto.generateKey(
            b.co,
            Mechanism.of(Ckm.DES3_KEY_GEN),
            Attributes.builder().set(Cka.KEY_TYPE, Ckk.DES3).set(Cka.EXTRACTABLE, true).build());
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.wrapKey(b.co, oaep, pair[0], k),
        "decrypts data");
    long copy =
        b.hsm.createObject(
            b.co,
            Attributes.builder()
                .set(Cka.CLASS, Cko.PUBLIC_KEY)
                .set(Cka.KEY_TYPE, Ckk.RSA)
                .set(Cka.PUBLIC_KEY_INFO, b.hsm.getAttribute(b.co, pair[0], Cka.PUBLIC_KEY_INFO))
                .build());
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.wrapKey(b.co, oaep, copy, k),
        "decrypts data");
  }
}
