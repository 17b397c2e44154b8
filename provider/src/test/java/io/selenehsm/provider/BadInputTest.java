package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.testing.SeleneFixture;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input fails at init with the exception JCA declares, as the JDK's own providers do (each case
 * is run against SunJCE, SunRsaSign or SunEC as the oracle), carrying the engine's code, and leaves
 * the partition as it was.
 */
class BadInputTest {
  private static final Provider SUN_JCE = Security.getProvider("SunJCE");
  private static SeleneFixture f;
  private static SecretKey aes;
  private static SecretKey des;
  private static KeyPair rsa;
  private static KeyPair ec;

  @BeforeAll
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn();
    aes = KeyGenerator.getInstance("AES", f.provider()).generateKey();
    des = KeyGenerator.getInstance("DESede", f.provider()).generateKey();
    rsa = KeyPairGenerator.getInstance("RSA", f.provider()).generateKeyPair();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", f.provider());
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ec = g.generateKeyPair();
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static long code(Throwable t) {
    return assertInstanceOf(
            SeleneCryptokiException.class, t.getCause(), "the cause carries the code: " + t)
        .getReturnCode();
  }

  /** Both providers refuse with the same JCA type; Selene's carries {@code code}. */
  private static <T extends Throwable> T bothRefuse(
      Class<T> type, long code, Executable ours, Executable oracle) {
    assertThrows(type, oracle, "the JDK's provider refuses this too");
    T e = assertThrows(type, ours);
    assertEquals(code, code(e), e.getMessage());
    return e;
  }

  @Test
  void anAesCipherRefusesADesedeKeyAtInitNotAtDoFinal() throws Exception {
    int objects = f.visibleObjectCount();
    Cipher ours = Cipher.getInstance("AES/ECB/NoPadding", f.provider());
    Cipher jdk = Cipher.getInstance("AES/ECB/NoPadding", SUN_JCE);
    SecretKey softDes = new SecretKeySpec(new byte[24], "DESede");
    InvalidKeyException e =
        bothRefuse(
            InvalidKeyException.class,
            Ckr.KEY_TYPE_INCONSISTENT,
            () -> ours.init(Cipher.ENCRYPT_MODE, des),
            () -> jdk.init(Cipher.ENCRYPT_MODE, softDes));
    assertTrue(e.getMessage().contains("AES"), e.getMessage());
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_TYPE_INCONSISTENT,
        () -> ours.init(Cipher.ENCRYPT_MODE, softDes),
        () -> jdk.init(Cipher.ENCRYPT_MODE, softDes));
    Cipher ourDes = Cipher.getInstance("DESede/CBC/PKCS5Padding", f.provider());
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(assertThrows(InvalidKeyException.class, () -> ourDes.init(Cipher.ENCRYPT_MODE, aes))));
    assertEquals(objects, f.visibleObjectCount(), "a refused foreign key is not imported");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 15, 17, 31, 33, 64})
  void aesKeysOfAWrongLengthAreRefusedAtInit(int length) throws Exception {
    SecretKey k = new SecretKeySpec(new byte[length], "AES");
    Cipher ours = Cipher.getInstance("AES/CBC/PKCS5Padding", f.provider());
    Cipher jdk = Cipher.getInstance("AES/CBC/PKCS5Padding", SUN_JCE);
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_SIZE_RANGE,
        () -> ours.init(Cipher.ENCRYPT_MODE, k),
        () -> jdk.init(Cipher.ENCRYPT_MODE, k));
  }

  @Test
  void nullKeysAreInvalidKeyExceptionsLikeTheJdks() throws Exception {
    Cipher aesOurs = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    Cipher aesJdk = Cipher.getInstance("AES/GCM/NoPadding", SUN_JCE);
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_HANDLE_INVALID,
        () -> aesOurs.init(Cipher.ENCRYPT_MODE, (Key) null),
        () -> aesJdk.init(Cipher.ENCRYPT_MODE, (Key) null));
    Cipher rsaOurs = Cipher.getInstance("RSA/ECB/PKCS1Padding", f.provider());
    Cipher rsaJdk = Cipher.getInstance("RSA/ECB/PKCS1Padding", SUN_JCE);
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_HANDLE_INVALID,
        () -> rsaOurs.init(Cipher.DECRYPT_MODE, (Key) null),
        () -> rsaJdk.init(Cipher.DECRYPT_MODE, (Key) null));
    Signature sigOurs = Signature.getInstance("SHA256withRSA", f.provider());
    Signature sigJdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_HANDLE_INVALID,
        () -> sigOurs.initSign(null),
        () -> sigJdk.initSign(null));
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_HANDLE_INVALID,
        () -> sigOurs.initVerify((PublicKey) null),
        () -> sigJdk.initVerify((PublicKey) null));
    Mac macOurs = Mac.getInstance("HmacSHA256", f.provider());
    Mac macJdk = Mac.getInstance("HmacSHA256", SUN_JCE);
    assertThrows(InvalidKeyException.class, () -> macJdk.init(null));
    assertThrows(InvalidKeyException.class, () -> macOurs.init(null));
    KeyAgreement kaOurs = KeyAgreement.getInstance("ECDH", f.provider());
    KeyAgreement kaJdk = KeyAgreement.getInstance("ECDH", "SunEC");
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_HANDLE_INVALID,
        () -> kaOurs.init(null),
        () -> kaJdk.init(null));
  }

  @Test
  void rsaDecryptionWithASecretKeyIsAnInvalidKeyNotAClassCast() throws Exception {
    Cipher ours = Cipher.getInstance("RSA/ECB/PKCS1Padding", f.provider());
    Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding", SUN_JCE);
    SecretKey soft = new SecretKeySpec(new byte[16], "AES");
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_TYPE_INCONSISTENT,
        () -> ours.init(Cipher.DECRYPT_MODE, soft),
        () -> jdk.init(Cipher.DECRYPT_MODE, soft));
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_TYPE_INCONSISTENT,
        () -> ours.init(Cipher.DECRYPT_MODE, aes),
        () -> jdk.init(Cipher.DECRYPT_MODE, soft));
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(
            assertThrows(
                InvalidKeyException.class, () -> ours.init(Cipher.DECRYPT_MODE, ec.getPrivate()))));
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(
            assertThrows(
                InvalidKeyException.class, () -> ours.init(Cipher.DECRYPT_MODE, rsa.getPublic()))));
  }

  @ParameterizedTest
  @ValueSource(ints = {-8, 0, 8, 32, 33, 64, 95, 97, 136, 200})
  void gcmTagLengthsOutside96To128InStepsOf8FailAtInit(int bits) throws Exception {
    Cipher ours = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", SUN_JCE);
    SecretKey soft = new SecretKeySpec(new byte[16], "AES");
    if (bits < 0) {
      assertThrows(IllegalArgumentException.class, () -> new GCMParameterSpec(bits, new byte[12]));
      return;
    }
    GCMParameterSpec spec = new GCMParameterSpec(bits, new byte[12]);
    bothRefuse(
        InvalidAlgorithmParameterException.class,
        Ckr.MECHANISM_PARAM_INVALID,
        () -> ours.init(Cipher.ENCRYPT_MODE, aes, spec),
        () -> jdk.init(Cipher.ENCRYPT_MODE, soft, spec));
    assertThrows(
        InvalidAlgorithmParameterException.class, () -> ours.init(Cipher.DECRYPT_MODE, aes, spec));
  }

  @ParameterizedTest
  @ValueSource(ints = {96, 104, 112, 120, 128})
  void everyTagLengthSunJceTakesWorks(int bits) throws Exception {
    byte[] raw = new byte[16];
    raw[3] = 7;
    Cipher ours = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    ours.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(raw, "AES"),
        new GCMParameterSpec(bits, new byte[12]));
    byte[] ct = ours.doFinal(new byte[20]);
    assertEquals(20 + bits / 8, ct.length);
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", SUN_JCE);
    jdk.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(raw, "AES"),
        new GCMParameterSpec(bits, new byte[12]));
    assertArrayEquals(new byte[20], jdk.doFinal(ct));
  }

  @Test
  void gcmEncryptionRefusesARepeatedKeyAndIvAsSunJceDoes() throws Exception {
    byte[] iv = new byte[12];
    iv[0] = 1;
    SecretKey soft = new SecretKeySpec(new byte[16], "AES");
    Cipher ours = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", SUN_JCE);
    ours.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
    jdk.init(Cipher.ENCRYPT_MODE, soft, new GCMParameterSpec(128, iv));
    assertNotNull(ours.doFinal(new byte[5]));
    jdk.doFinal(new byte[5]);
    // A second encryption without a new IV: refused before anything is encrypted.
    assertThrows(IllegalStateException.class, () -> jdk.doFinal(new byte[5]));
    assertThrows(IllegalStateException.class, () -> ours.doFinal(new byte[5]));
    assertThrows(IllegalStateException.class, () -> ours.update(new byte[5]));
    // Re-init with the same key and IV: refused at init.
    bothRefuse(
        InvalidAlgorithmParameterException.class,
        Ckr.MECHANISM_PARAM_INVALID,
        () -> ours.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv)),
        () -> jdk.init(Cipher.ENCRYPT_MODE, soft, new GCMParameterSpec(128, iv)));
    // The same pair through a software copy of the key value is the same key.
    Cipher softOurs = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    softOurs.init(Cipher.ENCRYPT_MODE, soft, new GCMParameterSpec(128, iv));
    assertThrows(
        InvalidAlgorithmParameterException.class,
        () ->
            softOurs.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(new byte[16], "AES"),
                new GCMParameterSpec(96, iv)));
    // Decryption with that pair, and encryption with a fresh IV, stay possible.
    ours.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, iv));
    byte[] iv2 = iv.clone();
    iv2[1] = 9;
    ours.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv2));
    assertEquals(21, ours.doFinal(new byte[5]).length);
    // HSM-generated IVs are fresh on every encryption.
    ours.init(Cipher.ENCRYPT_MODE, aes);
    ours.doFinal(new byte[5]);
    byte[] first = ours.getIV();
    ours.doFinal(new byte[5]);
    assertTrue(!java.util.Arrays.equals(first, ours.getIV()), "a new IV per encryption");
  }

  @Test
  void aSignatureRefusesAKeyOfAnotherFamilyAtInit() throws Exception {
    Signature ours = Signature.getInstance("SHA256withRSA", f.provider());
    KeyPair jdkEc = KeyPairGenerator.getInstance("EC", "SunEC").generateKeyPair();
    Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_TYPE_INCONSISTENT,
        () -> ours.initSign(ec.getPrivate()),
        () -> jdk.initSign(jdkEc.getPrivate()));
    bothRefuse(
        InvalidKeyException.class,
        Ckr.KEY_TYPE_INCONSISTENT,
        () -> ours.initVerify(jdkEc.getPublic()),
        () -> jdk.initVerify(jdkEc.getPublic()));
    Signature ecdsa = Signature.getInstance("SHA256withECDSA", f.provider());
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(assertThrows(InvalidKeyException.class, () -> ecdsa.initSign(rsa.getPrivate()))));
  }

  @Test
  void pssWithoutParametersFailsAsSunRsaSignAndBadOnesAtSetParameter() throws Exception {
    Signature ours = Signature.getInstance("RSASSA-PSS", f.provider());
    Signature jdk = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
    // 2048 bits named: the JDK's default RSA size is 3072 from Java 21 on.
    KeyPairGenerator softRsa = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
    softRsa.initialize(2048);
    KeyPair soft = softRsa.generateKeyPair();
    ours.initSign(rsa.getPrivate());
    jdk.initSign(soft.getPrivate());
    assertThrows(
        SignatureException.class,
        () -> {
          jdk.update(new byte[3]);
          jdk.sign();
        });
    ours.update(new byte[3]);
    assertEquals(
        Ckr.MECHANISM_PARAM_INVALID, code(assertThrows(SignatureException.class, ours::sign)));
    PSSParameterSpec badMgf =
        new PSSParameterSpec("SHA-256", "MGF2", MGF1ParameterSpec.SHA256, 32, 1);
    assertThrows(InvalidAlgorithmParameterException.class, () -> jdk.setParameter(badMgf));
    assertThrows(InvalidAlgorithmParameterException.class, () -> ours.setParameter(badMgf));
    PSSParameterSpec badHash = new PSSParameterSpec("MD4", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    assertThrows(InvalidAlgorithmParameterException.class, () -> ours.setParameter(badHash));
    ours.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    ours.update(new byte[3]);
    assertEquals(256, ours.sign().length, "valid parameters sign");
  }

  @Test
  void pssParametersThatCannotFitTheKeyAreRefusedBeforeSigning() throws Exception {
    Signature ours = Signature.getInstance("RSASSA-PSS", f.provider());
    Signature jdk = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
    // 2048 bits named: the JDK's default RSA size is 3072 from Java 21 on.
    KeyPairGenerator softRsa = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
    softRsa.initialize(2048);
    KeyPair soft = softRsa.generateKeyPair();
    ours.initSign(rsa.getPrivate());
    jdk.initSign(soft.getPrivate());
    // 2048-bit key: 256-byte encoded message, so SHA-256 leaves at most 222 bytes of salt.
    PSSParameterSpec tooLong =
        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 223, 1);
    bothRefuse(
        InvalidAlgorithmParameterException.class,
        Ckr.MECHANISM_PARAM_INVALID,
        () -> ours.setParameter(tooLong),
        () -> jdk.setParameter(tooLong));
    PSSParameterSpec longest =
        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 222, 1);
    ours.setParameter(longest);
    ours.update(new byte[3]);
    byte[] sig = ours.sign();
    Signature check = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
    check.initVerify(
        KeyFactory.getInstance("RSA", "SunRsaSign")
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(rsa.getPublic().getEncoded())));
    check.setParameter(longest);
    check.update(new byte[3]);
    assertTrue(check.verify(sig), "the longest salt that fits signs");
    // Parameters set first, then a key they cannot fit: refused at init, as SunRsaSign does.
    Signature fresh = Signature.getInstance("RSASSA-PSS", f.provider());
    fresh.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 200, 1));
    assertEquals(
        Ckr.KEY_SIZE_RANGE,
        code(assertThrows(InvalidKeyException.class, () -> fresh.initSign(rsa.getPrivate()))));
  }

  @Test
  void keyAgreementRefusesWrongPeersAtDoPhase() throws Exception {
    KeyAgreement ours = KeyAgreement.getInstance("ECDH", f.provider());
    ours.init(ec.getPrivate());
    KeyPair x = KeyPairGenerator.getInstance("X25519", "SunEC").generateKeyPair();
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(assertThrows(InvalidKeyException.class, () -> ours.doPhase(x.getPublic(), true))));
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    PublicKey p384 = g.generateKeyPair().getPublic();
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(assertThrows(InvalidKeyException.class, () -> ours.doPhase(p384, true))));
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(
            assertThrows(
                InvalidKeyException.class,
                () -> KeyAgreement.getInstance("XDH", f.provider()).init(ec.getPrivate()))));
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        code(
            assertThrows(
                InvalidKeyException.class,
                () -> KeyAgreement.getInstance("ECDH", f.provider()).init(ec.getPublic()))));
  }

  /** The invalid-curve attack: a point off the curve must never reach the private key. */
  @Test
  void anOffCurvePeerPointIsRefusedAtDoPhase() throws Exception {
    ECPublicKey good = (ECPublicKey) ec.getPublic();
    ECPoint w = good.getW();
    ECPoint off = new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE));
    PublicKey bad = new FakeEcPublicKey(off, good.getParams(), good.getEncoded());
    KeyAgreement ours = KeyAgreement.getInstance("ECDH", f.provider());
    ours.init(ec.getPrivate());
    InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> ours.doPhase(bad, true));
    assertEquals(Ckr.KEY_TYPE_INCONSISTENT, code(e));
    assertThrows(
        IllegalStateException.class, ours::generateSecret, "no secret without an accepted peer");
  }

  @Test
  void aShortSecretBufferIsRefusedBeforeDerivingAndTheAgreementStaysUsable() throws Exception {
    // P-256 named: the JDK's default EC size is 256 bits on 17 and 384 from 21 on.
    KeyPairGenerator peers = KeyPairGenerator.getInstance("EC", "SunEC");
    peers.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair peer = peers.generateKeyPair();
    KeyAgreement ours = KeyAgreement.getInstance("ECDH", f.provider());
    ours.init(ec.getPrivate());
    ours.doPhase(peer.getPublic(), true);
    assertThrows(ShortBufferException.class, () -> ours.generateSecret(new byte[31], 0));
    assertThrows(ShortBufferException.class, () -> ours.generateSecret(new byte[40], 10));
    byte[] out = new byte[32];
    assertEquals(32, ours.generateSecret(out, 0));
    KeyAgreement jdk = KeyAgreement.getInstance("ECDH", "SunEC");
    jdk.init(peer.getPrivate());
    jdk.doPhase(ec.getPublic(), true);
    assertArrayEquals(jdk.generateSecret(), out);
  }

  @Test
  void ed25519RefusesInputBeyondItsOneShotLimitNamingIt() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519", f.provider()).generateKeyPair();
    Signature s = Signature.getInstance("Ed25519", f.provider());
    s.initSign(ed.getPrivate());
    byte[] mib = new byte[1 << 20];
    mib[5] = 3;
    s.update(mib, 0, mib.length - 1);
    s.update(mib[mib.length - 1]);
    SignatureException e = assertThrows(SignatureException.class, () -> s.update(new byte[1]));
    assertEquals(Ckr.DATA_LEN_RANGE, code(e));
    assertTrue(e.getMessage().contains("1048576"), e.getMessage());
    byte[] sig = s.sign();
    Signature jdk = Signature.getInstance("Ed25519", "SunEC");
    jdk.initVerify(
        KeyFactory.getInstance("Ed25519", "SunEC")
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(ed.getPublic().getEncoded())));
    jdk.update(mib);
    assertTrue(jdk.verify(sig), "the refused update left the 1 MiB message intact");
    s.initSign(ed.getPrivate());
    assertThrows(SignatureException.class, () -> s.update(new byte[65 << 20]));
  }

  @Test
  void cipherFinalMapsEveryEngineCodeToADeclaredCheckedException() {
    GeneralSecurityException denied =
        io.selenehsm.provider.internal.Errors.cipherFinal(
            new io.selenehsm.firmware.rc.HsmException(Ckr.KEY_FUNCTION_NOT_PERMITTED, "no decrypt"),
            false);
    assertInstanceOf(javax.crypto.IllegalBlockSizeException.class, denied);
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(denied));
    assertInstanceOf(
        javax.crypto.AEADBadTagException.class,
        io.selenehsm.provider.internal.Errors.cipherFinal(
            new io.selenehsm.firmware.rc.HsmException(Ckr.ENCRYPTED_DATA_INVALID, "tag"), true));
  }

  /** An EC public key whose point the caller chose (JDK key factories refuse off-curve ones). */
  private record FakeEcPublicKey(
      ECPoint w, java.security.spec.ECParameterSpec params, byte[] encoded) implements ECPublicKey {
    @Override
    public ECPoint getW() {
      return w;
    }

    @Override
    public java.security.spec.ECParameterSpec getParams() {
      return params;
    }

    @Override
    public String getAlgorithm() {
      return "EC";
    }

    @Override
    public String getFormat() {
      return "X.509";
    }

    @Override
    public byte[] getEncoded() {
      return encoded.clone();
    }
  }
}
