package io.selenehsm.provider.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.selenehsm.provider.testing.SeleneFixture;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code KEM.getInstance("ML-KEM", "Selene")} on Java 21+, from the multi-release provider jar
 * (failsafe runs this against the packaged jar, whose META-INF/versions/21 holds the service),
 * checked against the JDK's own ML-KEM in both directions. The Selene secret never leaves the
 * HSM, so secrets are compared by what they do: one AES block encrypted under each.
 */
class SeleneKemServiceIT {
  private static final byte[] BLOCK =
      "sixteen byte blk".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static SeleneFixture f;
  private static KeyPair selenePair;

  @BeforeAll
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn().register();
    KeyPairGenerator g = KeyPairGenerator.getInstance("ML-KEM-768", f.provider());
    selenePair = g.generateKeyPair();
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  @Test
  void theJarOffersKemServicesOnThisJava() {
    assertNotNull(f.provider().getService("KEM", "ML-KEM"));
    for (String n : new String[] {"ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"}) {
      assertNotNull(f.provider().getService("KEM", n), n);
    }
  }

  @Test
  void roundTripInsideTheHsm() throws Exception {
    KEM kem = KEM.getInstance("ML-KEM", "Selene");
    KEM.Encapsulator e = kem.newEncapsulator(selenePair.getPublic());
    assertEquals(1088, e.encapsulationSize());
    assertEquals(32, e.secretSize());
    KEM.Encapsulated sent = e.encapsulate(0, 32, "AES");
    assertEquals(1088, sent.encapsulation().length);
    KEM.Decapsulator d = kem.newDecapsulator(selenePair.getPrivate());
    SecretKey received = d.decapsulate(sent.encapsulation(), 0, 32, "AES");
    assertArrayEquals(seleneAes(sent.key()), seleneAes(received));
    assertNotNull(d.decapsulate(sent.encapsulation()), "the default range and algorithm");
  }

  @Test
  void theJdkDecapsulatesWhatSeleneEncapsulated() throws Exception {
    assumeTrue(Security.getProviders("KEM.ML-KEM") != null, "this JDK has no ML-KEM of its own");
    KeyPair jdkPair = KeyPairGenerator.getInstance("ML-KEM-768", "SunJCE").generateKeyPair();
    KEM.Encapsulated sent = KEM.getInstance("ML-KEM", "Selene")
        .newEncapsulator(jdkPair.getPublic()).encapsulate(0, 32, "AES");
    SecretKey jdkSecret = KEM.getInstance("ML-KEM", "SunJCE")
        .newDecapsulator(jdkPair.getPrivate()).decapsulate(sent.encapsulation(), 0, 32, "AES");
    assertArrayEquals(jdkAes(jdkSecret.getEncoded()), seleneAes(sent.key()));
  }

  @Test
  void seleneDecapsulatesWhatTheJdkEncapsulated() throws Exception {
    assumeTrue(Security.getProviders("KEM.ML-KEM") != null, "this JDK has no ML-KEM of its own");
    PublicKey asJdkKey = KeyFactory.getInstance("ML-KEM", "SunJCE")
        .generatePublic(new X509EncodedKeySpec(selenePair.getPublic().getEncoded()));
    KEM.Encapsulated sent = KEM.getInstance("ML-KEM", "SunJCE").newEncapsulator(asJdkKey)
        .encapsulate(0, 32, "AES");
    SecretKey inHsm = KEM.getInstance("ML-KEM", "Selene")
        .newDecapsulator(selenePair.getPrivate()).decapsulate(sent.encapsulation(), 0, 32, "AES");
    assertArrayEquals(jdkAes(sent.key().getEncoded()), seleneAes(inHsm));

    // A tampered ciphertext decapsulates (ML-KEM's implicit rejection) to another secret.
    byte[] tampered = sent.encapsulation();
    tampered[0] ^= 1;
    SecretKey other = KEM.getInstance("ML-KEM", "Selene")
        .newDecapsulator(selenePair.getPrivate()).decapsulate(tampered, 0, 32, "AES");
    assertFalse(Arrays.equals(jdkAes(sent.key().getEncoded()), seleneAes(other)));
  }

  @Test
  void badInputIsRefusedWithTheKemApisExceptions() throws Exception {
    KEM.Decapsulator d = KEM.getInstance("ML-KEM", "Selene").newDecapsulator(
        selenePair.getPrivate());
    assertThrows(DecapsulateException.class, () -> d.decapsulate(new byte[1087]));
    assertThrows(IndexOutOfBoundsException.class,
        () -> d.decapsulate(new byte[1088], 0, 33, "AES"));
    assertThrows(UnsupportedOperationException.class,
        () -> d.decapsulate(new byte[1088], 0, 16, "AES"));
    assertThrows(InvalidKeyException.class, () -> KEM.getInstance("ML-KEM-512", "Selene")
        .newEncapsulator(selenePair.getPublic()));
    assertThrows(InvalidKeyException.class, () -> KEM.getInstance("ML-KEM", "Selene")
        .newDecapsulator((java.security.PrivateKey) null));
    KeyPair ec = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
    assertThrows(InvalidKeyException.class,
        () -> KEM.getInstance("ML-KEM", "Selene").newEncapsulator(ec.getPublic()));
  }

  private static byte[] seleneAes(SecretKey key) throws Exception {
    Cipher c = Cipher.getInstance("AES/ECB/NoPadding", f.provider());
    c.init(Cipher.ENCRYPT_MODE, key);
    return c.doFinal(BLOCK);
  }

  private static byte[] jdkAes(byte[] secret) throws Exception {
    Cipher c = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"));
    return c.doFinal(BLOCK);
  }
}
