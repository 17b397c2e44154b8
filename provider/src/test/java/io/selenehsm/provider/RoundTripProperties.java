package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.testing.SeleneFixture;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Round trips and chunking invariance over random data, checked against the JDK. */
class RoundTripProperties {
  private static SeleneFixture f;
  private static KeyPair ec;
  private static SecretKey aes;
  private static SecretKey hmac;

  @BeforeContainer
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn();
    ec = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
    aes = KeyGenerator.getInstance("AES", f.provider()).generateKey();
    hmac = KeyGenerator.getInstance("HmacSHA256", f.provider()).generateKey();
  }

  @AfterContainer
  static void tearDown() {
    f.close();
  }

  @Provide
  Arbitrary<byte[]> data() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 2048).list().ofMaxSize(5);
  }

  /** Feeds {@code data} in pieces cut at the given offsets. */
  private static void feed(
      byte[] data, List<Integer> cuts, java.util.function.BiConsumer<Integer, Integer> update) {
    int off = 0;
    for (int c : cuts.stream().sorted().toList()) {
      int end = Math.min(c, data.length);
      if (end > off) {
        update.accept(off, end - off);
        off = end;
      }
    }
    update.accept(off, data.length - off);
  }

  @Property(tries = 60)
  void signaturesVerifyWithTheJdkWhateverTheChunking(
      @ForAll("data") byte[] data, @ForAll("cuts") List<Integer> cuts) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA", f.provider());
    s.initSign(ec.getPrivate());
    feed(
        data,
        cuts,
        (o, n) -> {
          try {
            s.update(data, o, n);
          } catch (java.security.SignatureException e) {
            throw new AssertionError(e);
          }
        });
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(ec.getPublic());
    v.update(data);
    assertTrue(v.verify(sig));
  }

  @Property(tries = 60)
  void gcmEncryptDecryptRoundTrips(@ForAll("data") byte[] data, @ForAll("cuts") List<Integer> cuts)
      throws Exception {
    Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    enc.init(Cipher.ENCRYPT_MODE, aes);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    feed(
        data,
        cuts,
        (o, n) -> {
          byte[] part = enc.update(data, o, n);
          if (part != null) {
            out.writeBytes(part);
          }
        });
    out.writeBytes(enc.doFinal());
    Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
    dec.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, enc.getIV()));
    assertArrayEquals(data, dec.doFinal(out.toByteArray()));
  }

  @Property(tries = 60)
  void cbcPaddingRoundTrips(@ForAll("data") byte[] data) throws Exception {
    Cipher enc = Cipher.getInstance("AES/CBC/PKCS5Padding", f.provider());
    enc.init(Cipher.ENCRYPT_MODE, aes);
    byte[] ct = enc.doFinal(data);
    Cipher dec = Cipher.getInstance("AES/CBC/PKCS5Padding", f.provider());
    dec.init(Cipher.DECRYPT_MODE, aes, enc.getParameters());
    assertArrayEquals(data, dec.doFinal(ct));
  }

  @Property(tries = 60)
  void macIsIndependentOfChunking(@ForAll("data") byte[] data, @ForAll("cuts") List<Integer> cuts)
      throws Exception {
    Mac whole = Mac.getInstance("HmacSHA256", f.provider());
    whole.init(hmac);
    Mac chunked = Mac.getInstance("HmacSHA256", f.provider());
    chunked.init(hmac);
    feed(data, cuts, (o, n) -> chunked.update(data, o, n));
    assertArrayEquals(whole.doFinal(data), chunked.doFinal());
  }
}
