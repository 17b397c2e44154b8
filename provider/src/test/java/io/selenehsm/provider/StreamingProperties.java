package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.testing.SeleneFixture;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Multi-part equals single-part: for every cipher mode, signature, MAC and digest family, random
 * data fed in random pieces through update() gives what one doFinal/sign/digest gives and what the
 * JDK computes. Lengths reach past the 64 KiB point where signatures, MACs and digests switch from
 * collecting input to streaming it into the engine.
 */
class StreamingProperties {
  private static final byte[] AES_RAW = new byte[32];
  private static final byte[] DES_RAW = new byte[24];
  private static final byte[] MAC_RAW = new byte[32];
  private static final java.security.Provider BC =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();
  private static SeleneFixture f;
  private static SecretKey aes;
  private static SecretKey des;
  private static SecretKey hmac;
  private static KeyPair rsa;
  private static KeyPair ec;
  private static KeyPair ed;
  private static KeyPair mlDsa;

  @BeforeContainer
  static void setUp() throws Exception {
    new Random(1).nextBytes(AES_RAW);
    new Random(2).nextBytes(DES_RAW);
    new Random(3).nextBytes(MAC_RAW);
    f = SeleneFixture.create().loggedIn();
    aes =
        SecretKeyFactory.getInstance("AES", f.provider())
            .generateSecret(new SecretKeySpec(AES_RAW, "AES"));
    des =
        SecretKeyFactory.getInstance("DESede", f.provider())
            .generateSecret(new SecretKeySpec(DES_RAW, "DESede"));
    hmac =
        SecretKeyFactory.getInstance("HmacSHA256", f.provider())
            .generateSecret(new SecretKeySpec(MAC_RAW, "HmacSHA256"));
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider());
    g.initialize(2048);
    rsa = g.generateKeyPair();
    ec = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
    ed = KeyPairGenerator.getInstance("Ed25519", f.provider()).generateKeyPair();
    mlDsa = KeyPairGenerator.getInstance("ML-DSA-44", f.provider()).generateKeyPair();
  }

  @AfterContainer
  static void tearDown() {
    f.close();
  }

  /** Random input: a length (often past the 64 KiB streaming point), a seed and cut points. */
  record Input(byte[] data, List<Integer> cuts) {
    @Override
    public String toString() {
      return data.length + " bytes cut at " + cuts;
    }

    interface Piece {
      void accept(int off, int len) throws Exception;
    }

    void feed(Piece p) throws Exception {
      int off = 0;
      for (int c : cuts) {
        int end = Math.min(c, data.length);
        if (end > off) {
          p.accept(off, end - off);
          off = end;
        }
      }
      p.accept(off, data.length - off);
    }
  }

  @Provide
  Arbitrary<Input> inputs() {
    Arbitrary<Integer> length =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 300)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(60_000, 200_000)));
    return length.flatMap(
        n ->
            Arbitraries.longs()
                .flatMap(
                    seed ->
                        Arbitraries.integers()
                            .between(0, Math.max(n, 1))
                            .list()
                            .ofMaxSize(6)
                            .map(
                                cuts -> {
                                  byte[] d = new byte[n];
                                  new Random(seed).nextBytes(d);
                                  return new Input(d, cuts.stream().sorted().toList());
                                })));
  }

  /** A cipher mode, its Selene key and the JDK's copy, and what a valid input looks like. */
  record Mode(String transformation, boolean des, int align) {
    @Override
    public String toString() {
      return transformation;
    }

    AlgorithmParameterSpec params() {
      if (transformation.contains("GCM")) {
        return new GCMParameterSpec(128, new byte[12]);
      }
      if (transformation.contains("ECB")) {
        return null;
      }
      return new IvParameterSpec(new byte[des ? 8 : 16]);
    }
  }

  @Provide
  Arbitrary<Mode> modes() {
    return Arbitraries.of(
        new Mode("AES/ECB/NoPadding", false, 16),
        new Mode("AES/ECB/PKCS5Padding", false, 0),
        new Mode("AES/CBC/NoPadding", false, 16),
        new Mode("AES/CBC/PKCS5Padding", false, 0),
        new Mode("AES/CTR/NoPadding", false, 0),
        new Mode("AES/GCM/NoPadding", false, 0),
        new Mode("DESede/ECB/NoPadding", true, 8),
        new Mode("DESede/ECB/PKCS5Padding", true, 0),
        new Mode("DESede/CBC/NoPadding", true, 8),
        new Mode("DESede/CBC/PKCS5Padding", true, 0));
  }

  @Property(tries = 80)
  void everyCipherModeStreamsAsItEncryptsInOnePart(
      @ForAll("modes") Mode mode, @ForAll("inputs") Input input) throws Exception {
    byte[] data =
        mode.align() == 0
            ? input.data()
            : java.util.Arrays.copyOf(
                input.data(), input.data().length - input.data().length % mode.align());
    Input aligned = new Input(data, input.cuts());
    SecretKeySpec soft =
        new SecretKeySpec(mode.des() ? DES_RAW : AES_RAW, mode.des() ? "DESede" : "AES");
    Cipher jdk = Cipher.getInstance(mode.transformation(), "SunJCE");
    init(jdk, Cipher.ENCRYPT_MODE, soft, mode.params());
    byte[] expected = jdk.doFinal(data);

    Cipher ours = Cipher.getInstance(mode.transformation(), f.provider());
    init(ours, Cipher.ENCRYPT_MODE, mode.des() ? des : aes, mode.params());
    assertArrayEquals(expected, ours.doFinal(data), "single-part");
    // A fresh object: one Cipher refuses a second GCM encryption under the same key and IV.
    ours = Cipher.getInstance(mode.transformation(), f.provider());
    init(ours, Cipher.ENCRYPT_MODE, mode.des() ? des : aes, mode.params());
    assertArrayEquals(expected, streamed(ours, aligned, mode), "multi-part encrypt");

    init(ours, Cipher.DECRYPT_MODE, mode.des() ? des : aes, mode.params());
    assertArrayEquals(
        data, streamed(ours, new Input(expected, input.cuts()), mode), "multi-part decrypt");
    assertEquals(
        0,
        f.provider().context().token(f.partitionSlot()).pool().borrowedCount(),
        "every pinned session went back");
  }

  private static void init(Cipher c, int op, SecretKey k, AlgorithmParameterSpec p)
      throws Exception {
    if (p == null) {
      c.init(op, k);
    } else {
      c.init(op, k, p);
    }
  }

  /** Feeds the pieces through update, checking that update gives output as it goes. */
  private static byte[] streamed(Cipher c, Input in, Mode mode) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean gcmDecrypt = mode.transformation().contains("GCM") && c.getOutputSize(16) == 0;
    in.feed(
        (o, n) -> {
          int before = out.size();
          byte[] part = c.update(in.data(), o, n);
          if (part != null) {
            out.writeBytes(part);
          }
          if (mode.transformation().contains("CTR")) {
            assertEquals(n, out.size() - before, "CTR update returns as much as it takes");
          } else if (!gcmDecrypt && !mode.transformation().contains("GCM")) {
            // Block modes keep at most one block (two with padding on decryption) back.
            assertTrue(
                o + n - out.size() <= 2L * (mode.des() ? 8 : 16),
                "update held back " + (o + n - out.size()) + " bytes");
          }
        });
    out.writeBytes(c.doFinal());
    return out.toByteArray();
  }

  @Provide
  Arbitrary<String> signatures() {
    return Arbitraries.of(
        "SHA256withRSA",
        "SHA384withRSAandMGF1",
        "SHA256withECDSA",
        "SHA3-256withECDSA",
        "Ed25519",
        "ML-DSA",
        "SHA512withX9_31RSA");
  }

  @Property(tries = 40)
  void signaturesStreamAndVerifyAsSinglePart(
      @ForAll("signatures") String alg, @ForAll("inputs") Input input) throws Exception {
    KeyPair kp =
        alg.contains("ECDSA")
            ? ec
            : alg.equals("Ed25519") ? ed : alg.equals("ML-DSA") ? mlDsa : rsa;
    Signature s = Signature.getInstance(alg, f.provider());
    s.initSign(kp.getPrivate());
    input.feed((o, n) -> s.update(input.data(), o, n));
    byte[] streamedSig = s.sign();
    s.update(input.data());
    byte[] oneShot = s.sign();
    if (alg.endsWith("withRSA") || alg.equals("Ed25519") || alg.contains("X9_31")) {
      assertArrayEquals(oneShot, streamedSig, "deterministic signatures agree");
    }
    Signature v = Signature.getInstance(alg, f.provider());
    for (byte[] sig : new byte[][] {streamedSig, oneShot}) {
      v.initVerify(kp.getPublic());
      input.feed((o, n) -> v.update(input.data(), o, n));
      assertTrue(v.verify(sig), alg + " streamed verify");
    }
    if (alg.equals("SHA256withRSA") || alg.contains("ECDSA") || alg.equals("Ed25519")) {
      Signature jdk = Signature.getInstance(alg, alg.contains("RSA") ? "SunRsaSign" : "SunEC");
      jdk.initVerify(kp.getPublic());
      jdk.update(input.data());
      assertTrue(jdk.verify(streamedSig), "the JDK verifies the streamed signature");
    }
  }

  @Provide
  Arbitrary<String> macs() {
    return Arbitraries.of("HmacSHA256", "HmacSHA3-512", "AESCMAC", "DESedeCMAC", "AES-GMAC");
  }

  @Property(tries = 40)
  void macsStreamAsSinglePartAndMatchBouncyCastle(
      @ForAll("macs") String alg, @ForAll("inputs") Input input) throws Exception {
    Mac ours = Mac.getInstance(alg, f.provider());
    SecretKey k = alg.startsWith("Hmac") ? hmac : alg.startsWith("DESede") ? des : aes;
    AlgorithmParameterSpec p = alg.equals("AES-GMAC") ? new IvParameterSpec(new byte[12]) : null;
    ours.init(k, p);
    input.feed((o, n) -> ours.update(input.data(), o, n));
    byte[] streamedMac = ours.doFinal();
    assertArrayEquals(ours.doFinal(input.data()), streamedMac, "single-part");
    Mac ref = Mac.getInstance(alg, BC);
    byte[] raw = alg.startsWith("Hmac") ? MAC_RAW : alg.startsWith("DESede") ? DES_RAW : AES_RAW;
    ref.init(
        new SecretKeySpec(
            raw, alg.startsWith("DESede") ? "DESede" : alg.startsWith("Hmac") ? alg : "AES"),
        p);
    assertArrayEquals(ref.doFinal(input.data()), streamedMac, alg + " against BC");
  }

  @Provide
  Arbitrary<String> digests() {
    return Arbitraries.of(
        "SHA-1",
        "SHA-224",
        "SHA-256",
        "SHA-384",
        "SHA-512",
        "SHA3-224",
        "SHA3-256",
        "SHA3-384",
        "SHA3-512");
  }

  @Property(tries = 40)
  void digestsStreamAsTheJdkHashes(@ForAll("digests") String alg, @ForAll("inputs") Input input)
      throws Exception {
    MessageDigest ours = MessageDigest.getInstance(alg, f.provider());
    input.feed((o, n) -> ours.update(input.data(), o, n));
    assertArrayEquals(MessageDigest.getInstance(alg, "SUN").digest(input.data()), ours.digest());
  }
}
