package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.KDFCounterBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KDFCounterParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class DeriveKemKeyGenTest {
  private static final MechanismService SVC = TestKeys.SVC;

  private static byte[] point(ECPublicKey k) {
    var spec = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(k.getParams());
    ECPoint p = spec.getCurve().createPoint(k.getW().getAffineX(), k.getW().getAffineY());
    return p.getEncoded(false);
  }

  @Test
  void ecdhPlainAndCofactorAgreeOnPrimeCurvesAndBothSidesMatch() throws Exception {
    KeyPair a = TestKeys.P256;
    KeyPair b =
        SVC.keyGenerators()
            .generateKeyPair(Mechanism.of(Ckm.EC_KEY_PAIR_GEN), new KeyPairSpec.Ec("P-256"));
    byte[] ab =
        SVC.deriver(
                Mechanism.of(
                    Ckm.ECDH1_DERIVE,
                    new EcdhParams(EcdhParams.Kdf.NULL, null, point((ECPublicKey) b.getPublic()))))
            .derive(a.getPrivate(), 0);
    byte[] ba =
        SVC.deriver(
                Mechanism.of(
                    Ckm.ECDH1_COFACTOR_DERIVE,
                    new EcdhParams(EcdhParams.Kdf.NULL, null, point((ECPublicKey) a.getPublic()))))
            .derive(b.getPrivate(), 0);
    assertArrayEquals(ab, ba);
    assertEquals(32, ab.length);
    byte[] kdf =
        SVC.deriver(
                Mechanism.of(
                    Ckm.ECDH1_DERIVE,
                    new EcdhParams(
                        EcdhParams.Kdf.SHA256, new byte[] {1}, point((ECPublicKey) b.getPublic()))))
            .derive(a.getPrivate(), 40);
    assertEquals(40, kdf.length);
    byte[] wrongCurve = point((ECPublicKey) TestKeys.BRAINPOOL_256.getPublic());
    assertEquals(
        Ckr.MECHANISM_PARAM_INVALID,
        assertThrows(
                HsmException.class,
                () ->
                    SVC.deriver(
                            Mechanism.of(
                                Ckm.ECDH1_DERIVE,
                                new EcdhParams(EcdhParams.Kdf.NULL, null, wrongCurve)))
                        .derive(a.getPrivate(), 0))
            .returnCode());
  }

  @Test
  void x25519AndX448AgreeBothWays() throws Exception {
    for (String curve : new String[] {"X25519", "X448"}) {
      KeyPair a =
          SVC.keyGenerators()
              .generateKeyPair(
                  Mechanism.of(Ckm.EC_MONTGOMERY_KEY_PAIR_GEN), new KeyPairSpec.Montgomery(curve));
      KeyPair b =
          SVC.keyGenerators()
              .generateKeyPair(
                  Mechanism.of(Ckm.EC_MONTGOMERY_KEY_PAIR_GEN), new KeyPairSpec.Montgomery(curve));
      byte[] ab =
          SVC.deriver(
                  Mechanism.of(
                      Ckm.ECDH1_DERIVE,
                      new EcdhParams(EcdhParams.Kdf.NULL, null, b.getPublic().getEncoded())))
              .derive(a.getPrivate(), 0);
      byte[] ba =
          SVC.deriver(
                  Mechanism.of(
                      Ckm.ECDH1_DERIVE,
                      new EcdhParams(EcdhParams.Kdf.NULL, null, a.getPublic().getEncoded())))
              .derive(b.getPrivate(), 0);
      assertArrayEquals(ab, ba, curve);
      assertEquals(curve.equals("X25519") ? 32 : 56, ab.length);
    }
  }

  @Test
  void sp800108CounterKdfMatchesBouncyCastlesGenerator() throws Exception {
    byte[] ki = new byte[32];
    ki[0] = 9;
    byte[] label = "label".getBytes(StandardCharsets.US_ASCII);
    byte[] context = "context".getBytes(StandardCharsets.US_ASCII);
    byte[] ours =
        SVC.deriver(
                Mechanism.of(
                    Ckm.SP800_108_COUNTER_KDF, new KdfParams(Ckm.SHA256_HMAC, label, context)))
            .derive(new SecretKeySpec(ki, "GenericSecret"), 45);
    byte[] fixed =
        WycheproofTest.concat(
            WycheproofTest.concat(label, new byte[] {0}),
            WycheproofTest.concat(context, new byte[] {0, 0, 0x01, 0x68})); // L = 360 bits
    KDFCounterBytesGenerator g = new KDFCounterBytesGenerator(new HMac(new SHA256Digest()));
    g.init(new KDFCounterParameters(ki, null, fixed, 32));
    byte[] expected = new byte[45];
    g.generateBytes(expected, 0, 45);
    assertArrayEquals(expected, ours);
  }

  @Test
  void pbkdf2MatchesTheJdkAndHashDerivationHashes() throws Exception {
    byte[] out =
        SVC.deriver(
                Mechanism.of(
                    Ckm.PKCS5_PBKD2,
                    new Pbkdf2Params(
                        Hash.SHA256,
                        "secret".getBytes(StandardCharsets.US_ASCII),
                        new byte[16],
                        1000)))
            .derive(null, 48);
    byte[] jdk =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec("secret".toCharArray(), new byte[16], 1000, 384))
            .getEncoded();
    assertArrayEquals(jdk, out);
    SecretKey base = new SecretKeySpec(new byte[] {1, 2, 3}, "GenericSecret");
    byte[] h = SVC.deriver(Mechanism.of(Ckm.SHA256_KEY_DERIVATION)).derive(base, 16);
    assertArrayEquals(
        java.util.Arrays.copyOf(
            java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3}), 16),
        h);
  }

  @Test
  void mlKemEncapsulatesAndRefusesWrongCiphertextLength() throws Exception {
    KeyPair kp =
        SVC.keyGenerators()
            .generateKeyPair(Mechanism.of(Ckm.ML_KEM_KEY_PAIR_GEN), new KeyPairSpec.MlKem(768));
    KemOperation kem = SVC.kem(Mechanism.of(Ckm.ML_KEM));
    KemOperation.Encapsulation e = kem.encapsulate(kp.getPublic());
    assertEquals(32, e.sharedSecret().length);
    assertArrayEquals(e.sharedSecret(), kem.decapsulate(kp.getPrivate(), e.ciphertext()));
    byte[] bad = e.ciphertext();
    bad[0] ^= 1;
    assertFalse(
        java.util.Arrays.equals(e.sharedSecret(), kem.decapsulate(kp.getPrivate(), bad)),
        "implicit rejection gives a different secret");
    assertEquals(
        Ckr.ENCRYPTED_DATA_LEN_RANGE,
        assertThrows(HsmException.class, () -> kem.decapsulate(kp.getPrivate(), new byte[10]))
            .returnCode());
  }

  @Test
  void keyGenerationCoversEveryTypeAndSize() throws Exception {
    KeyGenerators g = SVC.keyGenerators();
    KeyPair rsa =
        g.generateKeyPair(
            Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
            new KeyPairSpec.Rsa(1024, BigInteger.valueOf(3)));
    assertEquals(1024, ((RSAPublicKey) rsa.getPublic()).getModulus().bitLength());
    assertEquals(BigInteger.valueOf(3), ((RSAPublicKey) rsa.getPublic()).getPublicExponent());
    for (String c :
        new String[] {"P-224", "P-384", "P-521", "brainpoolP384r1", "brainpoolP512r1"}) {
      KeyPair kp = g.generateKeyPair(Mechanism.of(Ckm.EC_KEY_PAIR_GEN), new KeyPairSpec.Ec(c));
      byte[] sig = SVC.signer(Mechanism.of(Ckm.ECDSA_SHA384), kp.getPrivate()).sign(new byte[] {1});
      SVC.verifier(Mechanism.of(Ckm.ECDSA_SHA384), kp.getPublic()).verify(new byte[] {1}, sig);
    }
    for (int set : new int[] {65, 87}) {
      KeyPair kp =
          g.generateKeyPair(Mechanism.of(Ckm.ML_DSA_KEY_PAIR_GEN), new KeyPairSpec.MlDsa(set));
      assertEquals("ML-DSA-" + set, kp.getPublic().getAlgorithm());
    }
    assertEquals(32, g.generateKey(Mechanism.of(Ckm.AES_KEY_GEN), 256).getEncoded().length);
    byte[] des3 = g.generateKey(Mechanism.of(Ckm.DES3_KEY_GEN), 192).getEncoded();
    for (byte b : des3) {
      assertEquals(1, Integer.bitCount(b & 0xff) % 2, "DES3 key bytes have odd parity");
    }
    assertEquals(
        Ckr.KEY_SIZE_RANGE,
        assertThrows(HsmException.class, () -> g.generateKey(Mechanism.of(Ckm.AES_KEY_GEN), 160))
            .returnCode());
    assertEquals(
        Ckr.CURVE_NOT_SUPPORTED,
        assertThrows(
                HsmException.class,
                () ->
                    g.generateKeyPair(
                        Mechanism.of(Ckm.EC_KEY_PAIR_GEN), new KeyPairSpec.Ec("P-192")))
            .returnCode());
  }

  @Test
  void errorsCarryTheRightCodes() throws Exception {
    assertEquals(
        Ckr.MECHANISM_INVALID,
        assertThrows(
                HsmException.class,
                () -> SVC.signer(Mechanism.of(0x7777), TestKeys.P256.getPrivate()))
            .returnCode());
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        assertThrows(
                HsmException.class,
                () -> SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.RSA_2048.getPrivate()))
            .returnCode());
    assertEquals(
        Ckr.KEY_TYPE_INCONSISTENT,
        assertThrows(
                HsmException.class,
                () -> SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPublic()))
            .returnCode());
    assertEquals(
        Ckr.MECHANISM_PARAM_INVALID,
        assertThrows(
                HsmException.class,
                () -> Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], null, 64)))
            .returnCode());
    assertEquals(
        Ckr.MECHANISM_PARAM_INVALID,
        assertThrows(
                HsmException.class,
                () ->
                    SVC.encryptor(
                        Mechanism.of(Ckm.AES_CBC), new SecretKeySpec(new byte[16], "AES")))
            .returnCode());
    assertEquals(
        Ckr.MECHANISM_PARAM_INVALID,
        assertThrows(
                HsmException.class,
                () ->
                    SVC.signer(
                        Mechanism.of(
                            Ckm.SHA256_RSA_PKCS_PSS, new PssParams(Hash.SHA384, Hash.SHA256, 32)),
                        TestKeys.RSA_2048.getPrivate()))
            .returnCode());
    assertEquals(
        Ckr.MECHANISM_INVALID,
        assertThrows(
                HsmException.class,
                () ->
                    SVC.encryptor(Mechanism.of(Ckm.SHA256_RSA_PKCS), TestKeys.RSA_2048.getPublic()))
            .returnCode());
    Mechanism oaep =
        Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA256, null));
    assertEquals(
        Ckr.DATA_LEN_RANGE,
        assertThrows(
                HsmException.class,
                () -> SVC.encryptor(oaep, TestKeys.RSA_2048.getPublic()).process(new byte[200]))
            .returnCode());
    assertEquals(
        Ckr.ENCRYPTED_DATA_LEN_RANGE,
        assertThrows(
                HsmException.class,
                () -> SVC.decryptor(oaep, TestKeys.RSA_2048.getPrivate()).process(new byte[255]))
            .returnCode());
    // PKCS#1 and OAEP failures share one code and one message.
    HsmException p1 =
        assertThrows(
            HsmException.class,
            () ->
                SVC.decryptor(Mechanism.of(Ckm.RSA_PKCS), TestKeys.RSA_2048.getPrivate())
                    .process(new byte[256]));
    HsmException p2 =
        assertThrows(
            HsmException.class,
            () -> SVC.decryptor(oaep, TestKeys.RSA_2048.getPrivate()).process(new byte[256]));
    assertEquals(Ckr.ENCRYPTED_DATA_INVALID, p1.returnCode());
    assertEquals(p1.getMessage(), p2.getMessage());
    assertEquals(
        Ckr.SIGNATURE_LEN_RANGE,
        assertThrows(
                HsmException.class,
                () ->
                    SVC.verifier(Mechanism.of(Ckm.SHA256_RSA_PKCS), TestKeys.RSA_2048.getPublic())
                        .verify(new byte[] {1}, new byte[10]))
            .returnCode());
  }

  @Test
  void drbgIsReseedableAndThreadSafe() throws Exception {
    Drbg d = Drbg.ctrAes256();
    d.reseed("caller seed".getBytes(StandardCharsets.US_ASCII));
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 400; i++) {
      pool.execute(() -> seen.put(java.util.HexFormat.of().formatHex(d.generate(16)), true));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(400, seen.size());
  }
}
