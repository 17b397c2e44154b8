package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Encrypt/unwrap (Clulow 2003; Delaune-Kremer-Steel 2008): encrypt key bytes of the attacker's
 * choosing under W, unwrap the ciphertext with W, and the HSM holds a key whose value the attacker
 * knows (a wrapping key for everything else). Refused by key separation in both orders and for
 * multi-part operations.
 */
class EncryptThenUnwrapAttackTest {
  private static final byte[] CHOSEN = new byte[32];
  private AttackBench b;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
  }

  @Test
  void aKeyThatEncryptedCannotUnwrap() throws Exception {
    long w = b.defaultAes();
    byte[] blob = b.crypto.encrypt(b.co, AttackBench.cbcPad(), w, CHOSEN).ciphertext();
    int before = b.hsm.findObjects(b.co, Attributes.empty()).size();
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () ->
            b.crypto.unwrapKey(
                b.co, AttackBench.cbcPad(), w, blob, AttackBench.secretTemplate(Ckk.AES).build()),
        "CKA_UNWRAP");
    assertEquals(before, b.hsm.findObjects(b.co, Attributes.empty()).size(), "no key was made");
    assertFalse(b.bool(w, Cka.UNWRAP));
  }

  @Test
  void multiPartEncryptionCommitsTheKeyToo() throws Exception {
    long w = b.defaultAes();
    b.crypto.encryptInit(b.co, AttackBench.cbcPad(), w);
    b.crypto.encryptUpdate(b.co, CHOSEN);
    byte[] blob = b.crypto.encryptFinal(b.co);
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () ->
            b.crypto.unwrapKey(
                b.co, AttackBench.cbcPad(), w, blob, AttackBench.secretTemplate(Ckk.AES).build()));
  }

  @Test
  void aKeyThatUnwrappedCannotEncrypt() throws Exception {
    long w = b.defaultAes();
    long k = b.sensitiveExtractable(32);
    byte[] wrapped = b.crypto.wrapKey(b.co, AttackBench.kw(), w, k);
    b.crypto.unwrapKey(
        b.co, AttackBench.kw(), w, wrapped, AttackBench.secretTemplate(Ckk.AES).build());
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.encrypt(b.co, AttackBench.cbcPad(), w, CHOSEN),
        "CKA_ENCRYPT");
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.encryptInit(b.co, AttackBench.cbcPad(), w),
        "CKA_ENCRYPT");
  }
}
