package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ServiceLoader;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every service family against the JDK's own providers, plus registration and aliases. */
class ProviderServicesTest {
  private static SeleneFixture f;
  private static Provider p;
  private static KeyPair rsa;
  private static KeyPair ec;
  private static final byte[] DATA = "the quick brown fox".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn();
    p = f.provider();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", p);
    g.initialize(2048);
    rsa = g.generateKeyPair();
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC", p);
    e.initialize(new ECGenParameterSpec("secp256r1"));
    ec = e.generateKeyPair();
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  @Test
  void registersThroughSecurityAndServiceLoader() {
    boolean found = false;
    for (Provider sp : ServiceLoader.load(Provider.class)) {
      found |= sp instanceof SeleneProvider && sp.getName().equals("Selene");
    }
    assertTrue(found, "ServiceLoader must find the Selene provider");
    f.register();
    try {
      assertSame(p, Security.getProvider("Selene"));
      assertTrue(p.getVersionStr().startsWith("0.1"), p.getVersionStr());
    } finally {
      Security.removeProvider("Selene");
    }
  }

  @Test
  void everyKeyTakingServiceDeclaresSupportedKeyClasses() {
    int keyed = 0;
    for (Provider.Service s : p.getServices()) {
      if (s.getType().equals("Signature")
          || s.getType().equals("Cipher")
          || s.getType().equals("Mac")
          || s.getType().equals("KeyAgreement")) {
        assertEquals(
            "io.selenehsm.provider.key.SeleneKey",
            s.getAttribute("SupportedKeyClasses"),
            s.toString());
        keyed++;
      }
    }
    assertTrue(keyed > 80, "services with keys: " + keyed);
    assertEquals("true", p.getService("SecureRandom", "SeleneRNG").getAttribute("ThreadSafe"));
  }

  @Test
  void aliasesResolve() throws Exception {
    for (String t :
        new String[] {
          "RSA/None/PKCS1Padding",
          "RSA/None/OAEPPadding",
          "RSA/None/OAEPWithSHA256AndMGF1Padding",
          "RSA/None/NoPadding",
          "AES/KW/NoPadding",
          "AES/KWP/NoPadding",
          "DESede/CBC/PKCS5Padding"
        }) {
      assertSame(p, Cipher.getInstance(t, p).getProvider(), t);
    }
    for (String s :
        new String[] {
          "RSA",
          "ECDSA",
          "SHA256withRSAandMGF1",
          "NONEwithX9_31RSA",
          "SHA256withX9_31RSA",
          "SHA256withECDSAinP1363Format",
          "Ed25519",
          "ML-DSA"
        }) {
      assertNotNull(Signature.getInstance(s, p), s);
    }
    assertNotNull(KeyPairGenerator.getInstance("ECDSA", p));
    assertNotNull(Mac.getInstance("CmacAES", p));
    assertNotNull(Mac.getInstance("CmacDES3", p));
    assertNotNull(KeyGenerator.getInstance("DES3", p));
    assertNotNull(MessageDigest.getInstance("SHA256", p));
  }

  @Test
  void delayedProviderSelectionPicksSeleneForItsKeys() throws Exception {
    f.register();
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(rsa.getPrivate());
      assertSame(p, s.getProvider());
      s.update(DATA);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withRSA", "SunRsaSign");
      v.initVerify(rsa.getPublic());
      v.update(DATA);
      assertTrue(v.verify(sig));
    } finally {
      Security.removeProvider("Selene");
    }
  }

  @Test
  void rsaSignaturesVerifyWithTheJdkAndBack() throws Exception {
    for (String alg :
        new String[] {"SHA1withRSA", "SHA256withRSA", "SHA512withRSA", "SHA3-256withRSA"}) {
      roundTripWithJdk(alg, alg, rsa, Security.getProvider("SunRsaSign"));
    }
    roundTripWithJdk(
        "RSA", "NONEwithRSA", rsa, new org.bouncycastle.jce.provider.BouncyCastleProvider());
    Signature s = Signature.getInstance("SHA256withRSAandMGF1", p);
    s.initSign(rsa.getPrivate());
    s.update(DATA);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
    v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    v.initVerify(rsa.getPublic());
    v.update(DATA);
    assertTrue(v.verify(sig));
    Signature pss = Signature.getInstance("RSASSA-PSS", p);
    pss.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
    pss.initVerify(rsa.getPublic());
    Signature jdkPss = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
    jdkPss.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
    jdkPss.initSign(softwareRsa().getPrivate());
    assertNotNull(pss.getParameters());
  }

  private static KeyPair softwareRsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static void roundTripWithJdk(
      String seleneAlg, String jdkAlg, KeyPair kp, String jdkProvider) throws Exception {
    roundTripWithJdk(seleneAlg, jdkAlg, kp, Security.getProvider(jdkProvider));
  }

  private static void roundTripWithJdk(
      String seleneAlg, String jdkAlg, KeyPair kp, Provider jdkProvider) throws Exception {
    Signature s = Signature.getInstance(seleneAlg, p);
    s.initSign(kp.getPrivate());
    s.update(DATA);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(jdkAlg, jdkProvider);
    v.initVerify(kp.getPublic());
    v.update(DATA);
    assertTrue(v.verify(sig), seleneAlg + " signed by Selene, verified by " + jdkProvider);
    Signature own = Signature.getInstance(seleneAlg, p);
    own.initVerify(kp.getPublic());
    own.update(DATA);
    assertTrue(own.verify(sig), seleneAlg + " verified by Selene");
    own.initVerify(kp.getPublic());
    own.update("tampered".getBytes(StandardCharsets.UTF_8));
    assertFalse(own.verify(sig), seleneAlg + " must reject other data");
  }

  @Test
  void ecdsaEddsaAndMlDsa() throws Exception {
    roundTripWithJdk("SHA256withECDSA", "SHA256withECDSA", ec, "SunEC");
    roundTripWithJdk("SHA384withECDSAinP1363Format", "SHA384withECDSAinP1363Format", ec, "SunEC");
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(DATA);
    Signature raw = Signature.getInstance("ECDSA", p);
    raw.initSign(ec.getPrivate());
    raw.update(hash);
    byte[] sig = raw.sign();
    Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
    jdk.initVerify(ec.getPublic());
    jdk.update(DATA);
    assertTrue(jdk.verify(sig), "ECDSA over a pre-hashed input matches SHA256withECDSA");
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519", p).generateKeyPair();
    roundTripWithJdk("Ed25519", "Ed25519", ed, "SunEC");
    KeyPair ml = KeyPairGenerator.getInstance("ML-DSA-65", p).generateKeyPair();
    Signature m = Signature.getInstance("ML-DSA", p);
    m.initSign(ml.getPrivate());
    m.update(DATA);
    byte[] ms = m.sign();
    m.initVerify(ml.getPublic());
    m.update(DATA);
    assertTrue(m.verify(ms));
  }

  @Test
  void foreignPublicKeysVerify() throws Exception {
    KeyPair soft = softwareRsa();
    Signature s = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    s.initSign(soft.getPrivate());
    s.update(DATA);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withRSA", p);
    v.initVerify(soft.getPublic());
    v.update(DATA);
    assertTrue(v.verify(sig));
  }

  @Test
  void aesCiphersDecryptWhatTheJdkEncrypts() throws Exception {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    SecretKeySpec soft = new SecretKeySpec(raw, "AES");
    SecretKey imported =
        (SecretKey) javax.crypto.SecretKeyFactory.getInstance("AES", p).generateSecret(soft);
    assertInstanceOf(SeleneKey.class, imported);
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    for (String t :
        new String[] {"AES/CBC/PKCS5Padding", "AES/ECB/PKCS5Padding", "AES/CTR/NoPadding"}) {
      Cipher jdk = Cipher.getInstance(t, "SunJCE");
      boolean ecb = t.contains("ECB");
      if (ecb) {
        jdk.init(Cipher.ENCRYPT_MODE, soft);
      } else {
        jdk.init(Cipher.ENCRYPT_MODE, soft, new IvParameterSpec(iv));
      }
      byte[] ct = jdk.doFinal(DATA);
      Cipher ours = Cipher.getInstance(t, p);
      if (ecb) {
        ours.init(Cipher.DECRYPT_MODE, imported);
      } else {
        ours.init(Cipher.DECRYPT_MODE, imported, new IvParameterSpec(iv));
      }
      assertArrayEquals(DATA, ours.doFinal(ct), t);
    }
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    byte[] gcmIv = new byte[12];
    jdk.init(Cipher.ENCRYPT_MODE, soft, new GCMParameterSpec(128, gcmIv));
    jdk.updateAAD(new byte[] {1, 2, 3});
    byte[] ct = jdk.doFinal(DATA);
    Cipher ours = Cipher.getInstance("AES/GCM/NoPadding", p);
    ours.init(Cipher.DECRYPT_MODE, imported, new GCMParameterSpec(128, gcmIv));
    ours.updateAAD(new byte[] {1, 2, 3});
    assertArrayEquals(DATA, ours.doFinal(ct));
    ct[0] ^= 1;
    ours.init(Cipher.DECRYPT_MODE, imported, new GCMParameterSpec(128, gcmIv));
    ours.updateAAD(new byte[] {1, 2, 3});
    javax.crypto.AEADBadTagException bad =
        assertThrows(javax.crypto.AEADBadTagException.class, () -> ours.doFinal(ct));
    assertEquals(
        Ckr.ENCRYPTED_DATA_INVALID, ((SeleneCryptokiException) bad.getCause()).getReturnCode());
  }

  @Test
  void gcmAndCtrLetTheHsmGenerateTheIv() throws Exception {
    SecretKey key = KeyGenerator.getInstance("AES", p).generateKey();
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", p);
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[0]));
    byte[] ct = gcm.doFinal(DATA);
    byte[] iv = gcm.getIV();
    assertEquals(12, iv.length);
    GCMParameterSpec spec = gcm.getParameters().getParameterSpec(GCMParameterSpec.class);
    assertArrayEquals(iv, spec.getIV());
    Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", p);
    dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    assertArrayEquals(DATA, dec.doFinal(ct));
    Cipher noParams = Cipher.getInstance("AES/GCM/NoPadding", p);
    noParams.init(Cipher.ENCRYPT_MODE, key);
    byte[] early = noParams.getIV();
    byte[] ct2 = noParams.doFinal(DATA);
    dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, early));
    assertArrayEquals(DATA, dec.doFinal(ct2), "an IV asked for before doFinal is the one used");
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding", p);
    ctr.init(Cipher.ENCRYPT_MODE, key);
    byte[] ctrCt = ctr.doFinal(DATA);
    byte[] ctrIv = ctr.getIV();
    assertEquals(16, ctrIv.length);
    Cipher ctrDec = Cipher.getInstance("AES/CTR/NoPadding", p);
    ctrDec.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(ctrIv));
    assertArrayEquals(DATA, ctrDec.doFinal(ctrCt));
  }

  @Test
  void rsaCiphersInteroperate() throws Exception {
    Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "SunJCE");
    jdk.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
    byte[] ct = jdk.doFinal(DATA);
    Cipher ours = Cipher.getInstance("RSA/None/OAEPWithSHA256AndMGF1Padding", p);
    ours.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
    assertArrayEquals(DATA, ours.doFinal(ct));
    Cipher pk = Cipher.getInstance("RSA/ECB/PKCS1Padding", p);
    pk.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
    byte[] ct2 = pk.doFinal(DATA);
    Cipher pkd = Cipher.getInstance("RSA/None/PKCS1Padding", p);
    pkd.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
    assertArrayEquals(DATA, pkd.doFinal(ct2));
    Cipher label = Cipher.getInstance("RSA/ECB/OAEPPadding", p);
    OAEPParameterSpec spec =
        new OAEPParameterSpec(
            "SHA-384", "MGF1", MGF1ParameterSpec.SHA384, new PSource.PSpecified(new byte[] {9}));
    label.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), spec);
    byte[] ct3 = label.doFinal(DATA);
    Cipher jdkDec = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
    jdkDec.init(Cipher.DECRYPT_MODE, softwareRsa().getPrivate(), spec);
    label.init(Cipher.DECRYPT_MODE, rsa.getPrivate(), spec);
    assertArrayEquals(DATA, label.doFinal(ct3));
  }

  @Test
  void wrapAndUnwrapKeepKeysInTheHsm() throws Exception {
    SecretKey kek = KeyGenerator.getInstance("AES", p).generateKey();
    f.slotManager().setSecretKeysExtractable(true);
    SecretKey target;
    try {
      target = KeyGenerator.getInstance("AES", p).generateKey();
    } finally {
      f.slotManager().setSecretKeysExtractable(false);
    }
    for (String t : new String[] {"AES/KW/NoPadding", "AES/KWP/NoPadding"}) {
      Cipher w = Cipher.getInstance(t, p);
      w.init(Cipher.WRAP_MODE, kek);
      byte[] wrapped = w.wrap(target);
      w.init(Cipher.UNWRAP_MODE, kek);
      SecretKey back = (SecretKey) w.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
      assertInstanceOf(SeleneKey.class, back);
      assertNull(back.getEncoded(), "an unwrapped key is sensitive");
      Cipher e1 = Cipher.getInstance("AES/ECB/NoPadding", p);
      e1.init(Cipher.ENCRYPT_MODE, target);
      Cipher e2 = Cipher.getInstance("AES/ECB/NoPadding", p);
      e2.init(Cipher.ENCRYPT_MODE, back);
      byte[] block = new byte[16];
      assertArrayEquals(e1.doFinal(block), e2.doFinal(block), t);
    }
    // A pair of its own: a wrap commits the private half to unwrapping (key separation), and
    // the shared pair decrypts data in other tests.
    KeyPairGenerator g2048 = KeyPairGenerator.getInstance("RSA", p);
    g2048.initialize(2048);
    Cipher rsaWrap = Cipher.getInstance("RSA/ECB/OAEPPadding", p);
    rsaWrap.init(Cipher.WRAP_MODE, g2048.generateKeyPair().getPublic());
    KeyGenerator small = KeyGenerator.getInstance("AES", p);
    small.init(128);
    f.slotManager().setSecretKeysExtractable(true);
    SecretKey aes128 = small.generateKey();
    f.slotManager().setSecretKeysExtractable(false);
    // Outside FIPS mode (this HSM's) a weaker wrapping key is allowed: RSA-2048 wraps AES-256.
    // FIPS mode's refusal (CKR_WRAPPING_KEY_SIZE_RANGE) is tested in the engine's HsmCryptoTest.
    assertEquals(256, rsaWrap.wrap(target).length);
    KeyPairGenerator g3072 = KeyPairGenerator.getInstance("RSA", p);
    g3072.initialize(3072);
    KeyPair rsa3072 = g3072.generateKeyPair();
    rsaWrap.init(Cipher.WRAP_MODE, rsa3072.getPublic());
    byte[] wrapped = rsaWrap.wrap(aes128);
    rsaWrap.init(Cipher.UNWRAP_MODE, rsa3072.getPrivate());
    assertInstanceOf(SeleneKey.class, rsaWrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY));
  }

  @Test
  void macsMatchTheJdk() throws Exception {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    for (String alg : new String[] {"HmacSHA256", "HmacSHA512", "HmacSHA3-256"}) {
      Mac jdk = Mac.getInstance(alg, "SunJCE");
      jdk.init(new SecretKeySpec(raw, alg));
      Mac ours = Mac.getInstance(alg, p);
      ours.init(new SecretKeySpec(raw, alg));
      ours.update(DATA, 0, 5);
      ours.update(DATA, 5, DATA.length - 5);
      assertArrayEquals(jdk.doFinal(DATA), ours.doFinal(), alg);
    }
    SecretKey aes = KeyGenerator.getInstance("AES", p).generateKey();
    Mac cmac = Mac.getInstance("CmacAES", p);
    cmac.init(aes);
    assertEquals(16, cmac.doFinal(DATA).length);
    Mac gmac = Mac.getInstance("AES-GMAC", p);
    gmac.init(aes, new IvParameterSpec(new byte[12]));
    assertEquals(16, gmac.doFinal(DATA).length);
  }

  @Test
  void ecdhAgreesWithTheJdk() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair peer = g.generateKeyPair();
    KeyAgreement ours = KeyAgreement.getInstance("ECDH", p);
    ours.init(ec.getPrivate());
    ours.doPhase(peer.getPublic(), true);
    KeyAgreement jdk = KeyAgreement.getInstance("ECDH", "SunEC");
    jdk.init(peer.getPrivate());
    jdk.doPhase(ec.getPublic(), true);
    assertArrayEquals(jdk.generateSecret(), ours.generateSecret());
    KeyPair x = KeyPairGenerator.getInstance("X25519", p).generateKeyPair();
    KeyPair xPeer = KeyPairGenerator.getInstance("X25519", "SunEC").generateKeyPair();
    KeyAgreement xo = KeyAgreement.getInstance("X25519", p);
    xo.init(x.getPrivate());
    xo.doPhase(xPeer.getPublic(), true);
    KeyAgreement xj = KeyAgreement.getInstance("X25519", "SunEC");
    xj.init(xPeer.getPrivate());
    xj.doPhase(x.getPublic(), true);
    assertArrayEquals(xj.generateSecret(), xo.generateSecret());
  }

  @Test
  void digestsRandomAndKem() throws Exception {
    for (String alg : new String[] {"SHA-1", "SHA-256", "SHA-512", "SHA3-256"}) {
      MessageDigest ours = MessageDigest.getInstance(alg, p);
      ours.update(DATA, 0, 3);
      MessageDigest copy = (MessageDigest) ours.clone();
      ours.update(DATA, 3, DATA.length - 3);
      assertArrayEquals(MessageDigest.getInstance(alg).digest(DATA), ours.digest(), alg);
      copy.update(DATA, 3, DATA.length - 3);
      assertArrayEquals(MessageDigest.getInstance(alg).digest(DATA), copy.digest(), "clone");
    }
    SecureRandom r = SecureRandom.getInstance("SeleneRNG", p);
    r.setSeed(new byte[] {1, 2, 3});
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    r.nextBytes(a);
    r.nextBytes(b);
    assertFalse(java.util.Arrays.equals(a, b));
    KeyPair kem = KeyPairGenerator.getInstance("ML-KEM-768", p).generateKeyPair();
    SeleneKem.Encapsulated enc = SeleneKemTestSupport.encapsulate(f, kem);
    SecretKey dec = SeleneKem.decapsulate(kem.getPrivate(), enc.ciphertext(), "AES");
    Cipher c1 = Cipher.getInstance("AES/ECB/NoPadding", p);
    c1.init(Cipher.ENCRYPT_MODE, enc.key());
    Cipher c2 = Cipher.getInstance("AES/ECB/NoPadding", p);
    c2.init(Cipher.ENCRYPT_MODE, dec);
    assertArrayEquals(c1.doFinal(new byte[16]), c2.doFinal(new byte[16]));
  }

  @Test
  void errorsCarryReturnCodes() throws Exception {
    SecretKey aes = KeyGenerator.getInstance("AES", p).generateKey();
    Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding", p);
    cbc.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(new byte[16]));
    javax.crypto.IllegalBlockSizeException e =
        assertThrows(javax.crypto.IllegalBlockSizeException.class, () -> cbc.doFinal(new byte[5]));
    assertEquals(Ckr.DATA_LEN_RANGE, ((SeleneCryptokiException) e.getCause()).getReturnCode());
    f.setPartitionPolicy(6, 0);
    try {
      Mac m = Mac.getInstance("HmacSHA256", p);
      java.security.InvalidKeyException ik =
          assertThrows(
              java.security.InvalidKeyException.class,
              () -> m.init(new SecretKeySpec(new byte[32], "HmacSHA256")));
      assertEquals(
          Ckr.ACTION_PROHIBITED, ((SeleneCryptokiException) ik.getCause()).getReturnCode());
    } finally {
      f.setPartitionPolicy(6, 1);
    }
    Signature s = Signature.getInstance("SHA256withRSA", p);
    s.initVerify(rsa.getPublic());
    s.update(DATA);
    assertFalse(s.verify(new byte[256]));
  }
}
