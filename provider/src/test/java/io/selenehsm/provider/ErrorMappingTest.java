package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each SPI method's failure classes: the JCA exception the method declares, whose cause is a
 * SeleneCryptokiException with the engine's return code.
 */
class ErrorMappingTest {
  private static SeleneFixture f;
  private static KeyPair rsa;
  private static SecretKey aes;
  private static SecretKey locked;

  /** A wrapping key of its own: a key used for data is committed to data (key separation). */
  private static SecretKey kek;

  @BeforeAll
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider());
    g.initialize(2048);
    rsa = g.generateKeyPair();
    aes = KeyGenerator.getInstance("AES", f.provider()).generateKey();
    locked = KeyGenerator.getInstance("AES", f.provider()).generateKey();
    kek = KeyGenerator.getInstance("AES", f.provider()).generateKey();
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  /** A failing call, the JCA type it must throw and the code its cause must carry. */
  record Case(
      String name, Class<? extends Throwable> type, long code, Executable call, int policy) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Cipher cipher(String t) throws Exception {
    return Cipher.getInstance(t, f.provider());
  }

  static Stream<Arguments> cases() {
    byte[] block = new byte[16];
    return Stream.of(
            new Case(
                "Cipher.init AES with an RSA public key",
                InvalidKeyException.class,
                Ckr.KEY_TYPE_INCONSISTENT,
                () -> cipher("AES/ECB/NoPadding").init(Cipher.ENCRYPT_MODE, rsa.getPublic()),
                -1),
            new Case(
                "Cipher.doFinal CBC on a partial block",
                IllegalBlockSizeException.class,
                Ckr.DATA_LEN_RANGE,
                () -> {
                  Cipher c = cipher("AES/CBC/NoPadding");
                  c.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(block));
                  c.doFinal(new byte[5]);
                },
                -1),
            new Case(
                "Cipher.doFinal streamed CBC on a partial block",
                IllegalBlockSizeException.class,
                Ckr.DATA_LEN_RANGE,
                () -> {
                  Cipher c = cipher("AES/CBC/NoPadding");
                  c.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(block));
                  c.update(new byte[21]);
                  c.doFinal();
                },
                -1),
            new Case(
                "Cipher.doFinal GCM with a bad tag",
                AEADBadTagException.class,
                Ckr.ENCRYPTED_DATA_INVALID,
                () -> {
                  Cipher c = cipher("AES/GCM/NoPadding");
                  c.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, new byte[12]));
                  c.doFinal(new byte[32]);
                },
                -1),
            new Case(
                "Cipher.doFinal CBC-PAD with bad padding",
                BadPaddingException.class,
                Ckr.ENCRYPTED_DATA_INVALID,
                () -> {
                  // A block that decrypts to a last byte of 0, which PKCS#5 padding never is
                  // (random ciphertext would pad validly one time in about 256).
                  Cipher raw = cipher("AES/CBC/NoPadding");
                  raw.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(block));
                  byte[] zeroLastByte = raw.doFinal(new byte[16]);
                  Cipher c = cipher("AES/CBC/PKCS5Padding");
                  c.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(block));
                  c.doFinal(zeroLastByte);
                },
                -1),
            new Case(
                "Cipher.doFinal RSA-OAEP on garbage",
                BadPaddingException.class,
                Ckr.ENCRYPTED_DATA_INVALID,
                () -> {
                  Cipher c = cipher("RSA/ECB/OAEPPadding");
                  c.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
                  c.doFinal(new byte[256]);
                },
                -1),
            new Case(
                "Cipher.wrap of a non-extractable key",
                InvalidKeyException.class,
                Ckr.KEY_UNEXTRACTABLE,
                () -> {
                  Cipher c = cipher("AES/KW/NoPadding");
                  c.init(Cipher.WRAP_MODE, kek);
                  c.wrap(locked);
                },
                -1),
            new Case(
                "Cipher.unwrap of a damaged blob",
                InvalidKeyException.class,
                Ckr.WRAPPED_KEY_INVALID,
                () -> {
                  Cipher c = cipher("AES/KW/NoPadding");
                  c.init(Cipher.UNWRAP_MODE, kek);
                  c.unwrap(new byte[40], "AES", Cipher.SECRET_KEY);
                },
                -1),
            new Case(
                "Cipher.init with a foreign key against policy 6",
                InvalidKeyException.class,
                Ckr.ACTION_PROHIBITED,
                () ->
                    cipher("AES/ECB/NoPadding")
                        .init(Cipher.ENCRYPT_MODE, new SecretKeySpec(block, "AES")),
                6),
            new Case(
                "Signature.initSign with a foreign key against policy 2",
                InvalidKeyException.class,
                Ckr.ACTION_PROHIBITED,
                () ->
                    java.security.Signature.getInstance("SHA256withECDSA", f.provider())
                        .initSign(
                            KeyPairGenerator.getInstance("EC", "SunEC")
                                .generateKeyPair()
                                .getPrivate()),
                2),
            new Case(
                "Signature.sign RSASSA-PSS without parameters",
                SignatureException.class,
                Ckr.MECHANISM_PARAM_INVALID,
                () -> {
                  java.security.Signature s =
                      java.security.Signature.getInstance("RSASSA-PSS", f.provider());
                  s.initSign(rsa.getPrivate());
                  s.update(block);
                  s.sign();
                },
                -1),
            new Case(
                "Signature.sign raw RSA input longer than the modulus",
                SignatureException.class,
                Ckr.DATA_LEN_RANGE,
                () -> {
                  java.security.Signature s =
                      java.security.Signature.getInstance("NONEwithRSA", f.provider());
                  s.initSign(rsa.getPrivate());
                  s.update(new byte[300]);
                  s.sign();
                },
                -1),
            new Case(
                "Mac.init with a foreign key against policy 6",
                InvalidKeyException.class,
                Ckr.ACTION_PROHIBITED,
                () ->
                    Mac.getInstance("HmacSHA256", f.provider())
                        .init(new SecretKeySpec(new byte[32], "HmacSHA256")),
                6),
            new Case(
                "Mac.init AES-GMAC with an empty IV",
                InvalidAlgorithmParameterException.class,
                Ckr.MECHANISM_PARAM_INVALID,
                () ->
                    Mac.getInstance("AES-GMAC", f.provider())
                        .init(aes, new GCMParameterSpec(128, new byte[0])),
                -1),
            new Case(
                "KeyFactory.generatePrivate against policy 2",
                InvalidKeySpecException.class,
                Ckr.ACTION_PROHIBITED,
                () ->
                    KeyFactory.getInstance("EC", f.provider())
                        .generatePrivate(
                            new PKCS8EncodedKeySpec(
                                KeyPairGenerator.getInstance("EC", "SunEC")
                                    .generateKeyPair()
                                    .getPrivate()
                                    .getEncoded())),
                2),
            new Case(
                "SecretKeyFactory.generateSecret against policy 6",
                InvalidKeySpecException.class,
                Ckr.ACTION_PROHIBITED,
                () ->
                    SecretKeyFactory.getInstance("AES", f.provider())
                        .generateSecret(new SecretKeySpec(block, "AES")),
                6),
            new Case(
                "KeyAgreement.init with a foreign key against policy 2",
                InvalidKeyException.class,
                Ckr.ACTION_PROHIBITED,
                () ->
                    KeyAgreement.getInstance("ECDH", f.provider())
                        .init(
                            KeyPairGenerator.getInstance("EC", "SunEC")
                                .generateKeyPair()
                                .getPrivate()),
                2))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failuresCarryTheirJcaTypeAndReturnCode(Case c) throws Exception {
    if (c.policy() >= 0) {
      f.setPartitionPolicy(c.policy(), 0);
    }
    try {
      Throwable t = assertThrows(c.type(), c.call(), c.name());
      SeleneCryptokiException cause =
          assertInstanceOf(SeleneCryptokiException.class, t.getCause(), c.name() + ": " + t);
      assertEquals(
          Ckr.class.getSimpleName() + ":" + c.code(),
          Ckr.class.getSimpleName() + ":" + cause.getReturnCode(),
          c.name() + ": " + cause.getMessage());
    } finally {
      if (c.policy() >= 0) {
        f.setPartitionPolicy(c.policy(), 1);
      }
    }
  }
}
