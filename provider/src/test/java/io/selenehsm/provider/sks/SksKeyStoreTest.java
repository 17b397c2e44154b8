package io.selenehsm.provider.sks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.provider.internal.KeyStoreDescriptor;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.sks.BlobEntry;
import io.selenehsm.sks.EmbeddedBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SksKeyStoreTest {
  private static final byte[] MESSAGE = "sign me".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  private KeyPair ecPair(SksFixture f) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", f.provider);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static void assertSigns(
      Key key, Certificate cert, String algorithm, java.security.Provider provider)
      throws Exception {
    Signature s = Signature.getInstance(algorithm, provider);
    s.initSign((PrivateKey) key);
    s.update(MESSAGE);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(algorithm);
    v.initVerify(cert.getPublicKey());
    v.update(MESSAGE);
    assertTrue(v.verify(sig), "signature by the inserted key verifies with the stored cert");
  }

  @Test
  void keyGeneratedInTheHsmIsSealedStoredAndInsertedBack() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      assertEquals(0, ks.size());
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider);
      g.initialize(2048);
      KeyPair rsa = g.generateKeyPair();
      X509Certificate rsaCert = f.selfSigned(rsa, "rsa");
      KeyPair ec = ecPair(f);
      X509Certificate ecCert = f.selfSigned(ec, "ec");
      ks.setKeyEntry("rsa", rsa.getPrivate(), null, new Certificate[] {rsaCert});
      ks.setKeyEntry("ec", ec.getPrivate(), null, new Certificate[] {ecCert});
      // the originals go, so getKey has to insert the blobs
      ((SeleneKey) rsa.getPrivate()).destroy();
      ((SeleneKey) ec.getPrivate()).destroy();

      ByteArrayOutputStream descriptor = new ByteArrayOutputStream();
      ks.store(descriptor, null);
      String text = descriptor.toString(StandardCharsets.UTF_8);
      assertEquals("slot:0\nusertype:CKU_CRYPTO_OFFICER\nstore:" + f.store + "\n", text);

      KeyStore again = KeyStore.getInstance("SKS", f.provider);
      again.load(
          new ByteArrayInputStream(descriptor.toByteArray()), SksFixture.CO_PIN.toCharArray());
      assertEquals(List.of("ec", "rsa"), Collections.list(again.aliases()));
      assertTrue(again.isKeyEntry("rsa"));
      assertFalse(again.isCertificateEntry("rsa"));
      assertTrue(again.entryInstanceOf("ec", KeyStore.PrivateKeyEntry.class));
      assertEquals(rsaCert, again.getCertificate("rsa"));
      assertEquals("rsa", again.getCertificateAlias(rsaCert));
      assertNotEquals(null, again.getCreationDate("ec"));

      Key rsaKey = again.getKey("rsa", null);
      assertInstanceOf(SeleneKey.class, rsaKey);
      assertArrayEquals(((SeleneKey) rsa.getPrivate()).getOUID(), ((SeleneKey) rsaKey).getOUID());
      assertSigns(rsaKey, rsaCert, "SHA256withRSA", f.provider);
      KeyStore.PrivateKeyEntry ecEntry = (KeyStore.PrivateKeyEntry) again.getEntry("ec", null);
      assertSigns(ecEntry.getPrivateKey(), ecEntry.getCertificate(), "SHA256withECDSA", f.provider);
      assertEquals(2, f.inserts());
      assertNull(again.getKey("absent", null));
    }
  }

  @Test
  void writesAreDurableInTheStoreWhenTheCallReturns() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPair ec = ecPair(f);
      ks.setKeyEntry(
          "durable", ec.getPrivate(), null, new Certificate[] {f.selfSigned(ec, "durable")});
      SksRegistry.close(f.store.toString());
      try (EmbeddedBlobStore store = EmbeddedBlobStore.open(f.store)) {
        BlobEntry e = store.get("durable").orElseThrow();
        assertEquals("EC", e.algorithm());
        assertArrayEquals(((SeleneKey) ec.getPrivate()).getOUID(), e.ouid());
        assertEquals(1, e.certificateChain().size());
      }
    }
  }

  @Test
  void aHotKeyIsInsertedOnceWhateverTheCallsAndThreads() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPair ec = ecPair(f);
      X509Certificate cert = f.selfSigned(ec, "hot");
      ks.setKeyEntry("hot", ec.getPrivate(), null, new Certificate[] {cert});
      ((SeleneKey) ec.getPrivate()).destroy();
      int before = f.visibleObjects();
      long handle = ((SeleneKey) ks.getKey("hot", null)).getKeyHandle();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          runs.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 100; i++) {
                      Key k = ks.getKey("hot", null);
                      assertEquals(handle, ((SeleneKey) k).getKeyHandle());
                      assertSigns(k, cert, "SHA256withECDSA", f.provider);
                    }
                    return null;
                  }));
        }
        for (Future<?> r : runs) {
          r.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, f.inserts(), "201 getKey calls, one insert");
      assertEquals(before + 1, f.visibleObjects(), "one inserted session object");
    }
  }

  @Test
  void evictionDestroysTheInsertedObjectAndTheCacheStaysBounded() throws Exception {
    System.setProperty(SksPartition.CACHE_MAX_PROPERTY, "16");
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPair ec = ecPair(f);
      X509Certificate cert = f.selfSigned(ec, "many");
      for (int i = 0; i < 40; i++) {
        KeyPair p = ecPair(f);
        ks.setKeyEntry("k" + i, p.getPrivate(), null, new Certificate[] {cert});
        ((SeleneKey) p.getPrivate()).destroy();
        ((SeleneKey) p.getPublic()).destroy();
      }
      int before = f.visibleObjects();
      for (int i = 0; i < 40; i++) {
        Signature s = Signature.getInstance("SHA256withECDSA", f.provider);
        s.initSign((PrivateKey) ks.getKey("k" + i, null));
        s.update(MESSAGE);
        assertEquals(true, s.sign().length > 0);
        assertTrue(f.visibleObjects() - before <= 16, "at most 16 inserted objects alive");
      }
      assertEquals(40, f.inserts());
      ks.deleteEntry("k39");
      assertFalse(ks.containsAlias("k39"));
      int after = f.visibleObjects();
      assertTrue(after - before <= 15, "delete destroyed the inserted copy: " + (after - before));
    } finally {
      System.clearProperty(SksPartition.CACHE_MAX_PROPERTY);
    }
  }

  @Test
  void softwareKeysAreImportedSealedAndTheirCopyDestroyed() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair soft = g.generateKeyPair();
      // Signed in software: a Selene signature would leave a transient copy of the key whose
      // release by the collector races the object counts below.
      X509Certificate cert = f.selfSignedInSoftware(soft, "soft");
      int before = f.visibleObjects();
      ks.setKeyEntry("soft", soft.getPrivate(), null, new Certificate[] {cert});
      assertEquals(before, f.visibleObjects(), "the imported copy is gone once sealed");
      Key k = ks.getKey("soft", null);
      assertInstanceOf(SeleneKey.class, k);
      assertSigns(k, cert, "SHA256withECDSA", f.provider);

      f.setPartitionPolicy(PartitionPolicies.PRIVATE_KEY_UNWRAPPING, 0);
      KeyStoreException refused =
          assertThrows(
              KeyStoreException.class,
              () -> ks.setKeyEntry("soft2", soft.getPrivate(), null, new Certificate[] {cert}));
      assertTrue(refused.getMessage().contains("policy 2"), refused.getMessage());
      assertFalse(ks.containsAlias("soft2"));
    }
  }

  @Test
  void secretKeysAreEntriesToo() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyGenerator g = KeyGenerator.getInstance("HmacSHA256", f.provider);
      SecretKey mac = g.generateKey();
      Mac m = Mac.getInstance("HmacSHA256", f.provider);
      m.init(mac);
      byte[] expected = m.doFinal(MESSAGE);
      ks.setEntry("mac", new KeyStore.SecretKeyEntry(mac), null);
      ((SeleneKey) mac).destroy();
      assertTrue(ks.entryInstanceOf("mac", KeyStore.SecretKeyEntry.class));
      assertNull(ks.getCertificateChain("mac"));
      SecretKey back = ((KeyStore.SecretKeyEntry) ks.getEntry("mac", null)).getSecretKey();
      m.init(back);
      assertArrayEquals(expected, m.doFinal(MESSAGE));
    }
  }

  @Test
  void changeAliasAsKeytoolDoesIt() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPair ec = ecPair(f);
      X509Certificate cert = f.selfSigned(ec, "old");
      ks.setKeyEntry("old", ec.getPrivate(), null, new Certificate[] {cert});
      ((SeleneKey) ec.getPrivate()).destroy();
      KeyStore.Entry e = ks.getEntry("old", null);
      ks.setEntry("new", e, null);
      ks.deleteEntry("old");
      assertEquals(List.of("new"), Collections.list(ks.aliases()));
      assertSigns(ks.getKey("new", null), cert, "SHA256withECDSA", f.provider);
    }
  }

  @Test
  void aNewCertificateChainKeepsTheInsertedKey() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPair ec = ecPair(f);
      ks.setKeyEntry("web", ec.getPrivate(), null, new Certificate[] {f.selfSigned(ec, "first")});
      ((SeleneKey) ec.getPrivate()).destroy();
      Key inserted = ks.getKey("web", null);
      X509Certificate second =
          f.selfSigned(new KeyPair(ec.getPublic(), (PrivateKey) inserted), "second");
      ks.setKeyEntry("web", inserted, null, new Certificate[] {second});
      assertEquals(second, ks.getCertificate("web"));
      assertSigns(inserted, second, "SHA256withECDSA", f.provider);
      assertEquals(1, f.inserts());
    }
  }

  @Test
  void trustedCertificatesAndKeyBytesAreRefusedWithAReason() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = f.keyStore();
      KeyPair ec = ecPair(f);
      X509Certificate cert = f.selfSigned(ec, "ca");
      KeyStoreException e =
          assertThrows(KeyStoreException.class, () -> ks.setCertificateEntry("ca", cert));
      assertTrue(e.getMessage().contains("key entries only"), e.getMessage());
      assertThrows(
          KeyStoreException.class,
          () -> ks.setKeyEntry("raw", new byte[16], new Certificate[] {cert}));
      // KeyStore itself refuses a private key without a chain before the SPI sees it
      assertThrows(
          IllegalArgumentException.class,
          () -> ks.setKeyEntry("nochain", ec.getPrivate(), null, null));
      assertThrows(
          KeyStoreException.class,
          () -> ks.setKeyEntry("bad\nalias", ec.getPrivate(), null, new Certificate[] {cert}));
      assertEquals(0, ks.size());
    }
  }

  @Test
  void aV0PartitionIsRefusedWithAClearError() throws Exception {
    try (SksFixture f = SksFixture.create(tmp, 0)) {
      KeyStore ks = KeyStore.getInstance("SKS", f.provider);
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  ks.load(
                      new ByteArrayInputStream(f.descriptor().getBytes(StandardCharsets.UTF_8)),
                      SksFixture.CO_PIN.toCharArray()));
      assertTrue(e.getMessage().contains("CKR_OPERATION_NOT_ALLOWED"), e.getMessage());
      assertTrue(
          e.getMessage().contains("V0 partition") && e.getMessage().contains("-version 1"),
          e.getMessage());
    }
  }

  @Test
  void aWrongPinIsAnUnrecoverableKeyCause() throws Exception {
    try (SksFixture f = SksFixture.create(tmp)) {
      KeyStore ks = KeyStore.getInstance("SKS", f.provider);
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  ks.load(
                      new ByteArrayInputStream(f.descriptor().getBytes(StandardCharsets.UTF_8)),
                      "wrong-pin".toCharArray()));
      assertInstanceOf(java.security.UnrecoverableKeyException.class, e.getCause());
      assertTrue(e.getMessage().contains("CKR_PIN_INCORRECT"), e.getMessage());
    }
  }

  @Test
  void descriptorErrorsNameTheLine() {
    IOException unknown =
        assertThrows(IOException.class, () -> sksDescriptor("slot:0\nstorage:/x\n"));
    assertTrue(
        unknown.getMessage().contains("line 2") && unknown.getMessage().contains("'storage'"),
        unknown.getMessage());
    IOException mysql =
        assertThrows(IOException.class, () -> sksDescriptor("slot:0\nstore:jdbc:mysql://db/x\n"));
    assertTrue(mysql.getMessage().contains("not supported"), mysql.getMessage());
    IOException none = assertThrows(IOException.class, () -> sksDescriptor("store:/x\n"));
    assertTrue(none.getMessage().contains("names no partition"), none.getMessage());
    IOException seleneType =
        assertThrows(
            IOException.class,
            () ->
                KeyStoreDescriptor.read(
                    new ByteArrayInputStream("slot:0\nstore:/x\n".getBytes(StandardCharsets.UTF_8)),
                    KeyStoreDescriptor.Type.SELENE));
    assertTrue(seleneType.getMessage().contains("SKS keystore"), seleneType.getMessage());
  }

  @Test
  void descriptorRoundTrips() throws Exception {
    KeyStoreDescriptor d =
        sksDescriptor(
            "# comment\n"
                + "TokenLabel: pay ments \n"
                + "usertype:cku_crypto_user\n"
                + "store:jdbc:postgresql://db/sks\n");
    assertEquals("pay ments", d.tokenLabel());
    assertEquals("jdbc:postgresql://db/sks", d.store());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    d.write(out);
    assertEquals(d, sksDescriptor(out.toString(StandardCharsets.UTF_8)));
  }

  private static KeyStoreDescriptor sksDescriptor(String text) throws IOException {
    return KeyStoreDescriptor.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        KeyStoreDescriptor.Type.SKS);
  }
}
