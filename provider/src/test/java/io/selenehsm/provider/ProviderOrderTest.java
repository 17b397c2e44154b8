package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.testing.SeleneFixture;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jcajce.SecretKeyWithEncapsulation;
import org.bouncycastle.jcajce.spec.KEMGenerateSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Selene at position 1 of the provider list, as {@code conf/java.security.selene} offers it:
 * unnamed lookups from the application (other threads included) reach Selene, and Selene's engine
 * must never come back to itself through the list (it once recursed into a StackOverflowError). The
 * build's {@code provider-first} execution also runs the provider's service suites this way.
 */
class ProviderOrderTest {
  private static final byte[] DATA = "provider order".getBytes(StandardCharsets.UTF_8);
  private SeleneFixture f;

  @BeforeEach
  void setUp() {
    f = SeleneFixture.create().loggedIn().registerFirst();
    assertSame(f.provider(), Security.getProviders()[0], "Selene is first in the list");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void unnamedLookupsServeTheApplicationWithoutRecursion() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertSame(f.provider(), sha.getProvider());
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256", new BouncyCastleProvider()).digest(DATA),
        sha.digest(DATA));
    int sessions = f.openSessionCount(); // with this thread's pooled session

    KeyGenerator kg = KeyGenerator.getInstance("AES");
    kg.init(256);
    SecretKey aes = kg.generateKey();
    Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
    enc.init(Cipher.ENCRYPT_MODE, aes);
    byte[] ct = enc.doFinal(DATA);
    Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
    dec.init(Cipher.DECRYPT_MODE, aes, enc.getParameters());
    assertArrayEquals(DATA, dec.doFinal(ct));

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    assertEquals(32, mac.doFinal(DATA).length);

    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update(DATA);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(pair.getPublic());
    v.update(DATA);
    assertTrue(v.verify(sig));
    assertEquals(sessions, f.openSessionCount(), "no session leaked");
  }

  @Test
  void mlKemDecapsulatesWithAnImportedPrivateKey() throws Exception {
    BouncyCastleProvider bc = new BouncyCastleProvider();
    KeyPair soft = KeyPairGenerator.getInstance("ML-KEM-768", bc).generateKeyPair();
    KeyGenerator sender = KeyGenerator.getInstance("ML-KEM", bc);
    sender.init(new KEMGenerateSpec.Builder(soft.getPublic(), "AES", 256).withNoKdf().build());
    SecretKeyWithEncapsulation sent = (SecretKeyWithEncapsulation) sender.generateKey();

    PrivateKey imported =
        (PrivateKey) KeyFactory.getInstance("ML-KEM", f.provider()).translateKey(soft.getPrivate());
    SecretKey received = SeleneKem.decapsulate(imported, sent.getEncapsulation(), "AES");

    Cipher theirs = Cipher.getInstance("AES/ECB/NoPadding", bc);
    theirs.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sent.getEncoded(), "AES"));
    byte[] block = theirs.doFinal(new byte[16]);
    Cipher ours = Cipher.getInstance("AES/ECB/NoPadding", f.provider());
    ours.init(Cipher.DECRYPT_MODE, received);
    assertArrayEquals(new byte[16], ours.doFinal(block), "both sides hold the same secret");
  }

  @Test
  void jdkAndBouncyCastleLookupsFromOtherThreadsKeepWorking() throws Exception {
    KeyGenerator kg = KeyGenerator.getInstance("AES", f.provider());
    kg.init(128);
    SecretKey hsmKey = kg.generateKey();
    KeyPair softEc = KeyPairGenerator.getInstance("EC", "SunEC").generateKeyPair();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    // Software keys: delayed selection passes Selene by and lands on the JDK.
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(softEc.getPrivate());
                    s.update(DATA);
                    byte[] sig = s.sign();
                    Signature v = Signature.getInstance("SHA256withECDSA");
                    v.initVerify(softEc.getPublic());
                    v.update(DATA);
                    assertTrue(v.verify(sig));
                    Cipher c = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
                    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"));
                    assertEquals(16, c.doFinal(new byte[16]).length);
                    assertEquals(32, MessageDigest.getInstance("SHA-256").digest(DATA).length);
                  }
                  return null;
                }));
      }
      for (int i = 0; i < 200; i++) {
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        iv[0] = (byte) i;
        iv[1] = (byte) (i >> 8);
        enc.init(Cipher.ENCRYPT_MODE, hsmKey, new GCMParameterSpec(128, iv));
        assertSame(f.provider(), enc.getProvider());
        assertEquals(DATA.length + 16, enc.doFinal(DATA).length);
      }
      for (Future<?> r : running) {
        r.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
