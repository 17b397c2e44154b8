package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vendor's Java flows under key separation: a KeyGenerator key made with defaults is used
 * either only for data or only for keys, and both work; the first use commits the key, so the other
 * use is then refused with the engine's code; Cipher.unwrap yields sensitive keys.
 */
class KeySeparationFlowsTest {
  private SeleneFixture f;
  private Provider p;

  @BeforeEach
  void setUp() {
    f = SeleneFixture.create().loggedIn();
    p = f.provider();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void aDefaultKeyEncryptsAndDecryptsThenRefusesToWrap() throws Exception {
    SecretKey key = KeyGenerator.getInstance("AES", p).generateKey();
    byte[] data = "vendor flow: data only".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < 3; i++) {
      Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", p);
      enc.init(Cipher.ENCRYPT_MODE, key);
      byte[] ct = enc.doFinal(data);
      Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", p);
      dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, enc.getIV()));
      assertArrayEquals(data, dec.doFinal(ct));
    }
    SecretKey other = extractableAes();
    Cipher wrap = Cipher.getInstance("AES/KW/NoPadding", p);
    Exception e =
        assertThrows(
            Exception.class,
            () -> {
              wrap.init(Cipher.WRAP_MODE, key);
              wrap.wrap(other);
            });
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(e), e.toString());
  }

  @Test
  void aKeyCommittedToOnePurposeIsRefusedAtInitForTheOther() throws Exception {
    SecretKey kek = KeyGenerator.getInstance("DESede", p).generateKey();
    SecretKey target = extractableAes();
    Cipher w = Cipher.getInstance("DESede/CBC/PKCS5Padding", p);
    w.init(Cipher.WRAP_MODE, kek, new IvParameterSpec(new byte[8]));
    w.wrap(target); // first use: the key now wraps and unwraps only
    Cipher dec = Cipher.getInstance("DESede/CBC/PKCS5Padding", p);
    InvalidKeyException e =
        assertThrows(
            InvalidKeyException.class,
            () -> dec.init(Cipher.DECRYPT_MODE, kek, new IvParameterSpec(new byte[8])));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(e), e.toString());
  }

  /**
   * A cipher remembers the key its last init accepted and skips the key checks when re-inited with
   * it for the same use; the key's commitment to another purpose, made through another cipher, must
   * still refuse the next init of this one.
   */
  @Test
  void aCipherThatAcceptedAKeyRefusesItAtInitOnceTheKeyIsCommittedElsewhere() throws Exception {
    SecretKey kek = KeyGenerator.getInstance("DESede", p).generateKey();
    IvParameterSpec iv = new IvParameterSpec(new byte[8]);
    Cipher dec = Cipher.getInstance("DESede/CBC/PKCS5Padding", p);
    dec.init(Cipher.DECRYPT_MODE, kek, iv); // accepted: the key may still do either
    dec.init(Cipher.DECRYPT_MODE, kek, iv); // and again
    Cipher w = Cipher.getInstance("DESede/CBC/PKCS5Padding", p);
    w.init(Cipher.WRAP_MODE, kek, iv);
    byte[] wrapped = w.wrap(extractableAes()); // first use: the key now wraps and unwraps only
    InvalidKeyException e =
        assertThrows(InvalidKeyException.class, () -> dec.init(Cipher.DECRYPT_MODE, kek, iv));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(e), e.toString());
    // The refused init left the cipher usable for what the key is committed to.
    dec.init(Cipher.UNWRAP_MODE, kek, iv);
    assertNotNull(dec.unwrap(wrapped, "AES", Cipher.SECRET_KEY));
    InvalidKeyException again =
        assertThrows(InvalidKeyException.class, () -> dec.init(Cipher.DECRYPT_MODE, kek, iv));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(again), again.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "AES/KW/NoPadding, AES, AES",
    "AES/KWP/NoPadding, AES, AES",
    "AES/CBC/PKCS5Padding, AES, AES",
    "DESede/CBC/PKCS5Padding, DESede, DESede"
  })
  void aDefaultKeyWrapsAndUnwrapsExtractableKeysThenRefusesData(
      String transformation, String kekAlgorithm, String targetAlgorithm) throws Exception {
    SecretKey kek = KeyGenerator.getInstance(kekAlgorithm, p).generateKey();
    f.slotManager().setSecretKeysExtractable(true);
    SecretKey target;
    try {
      target = KeyGenerator.getInstance(targetAlgorithm, p).generateKey();
    } finally {
      f.slotManager().setSecretKeysExtractable(false);
    }
    AlgorithmParameterSpec iv =
        transformation.contains("CBC")
            ? new IvParameterSpec(new byte[kekAlgorithm.equals("AES") ? 16 : 8])
            : null;
    Cipher w = Cipher.getInstance(transformation, p);
    init(w, Cipher.WRAP_MODE, kek, iv);
    byte[] wrapped = w.wrap(target);
    init(w, Cipher.UNWRAP_MODE, kek, iv);
    Key back = w.unwrap(wrapped, targetAlgorithm, Cipher.SECRET_KEY);
    SeleneKey unwrapped = assertInstanceOf(SeleneKey.class, back);
    assertTrue(unwrapped.isSensitive(), "Cipher.unwrap makes sensitive keys");
    assertNull(back.getEncoded());
    String ecb = targetAlgorithm + "/ECB/NoPadding";
    byte[] block = new byte[targetAlgorithm.equals("AES") ? 16 : 8];
    assertArrayEquals(
        encrypt(ecb, target, block),
        encrypt(ecb, (SecretKey) back, block),
        "the unwrapped key is the wrapped one");
    Exception e = assertThrows(Exception.class, () -> encrypt(ecb, kek, block));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(e), e.toString());
  }

  @Test
  void unwrappedKeysStaySensitiveEvenWhenSecretKeysAreExtractable() throws Exception {
    SecretKey kek = KeyGenerator.getInstance("AES", p).generateKey();
    f.slotManager().setSecretKeysExtractable(true);
    try {
      SecretKey target = KeyGenerator.getInstance("AES", p).generateKey();
      Cipher w = Cipher.getInstance("AES/KWP/NoPadding", p);
      w.init(Cipher.WRAP_MODE, kek);
      byte[] wrapped = w.wrap(target);
      w.init(Cipher.UNWRAP_MODE, kek);
      SeleneKey back = (SeleneKey) w.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
      assertTrue(back.isSensitive());
      assertTrue(back.isExtractable(), "re-wrappable, as the provider setting asks");
      assertNull(((Key) back).getEncoded());
    } finally {
      f.slotManager().setSecretKeysExtractable(false);
    }
  }

  private SecretKey extractableAes() throws Exception {
    f.slotManager().setSecretKeysExtractable(true);
    try {
      return KeyGenerator.getInstance("AES", p).generateKey();
    } finally {
      f.slotManager().setSecretKeysExtractable(false);
    }
  }

  private byte[] encrypt(String transformation, SecretKey key, byte[] block) throws Exception {
    Cipher c = Cipher.getInstance(transformation, p);
    c.init(Cipher.ENCRYPT_MODE, key);
    return c.doFinal(block);
  }

  private static void init(Cipher c, int mode, Key key, AlgorithmParameterSpec spec)
      throws Exception {
    if (spec == null) {
      c.init(mode, key);
    } else {
      c.init(mode, key, spec);
    }
  }

  /** The Cryptoki return code carried somewhere in the cause chain. */
  private static long code(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SeleneCryptokiException s) {
        return s.getReturnCode();
      }
    }
    assertNotNull(null, "no Cryptoki code in " + t);
    return -1;
  }
}
