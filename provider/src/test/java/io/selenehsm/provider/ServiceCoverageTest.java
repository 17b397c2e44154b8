package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.DSAPublicKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.X931Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The services ProviderServicesTest does not reach, each against the JDK or Bouncy Castle. */
class ServiceCoverageTest {
  private static final Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  private static final byte[] DATA = "selene service coverage".getBytes(StandardCharsets.UTF_8);
  private static SeleneFixture f;
  private static Provider p;
  private static KeyPair rsa;
  private static KeyPair ec;

  @BeforeAll
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn();
    p = f.provider();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", p);
    g.initialize(2048);
    rsa = g.generateKeyPair();
    ec = KeyPairGenerator.getInstance("EC", p).generateKeyPair();
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static byte[] sign(String alg, PrivateKey k, byte[] data) throws Exception {
    Signature s = Signature.getInstance(alg, p);
    s.initSign(k);
    s.update(data);
    return s.sign();
  }

  private static boolean verify(String alg, Provider by, PublicKey k, byte[] data, byte[] sig)
      throws Exception {
    Signature v = Signature.getInstance(alg, by);
    v.initVerify(k);
    v.update(data);
    return v.verify(sig);
  }

  /** Issue 4's aliases: each resolves to the service of its standard name. */
  static Stream<Arguments> aliases() {
    List<Arguments> a = new ArrayList<>();
    a.add(Arguments.of("Cipher", "RSA/None/PKCS1Padding", "RSA/ECB/PKCS1Padding"));
    a.add(Arguments.of("Cipher", "RSA/None/OAEPPadding", "RSA/ECB/OAEPPadding"));
    a.add(
        Arguments.of(
            "Cipher",
            "RSA/None/OAEPWithSHA256AndMGF1Padding",
            "RSA/ECB/OAEPWithSHA-256AndMGF1Padding"));
    a.add(Arguments.of("Cipher", "RSA/None/NoPadding", "RSA/ECB/NoPadding"));
    a.add(Arguments.of("Cipher", "AES/KW/NoPadding", "AES/KW/NoPadding"));
    a.add(Arguments.of("Cipher", "AES/KWP/NoPadding", "AES/KWP/NoPadding"));
    a.add(Arguments.of("KeyPairGenerator", "ECDSA", "EC"));
    a.add(Arguments.of("Signature", "RSA", "NONEwithRSA"));
    a.add(Arguments.of("Signature", "ECDSA", "NONEwithECDSA"));
    a.add(Arguments.of("Signature", "NONEwithX9_31RSA", "NONEwithX9_31RSA"));
    for (String h : List.of("SHA1", "SHA224", "SHA256", "SHA384", "SHA512")) {
      a.add(Arguments.of("Signature", h + "withRSAandMGF1", h + "withRSAandMGF1"));
      a.add(Arguments.of("Signature", h + "withX9_31RSA", h + "withX9_31RSA"));
      a.add(Arguments.of("Mac", "Hmac" + h, "Hmac" + h));
      String dashed = h.replace("SHA", "SHA-");
      a.add(Arguments.of("MessageDigest", h, dashed));
    }
    a.add(Arguments.of("Mac", "CmacAES", "AESCMAC"));
    a.add(Arguments.of("Mac", "CmacDES3", "DESedeCMAC"));
    a.add(Arguments.of("KeyGenerator", "DES3", "DESede"));
    a.add(Arguments.of("SecureRandom", "SeleneRNG", "SeleneRNG"));
    return a.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("aliases")
  void everyIssueAliasResolves(String type, String alias, String standard) throws Exception {
    Provider.Service s = p.getService(type, alias);
    assertNotNull(s, type + " " + alias);
    assertEquals(standard, s.getAlgorithm(), alias + " is the service of " + standard);
    Object instance =
        switch (type) {
          case "Cipher" -> Cipher.getInstance(alias, p);
          case "KeyPairGenerator" -> KeyPairGenerator.getInstance(alias, p);
          case "Signature" -> Signature.getInstance(alias, p);
          case "Mac" -> Mac.getInstance(alias, p);
          case "MessageDigest" -> MessageDigest.getInstance(alias, p);
          case "KeyGenerator" -> KeyGenerator.getInstance(alias, p);
          default -> SecureRandom.getInstance(alias, p);
        };
    assertNotNull(instance);
  }

  @Test
  void dsaSignaturesVerifyWithTheJdk() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("DSA", p);
    g.initialize(2048);
    KeyPair dsa = g.generateKeyPair();
    for (String alg : List.of("SHA1withDSA", "SHA224withDSA", "SHA256withDSA")) {
      byte[] sig = sign(alg, dsa.getPrivate(), DATA);
      assertTrue(
          verify(alg, java.security.Security.getProvider("SUN"), dsa.getPublic(), DATA, sig), alg);
      assertTrue(verify(alg, p, dsa.getPublic(), DATA, sig), alg + " by Selene");
    }
    KeyPairGenerator jg = KeyPairGenerator.getInstance("DSA", "SUN");
    jg.initialize(2048);
    KeyPair soft = jg.generateKeyPair();
    Signature js = Signature.getInstance("SHA256withDSA", "SUN");
    js.initSign(soft.getPrivate());
    js.update(DATA);
    assertTrue(
        verify("SHA256withDSA", p, soft.getPublic(), DATA, js.sign()),
        "a JDK DSA signature verifies with its foreign public key");
  }

  @Test
  void x931SignaturesVerifyWithBouncyCastle() throws Exception {
    RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
    RSAKeyParameters bcKey = new RSAKeyParameters(false, pub.getModulus(), pub.getPublicExponent());
    record X931(String alg, Digest digest, String jdk, int id) {}
    for (X931 x :
        List.of(
            new X931("SHA1withX9_31RSA", new SHA1Digest(), "SHA-1", 0x33),
            new X931("SHA224withX9_31RSA", new SHA224Digest(), "SHA-224", 0x38),
            new X931("SHA256withX9_31RSA", new SHA256Digest(), "SHA-256", 0x34),
            new X931("SHA384withX9_31RSA", new SHA384Digest(), "SHA-384", 0x36),
            new X931("SHA512withX9_31RSA", new SHA512Digest(), "SHA-512", 0x35))) {
      byte[] sig = sign(x.alg(), rsa.getPrivate(), DATA);
      X931Signer bc = new X931Signer(new RSAEngine(), x.digest());
      bc.init(false, bcKey);
      bc.update(DATA, 0, DATA.length);
      assertTrue(bc.verifySignature(sig), x.alg() + " verified by BC's X931Signer");
      assertTrue(verify(x.alg(), p, rsa.getPublic(), DATA, sig));
      byte[] hash = MessageDigest.getInstance(x.jdk()).digest(DATA);
      byte[] input = java.util.Arrays.copyOf(hash, hash.length + 2);
      input[hash.length] = (byte) x.id();
      input[hash.length + 1] = (byte) 0xCC;
      byte[] raw = sign("NONEwithX9_31RSA", rsa.getPrivate(), input);
      bc.init(false, bcKey);
      bc.update(DATA, 0, DATA.length);
      assertTrue(bc.verifySignature(raw), "NONEwithX9_31RSA over " + x.jdk() + " || trailer");
    }
    Signature bad = Signature.getInstance("NONEwithX9_31RSA", p);
    bad.initSign(rsa.getPrivate());
    bad.update(new byte[32]);
    assertThrows(java.security.SignatureException.class, bad::sign, "no trailer");
  }

  @Test
  void sha3SignaturesAndP1363AndPrehashedEcdsa() throws Exception {
    for (String h : List.of("SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512")) {
      assertTrue(
          verify(
              h + "withECDSA",
              BC,
              ec.getPublic(),
              DATA,
              sign(h + "withECDSA", ec.getPrivate(), DATA)),
          h + "withECDSA by BC");
      assertTrue(
          verify(
              h + "withRSA",
              BC,
              rsa.getPublic(),
              DATA,
              sign(h + "withRSA", rsa.getPrivate(), DATA)),
          h + "withRSA by BC");
    }
    byte[] p1363 = sign("SHA256withECDSAinP1363Format", ec.getPrivate(), DATA);
    assertEquals(64, p1363.length, "r || s, 32 bytes each");
    assertTrue(
        verify(
            "SHA256withECDSAinP1363Format",
            java.security.Security.getProvider("SunEC"),
            ec.getPublic(),
            DATA,
            p1363));
    byte[] hash = MessageDigest.getInstance("SHA-384").digest(DATA);
    for (String alg : List.of("NONEwithECDSA", "ECDSA")) {
      byte[] sig = sign(alg, ec.getPrivate(), hash);
      assertTrue(
          verify(
              "SHA384withECDSA",
              java.security.Security.getProvider("SunEC"),
              ec.getPublic(),
              DATA,
              sig),
          alg + " over a SHA-384 hash");
      assertTrue(
          verify(
              "NONEwithECDSA",
              java.security.Security.getProvider("SunEC"),
              ec.getPublic(),
              hash,
              sig));
    }
    byte[] raw = sign("NONEwithECDSAinP1363Format", ec.getPrivate(), hash);
    assertTrue(
        verify(
            "NONEwithECDSAinP1363Format",
            java.security.Security.getProvider("SunEC"),
            ec.getPublic(),
            hash,
            raw));
  }

  /**
   * The JDK's cipher for the reference value. From JDK 21 on the JDK's KWP refuses an alternative
   * initial value; RFC 5649 section 4.1 defines KWP of n > 8 bytes as KW (RFC 3394) over IV ||
   * 32-bit length and the data zero-padded to 8 bytes, which the JDK's KW computes.
   */
  private static Cipher kwReference(
      String transformation, SecretKeySpec kek, IvParameterSpec iv, int length) throws Exception {
    if (!transformation.startsWith("AES/KWP")) {
      Cipher kw = Cipher.getInstance(transformation, "SunJCE");
      kw.init(Cipher.ENCRYPT_MODE, kek, iv);
      return kw;
    }
    if (length % 8 != 0 || length <= 8) {
      throw new IllegalArgumentException("the KW reference needs more than 8 bytes in blocks of 8");
    }
    byte[] aiv = java.util.Arrays.copyOf(iv.getIV(), 8);
    java.nio.ByteBuffer.wrap(aiv, 4, 4).putInt(length);
    Cipher kw = Cipher.getInstance("AES/KW/NoPadding", "SunJCE");
    kw.init(Cipher.ENCRYPT_MODE, kek, new IvParameterSpec(aiv));
    return kw;
  }

  @Test
  void keyWrapTakesTheCallersInitialValue() throws Exception {
    byte[] raw = new byte[16];
    new SecureRandom().nextBytes(raw);
    SecretKeySpec soft = new SecretKeySpec(raw, "AES");
    SecretKey kek = SecretKeyFactory.getInstance("AES", p).generateSecret(soft);
    byte[] keyData = new byte[24];
    new SecureRandom().nextBytes(keyData);
    for (String[] c :
        new String[][] {
          {"AES/KW/NoPadding", "0123456789abcdef"}, {"AES/KWP/NoPadding", "a1b2c3d4"}
        }) {
      IvParameterSpec iv = new IvParameterSpec(java.util.HexFormat.of().parseHex(c[1]));
      Cipher jdk = kwReference(c[0], soft, iv, keyData.length);
      Cipher ours = Cipher.getInstance(c[0], p);
      ours.init(Cipher.ENCRYPT_MODE, kek, iv);
      byte[] wrapped = ours.doFinal(keyData);
      assertArrayEquals(jdk.doFinal(keyData), wrapped, c[0] + " with IV " + c[1]);
      ours.init(Cipher.DECRYPT_MODE, kek, iv);
      assertArrayEquals(keyData, ours.doFinal(wrapped));
      ours.init(Cipher.DECRYPT_MODE, kek);
      assertThrows(
          javax.crypto.BadPaddingException.class,
          () -> ours.doFinal(wrapped),
          "the default IV does not unwrap what another IV wrapped");
      assertThrows(
          java.security.InvalidAlgorithmParameterException.class,
          () -> ours.init(Cipher.ENCRYPT_MODE, kek, new IvParameterSpec(new byte[5])));
    }
  }

  @Test
  void desedeCiphersMatchSunJce() throws Exception {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    SecretKeySpec soft = new SecretKeySpec(raw, "DESede");
    SecretKey ours = SecretKeyFactory.getInstance("DESede", p).generateSecret(soft);
    byte[] iv = new byte[8];
    new SecureRandom().nextBytes(iv);
    for (String t :
        List.of(
            "DESede/ECB/NoPadding",
            "DESede/CBC/NoPadding",
            "DESede/ECB/PKCS5Padding",
            "DESede/CBC/PKCS5Padding",
            "DES3/ECB/PKCS5Padding")) {
      boolean ecb = t.contains("ECB");
      byte[] in = t.contains("NoPadding") ? new byte[32] : DATA;
      Cipher jdk = Cipher.getInstance(t.replace("DES3/", "DESede/"), "SunJCE");
      Cipher sel = Cipher.getInstance(t, p);
      if (ecb) {
        jdk.init(Cipher.ENCRYPT_MODE, soft);
        sel.init(Cipher.ENCRYPT_MODE, ours);
      } else {
        jdk.init(Cipher.ENCRYPT_MODE, soft, new IvParameterSpec(iv));
        sel.init(Cipher.ENCRYPT_MODE, ours, new IvParameterSpec(iv));
      }
      byte[] ct = sel.doFinal(in);
      assertArrayEquals(jdk.doFinal(in), ct, t);
      if (ecb) {
        sel.init(Cipher.DECRYPT_MODE, ours);
      } else {
        sel.init(Cipher.DECRYPT_MODE, ours, new IvParameterSpec(iv));
      }
      assertArrayEquals(in, sel.doFinal(ct), t + " decrypt");
    }
  }

  @Test
  void cmacGmacAndHmacSha3MatchTheReferences() throws Exception {
    byte[] aesRaw = new byte[32];
    byte[] desRaw = new byte[24];
    byte[] hmacRaw = new byte[48];
    SecureRandom r = new SecureRandom();
    r.nextBytes(aesRaw);
    r.nextBytes(desRaw);
    r.nextBytes(hmacRaw);
    record Case(
        String ours,
        String bc,
        String keyAlg,
        byte[] raw,
        java.security.spec.AlgorithmParameterSpec params) {}
    byte[] iv = new byte[12];
    r.nextBytes(iv);
    for (Case c :
        List.of(
            new Case("AESCMAC", "AESCMAC", "AES", aesRaw, null),
            new Case("CmacAES", "AESCMAC", "AES", aesRaw, null),
            new Case("DESedeCMAC", "DESEDECMAC", "DESede", desRaw, null),
            new Case("CmacDES3", "DESEDECMAC", "DESede", desRaw, null),
            new Case("AES-GMAC", "AES-GMAC", "AES", aesRaw, new IvParameterSpec(iv)))) {
      Mac sel = Mac.getInstance(c.ours(), p);
      sel.init(new SecretKeySpec(c.raw(), c.keyAlg()), c.params());
      Mac ref = Mac.getInstance(c.bc(), BC);
      ref.init(new SecretKeySpec(c.raw(), c.keyAlg()), c.params());
      assertArrayEquals(ref.doFinal(DATA), sel.doFinal(DATA), c.ours());
    }
    for (String alg : List.of("HmacSHA3-224", "HmacSHA3-256", "HmacSHA3-384", "HmacSHA3-512")) {
      Mac sel = Mac.getInstance(alg, p);
      sel.init(new SecretKeySpec(hmacRaw, alg));
      Mac jdk = Mac.getInstance(alg, "SunJCE");
      jdk.init(new SecretKeySpec(hmacRaw, alg));
      assertArrayEquals(jdk.doFinal(DATA), sel.doFinal(DATA), alg);
    }
  }

  /** Generates a Selene pair of {@code alg}, exports the public key as {@code spec}, back. */
  private static void publicRoundTrip(
      String alg, Class<? extends KeySpec> spec, java.security.spec.AlgorithmParameterSpec gen)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg, p);
    if (gen != null) {
      g.initialize(gen);
    }
    PublicKey pub = g.generateKeyPair().getPublic();
    KeyFactory kf = KeyFactory.getInstance(alg, p);
    KeySpec out = kf.getKeySpec(pub, spec);
    PublicKey back = kf.generatePublic(out);
    assertArrayEquals(pub.getEncoded(), back.getEncoded(), alg + " via " + spec.getSimpleName());
    PublicKey viaX509 = kf.generatePublic(new X509EncodedKeySpec(pub.getEncoded()));
    assertArrayEquals(pub.getEncoded(), viaX509.getEncoded(), alg + " via X.509");
  }

  @Test
  void keyFactoriesRoundTripPublicKeySpecs() throws Exception {
    publicRoundTrip("RSA", RSAPublicKeySpec.class, null);
    publicRoundTrip("EC", ECPublicKeySpec.class, new ECGenParameterSpec("secp384r1"));
    publicRoundTrip("Ed25519", EdECPublicKeySpec.class, null);
    publicRoundTrip("Ed448", X509EncodedKeySpec.class, null);
    publicRoundTrip("X25519", XECPublicKeySpec.class, null);
    publicRoundTrip("X448", X509EncodedKeySpec.class, null);
    publicRoundTrip("DSA", DSAPublicKeySpec.class, null);
    publicRoundTrip("ML-DSA-65", X509EncodedKeySpec.class, null);
    publicRoundTrip("ML-KEM-768", X509EncodedKeySpec.class, null);
  }

  @Test
  void privateKeySpecsImportAsSessionObjectsOnlyWhenPolicyAllows() throws Exception {
    KeyPair soft = KeyPairGenerator.getInstance("EC", "SunEC").generateKeyPair();
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(soft.getPrivate().getEncoded());
    PrivateKey imported = KeyFactory.getInstance("EC", p).generatePrivate(spec);
    SeleneKey k = assertInstanceOf(SeleneKey.class, imported);
    assertFalse(k.isPersistent(), "imported keys are session objects");
    assertTrue(
        verify(
            "SHA256withECDSA",
            java.security.Security.getProvider("SunEC"),
            soft.getPublic(),
            DATA,
            sign("SHA256withECDSA", imported, DATA)));
    assertThrows(
        InvalidKeySpecException.class,
        () ->
            KeyFactory.getInstance("EC", p)
                .getKeySpec(imported, java.security.spec.ECPrivateKeySpec.class),
        "the value of an imported key never leaves");
    f.setPartitionPolicy(2, 0);
    try {
      InvalidKeySpecException e =
          assertThrows(
              InvalidKeySpecException.class,
              () -> KeyFactory.getInstance("EC", p).generatePrivate(spec));
      assertEquals(Ckr.ACTION_PROHIBITED, ((SeleneCryptokiException) e.getCause()).getReturnCode());
    } finally {
      f.setPartitionPolicy(2, 1);
    }
  }

  @Test
  void secretKeyFactoriesImportRawKeys() throws Exception {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    SecretKey aes =
        SecretKeyFactory.getInstance("AES", p).generateSecret(new SecretKeySpec(raw, "AES"));
    assertInstanceOf(SeleneKey.class, aes);
    Cipher c = Cipher.getInstance("AES/ECB/NoPadding", p);
    c.init(Cipher.ENCRYPT_MODE, aes);
    Cipher j = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
    j.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, "AES"));
    assertArrayEquals(j.doFinal(new byte[16]), c.doFinal(new byte[16]));
    SecretKey des =
        SecretKeyFactory.getInstance("DES3", p)
            .generateSecret(new SecretKeySpec(java.util.Arrays.copyOf(raw, 24), "DESede"));
    assertEquals("DESede", des.getAlgorithm());
    SecretKey hmac =
        SecretKeyFactory.getInstance("HmacSHA512", p)
            .generateSecret(new SecretKeySpec(raw, "HmacSHA512"));
    Mac m = Mac.getInstance("HmacSHA512", p);
    m.init(hmac);
    Mac jm = Mac.getInstance("HmacSHA512", "SunJCE");
    jm.init(new SecretKeySpec(raw, "HmacSHA512"));
    assertArrayEquals(jm.doFinal(DATA), m.doFinal(DATA));
  }

  @Test
  void algorithmParametersRoundTrip() throws Exception {
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    AlgorithmParameters gcm = AlgorithmParameters.getInstance("GCM", p);
    gcm.init(new GCMParameterSpec(96, iv));
    AlgorithmParameters gcm2 = AlgorithmParameters.getInstance("GCM", p);
    gcm2.init(gcm.getEncoded());
    GCMParameterSpec g = gcm2.getParameterSpec(GCMParameterSpec.class);
    assertEquals(96, g.getTLen());
    assertArrayEquals(iv, g.getIV());
    AlgorithmParameters oaep = AlgorithmParameters.getInstance("OAEP", p);
    oaep.init(
        new OAEPParameterSpec(
            "SHA-384", "MGF1", MGF1ParameterSpec.SHA384, new PSource.PSpecified(new byte[] {5})));
    AlgorithmParameters oaep2 = AlgorithmParameters.getInstance("OAEP", p);
    oaep2.init(oaep.getEncoded());
    OAEPParameterSpec o = oaep2.getParameterSpec(OAEPParameterSpec.class);
    assertEquals("SHA-384", o.getDigestAlgorithm());
    assertArrayEquals(new byte[] {5}, ((PSource.PSpecified) o.getPSource()).getValue());
    AlgorithmParameters pss = AlgorithmParameters.getInstance("RSASSA-PSS", p);
    pss.init(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
    AlgorithmParameters pss2 = AlgorithmParameters.getInstance("PSS", p);
    pss2.init(pss.getEncoded());
    PSSParameterSpec ps = pss2.getParameterSpec(PSSParameterSpec.class);
    assertEquals("SHA-512", ps.getDigestAlgorithm());
    assertEquals(64, ps.getSaltLength());
    AlgorithmParameters ecp = AlgorithmParameters.getInstance("EC", p);
    ecp.init(new ECGenParameterSpec("secp256r1"));
    AlgorithmParameters ecp2 = AlgorithmParameters.getInstance("EC", p);
    ecp2.init(ecp.getEncoded());
    assertEquals(
        ((java.security.interfaces.ECKey) ec.getPublic()).getParams().getOrder(),
        ecp2.getParameterSpec(ECParameterSpec.class).getOrder());
  }

  @Test
  void keyAgreementsMatchTheJdk() throws Exception {
    for (String alg : List.of("X25519", "X448", "ECDH")) {
      String gen = alg.equals("ECDH") ? "EC" : alg;
      KeyPair ours = KeyPairGenerator.getInstance(gen, p).generateKeyPair();
      KeyPairGenerator jg = KeyPairGenerator.getInstance(gen, "SunEC");
      if (alg.equals("ECDH")) {
        jg.initialize(((java.security.interfaces.ECKey) ours.getPublic()).getParams());
      }
      KeyPair peer = jg.generateKeyPair();
      KeyAgreement a = KeyAgreement.getInstance(alg, p);
      a.init(ours.getPrivate());
      a.doPhase(peer.getPublic(), true);
      KeyAgreement b = KeyAgreement.getInstance(alg, "SunEC");
      b.init(peer.getPrivate());
      b.doPhase(ours.getPublic(), true);
      assertArrayEquals(b.generateSecret(), a.generateSecret(), alg);
    }
  }

  @Test
  void mlDsaInteroperatesWithBouncyCastle() throws Exception {
    for (String set : List.of("ML-DSA-44", "ML-DSA-65", "ML-DSA-87")) {
      KeyPair kp = KeyPairGenerator.getInstance(set, p).generateKeyPair();
      PublicKey bcPub =
          KeyFactory.getInstance("ML-DSA", BC)
              .generatePublic(new X509EncodedKeySpec(kp.getPublic().getEncoded()));
      assertTrue(
          verify("ML-DSA", BC, bcPub, DATA, sign("ML-DSA", kp.getPrivate(), DATA)),
          set + " signed by Selene, verified by BC");
      KeyPair soft = KeyPairGenerator.getInstance(set, BC).generateKeyPair();
      Signature bs = Signature.getInstance("ML-DSA", BC);
      bs.initSign(soft.getPrivate());
      bs.update(DATA);
      assertTrue(
          verify("ML-DSA", p, soft.getPublic(), DATA, bs.sign()),
          set + " signed by BC, verified by Selene with the foreign public key");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"})
  void mlKemRoundTripsThroughSeleneKem(String set) throws Exception {
    KeyPair kem = KeyPairGenerator.getInstance(set, p).generateKeyPair();
    SeleneKem.Encapsulated enc = SeleneKem.encapsulate(kem.getPublic(), "AES");
    SecretKey dec = SeleneKem.decapsulate(kem.getPrivate(), enc.ciphertext(), "AES");
    Cipher c1 = Cipher.getInstance("AES/ECB/NoPadding", p);
    c1.init(Cipher.ENCRYPT_MODE, enc.key());
    Cipher c2 = Cipher.getInstance("AES/ECB/NoPadding", p);
    c2.init(Cipher.ENCRYPT_MODE, dec);
    assertArrayEquals(c1.doFinal(new byte[16]), c2.doFinal(new byte[16]), set);
    byte[] other = enc.ciphertext().clone();
    other[0] ^= 1;
    SecretKey implicit = SeleneKem.decapsulate(kem.getPrivate(), other, "AES");
    c2.init(Cipher.ENCRYPT_MODE, implicit);
    assertFalse(
        java.util.Arrays.equals(c1.doFinal(new byte[16]), c2.doFinal(new byte[16])),
        "a changed ciphertext gives another secret (implicit rejection)");
  }

  @Test
  void secureRandomIsThreadSafeAndSeedable() throws Exception {
    SecureRandom r = SecureRandom.getInstance("SeleneRNG", p);
    assertSame(p, r.getProvider());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        parts.add(
            pool.submit(
                () -> {
                  List<String> out = new ArrayList<>();
                  for (int i = 0; i < 200; i++) {
                    byte[] b = new byte[16];
                    r.nextBytes(b);
                    out.add(java.util.HexFormat.of().formatHex(b));
                  }
                  return out;
                }));
      }
      Set<String> all = new HashSet<>();
      for (Future<List<String>> part : parts) {
        all.addAll(part.get());
      }
      assertEquals(800, all.size(), "no output repeats across threads");
    } finally {
      pool.shutdownNow();
    }
    SecureRandom a = SecureRandom.getInstance("SeleneRNG", p);
    SecureRandom b = SecureRandom.getInstance("SeleneRNG", p);
    a.setSeed(42L);
    b.setSeed(42L);
    byte[] x = new byte[32];
    byte[] y = new byte[32];
    a.nextBytes(x);
    b.nextBytes(y);
    assertFalse(java.util.Arrays.equals(x, y), "a seed adds to the entropy, never replaces it");
    assertEquals(24, r.generateSeed(24).length);
  }

  @Test
  void messageDigestAliasesHashAsTheirStandardNames() throws Exception {
    for (String[] pair :
        new String[][] {
          {"SHA1", "SHA-1"},
          {"SHA224", "SHA-224"},
          {"SHA256", "SHA-256"},
          {"SHA384", "SHA-384"},
          {"SHA512", "SHA-512"}
        }) {
      assertArrayEquals(
          MessageDigest.getInstance(pair[1], "SUN").digest(DATA),
          MessageDigest.getInstance(pair[0], p).digest(DATA),
          pair[0]);
    }
    assertEquals(
        new BigInteger(1, MessageDigest.getInstance("SHA3-256", "SUN").digest(DATA)),
        new BigInteger(1, MessageDigest.getInstance("SHA3-256", p).digest(DATA)));
  }
}
