package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.DeviceRoute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KeyStore {@code Selene} on an in-memory USB HSM 7 with an initialised partition. */
class SeleneKeyStoreTest {
  private static final char[] PIN = DurablePartition.CO_PIN.toCharArray();

  private DeviceRoute route;
  private SeleneProvider provider;

  @BeforeEach
  void open() throws Exception {
    DeviceManager devices =
        DeviceManager.inMemory(
            ClientConfig.parse(
                """
                Devices = {
                  Device00 = usb, 1234567, factory=zeroized;
                }
                """,
                "test.conf"));
    DurablePartition.initialise(devices);
    // In process, or through a served device when the build asks for one (-Dselene.test.served).
    route = DeviceRoute.over(devices, "1234567001");
    provider = SeleneProvider.over(route.client());
  }

  @AfterEach
  void close() {
    provider.close();
    route.close();
  }

  private KeyStore load(String descriptor, char[] pin) throws Exception {
    KeyStore ks = KeyStore.getInstance("Selene", provider);
    ks.load(
        descriptor == null
            ? null
            : new ByteArrayInputStream(descriptor.getBytes(StandardCharsets.UTF_8)),
        pin);
    return ks;
  }

  private KeyPair generate(String algorithm) throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance(algorithm, provider);
    if (algorithm.equals("EC")) {
      kpg.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      kpg.initialize(2048);
    }
    return kpg.generateKeyPair();
  }

  @Test
  void keyPairWithChainIsOneEntryAndSurvivesAReload() throws Exception {
    KeyStore ks = load("slot:0\n", PIN);
    assertEquals(0, ks.size());
    KeyPair pair = generate("RSA");
    SoftwareCa ca = SoftwareCa.create();
    X509Certificate leaf = ca.issue("CN=web", pair.getPublic());
    ks.setKeyEntry("web", pair.getPrivate(), null, new Certificate[] {leaf, ca.certificate});
    assertTrue(
        ((SeleneKey) pair.getPrivate()).isPersistent(), "the session key became a token key");

    KeyStore again = load("tokenlabel:" + DurablePartition.LABEL + "\n", PIN);
    assertEquals(List.of("web"), Collections.list(again.aliases()));
    assertTrue(again.isKeyEntry("web"));
    assertTrue(again.entryInstanceOf("web", KeyStore.PrivateKeyEntry.class));
    Certificate[] chain = again.getCertificateChain("web");
    assertArrayEquals(new Certificate[] {leaf, ca.certificate}, chain, "chain order kept");
    assertEquals(leaf, again.getCertificate("web"));
    assertEquals("web", again.getCertificateAlias(leaf));
    assertEquals(leaf.getNotBefore(), again.getCreationDate("web"));

    Key key = again.getKey("web", "ignored".toCharArray());
    assertInstanceOf(SeleneKey.class, key);
    assertNull(key.getEncoded(), "sensitive: no encoding");
    Signature s = Signature.getInstance("SHA256withRSA", provider);
    s.initSign((PrivateKey) key);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    v.initVerify(leaf.getPublicKey());
    v.update(new byte[] {1, 2, 3});
    assertTrue(v.verify(sig), "the stored key signs for the certificate's public key");

    KeyStore.Entry entry = again.getEntry("web", null);
    assertInstanceOf(KeyStore.PrivateKeyEntry.class, entry);
  }

  @Test
  void keyPairWithoutCertificateIsListedAsPrivateKeyEntry() throws Exception {
    KeyStore ks = load("slot:0", PIN);
    KeyPair pair = generate("EC");
    ((SeleneKey) pair.getPrivate()).makePersistent("bare-ec");
    assertEquals(List.of("bare-ec"), Collections.list(ks.aliases()));
    assertTrue(ks.isKeyEntry("bare-ec"));
    assertTrue(ks.entryInstanceOf("bare-ec", KeyStore.PrivateKeyEntry.class));
    assertFalse(ks.entryInstanceOf("bare-ec", KeyStore.SecretKeyEntry.class));
    assertNull(ks.getCertificateChain("bare-ec"));
    assertNotNull(ks.getCreationDate("bare-ec"));
    KeyStoreException e = assertThrows(KeyStoreException.class, () -> ks.getEntry("bare-ec", null));
    assertTrue(e.getMessage().contains("without a certificate"), e.getMessage());
  }

  @Test
  void trustedCertificatesSecretKeysAndDelete() throws Exception {
    KeyStore ks = load("slot:0\nusertype:CKU_CRYPTO_OFFICER\n", PIN);
    SoftwareCa ca = SoftwareCa.create();
    ks.setCertificateEntry("root", ca.certificate);
    assertTrue(ks.isCertificateEntry("root"));
    assertTrue(ks.entryInstanceOf("root", KeyStore.TrustedCertificateEntry.class));
    assertEquals(ca.certificate, ks.getCertificate("root"));

    KeyGenerator kg = KeyGenerator.getInstance("AES", provider);
    kg.init(256);
    SecretKey aes = kg.generateKey();
    ks.setKeyEntry("aes", aes, null, null);
    assertTrue(ks.entryInstanceOf("aes", KeyStore.SecretKeyEntry.class));
    assertEquals(aes, ks.getKey("aes", null), "same object (OUID) as the generated key");

    KeyPair pair = generate("EC");
    KeyStoreException taken =
        assertThrows(KeyStoreException.class, () -> ks.setCertificateEntry("aes", ca.certificate));
    assertTrue(taken.getMessage().contains("key entry"), taken.getMessage());
    KeyStoreException wrongCert =
        assertThrows(
            KeyStoreException.class,
            () ->
                ks.setKeyEntry("ec", pair.getPrivate(), null, new Certificate[] {ca.certificate}));
    assertTrue(wrongCert.getMessage().contains("not for this key"), wrongCert.getMessage());
    assertFalse(ks.containsAlias("ec"), "a refused entry leaves nothing behind");

    ks.deleteEntry("root");
    ks.deleteEntry("aes");
    ks.deleteEntry("never-there");
    assertEquals(0, ks.size());
  }

  @Test
  void softwarePrivateKeyIsImportedAsTokenObject() throws Exception {
    KeyStore ks = load("slot:0", PIN);
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", "SunEC");
    kpg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair software = kpg.generateKeyPair();
    SoftwareCa ca = SoftwareCa.create();
    X509Certificate leaf = ca.issue("CN=imported", software.getPublic());
    ks.setKeyEntry("imported", software.getPrivate(), null, new Certificate[] {leaf});
    Key stored = ks.getKey("imported", null);
    assertInstanceOf(SeleneKey.class, stored);
    assertTrue(((SeleneKey) stored).isPersistent());
    Signature s = Signature.getInstance("SHA256withECDSA", provider);
    s.initSign((PrivateKey) stored);
    s.update(new byte[] {9});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(software.getPublic());
    v.update(new byte[] {9});
    assertTrue(v.verify(sig));
  }

  @Test
  void softwareKeyRefusedWhenPolicyKeepsThemOut() throws Exception {
    io.selenehsm.device.Slot slot = route.server().slot(DurablePartition.PARTITION_SLOT);
    long s = slot.openSession(77, true);
    slot.login(
        s, io.selenehsm.firmware.role.Role.PARTITION_SO, DurablePartition.PO_PIN.toCharArray());
    slot.changePartitionPolicy(s, 2, 0); // allow private key unwrapping: off
    slot.closeSession(s);

    KeyStore ks = load("slot:0", PIN);
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", "SunEC");
    kpg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair software = kpg.generateKeyPair();
    X509Certificate leaf = SoftwareCa.create().issue("CN=refused", software.getPublic());
    KeyStoreException e =
        assertThrows(
            KeyStoreException.class,
            () -> ks.setKeyEntry("refused", software.getPrivate(), null, new Certificate[] {leaf}));
    SeleneCryptokiException c = assertInstanceOf(SeleneCryptokiException.class, e.getCause());
    assertEquals(Ckr.ACTION_PROHIBITED, c.getReturnCode());
    assertFalse(ks.containsAlias("refused"));
  }

  @Test
  void loadVariantsAndErrors() throws Exception {
    IOException wrongPin =
        assertThrows(IOException.class, () -> load("slot:0", "wrong-pin".toCharArray()));
    assertInstanceOf(UnrecoverableKeyException.class, wrongPin.getCause());
    assertTrue(wrongPin.getMessage().contains("CKR_PIN_INCORRECT"), wrongPin.getMessage());

    IOException badLine = assertThrows(IOException.class, () -> load("slt:0", PIN));
    assertTrue(badLine.getMessage().contains("line 1"), badLine.getMessage());
    IOException noLabel = assertThrows(IOException.class, () -> load("tokenlabel:nope", PIN));
    assertTrue(noLabel.getMessage().contains("nope"), noLabel.getMessage());
    IOException notLoggedIn = assertThrows(IOException.class, () -> load(null, null));
    assertTrue(
        notLoggedIn.getMessage().contains("CKR_USER_NOT_LOGGED_IN"), notLoggedIn.getMessage());

    KeyStore byDefaultSlot = load(null, PIN);
    assertEquals(0, byDefaultSlot.size());
    KeyStore bySlotManagerLogin = load(null, null);
    assertEquals(0, bySlotManagerLogin.size());

    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    load("tokenlabel:" + DurablePartition.LABEL, PIN).store(stored, PIN);
    assertEquals(
        "tokenlabel:" + DurablePartition.LABEL + "\nusertype:CKU_CRYPTO_OFFICER\n",
        stored.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cryptoUserReadsEntries() throws Exception {
    KeyStore co = load("slot:0", PIN);
    KeyPair pair = generate("EC");
    ((SeleneKey) pair.getPrivate()).makePersistent("for-cu");
    provider.getSlotManager().logout();
    KeyStore cu = load("slot:0\nusertype:CKU_CRYPTO_USER\n", DurablePartition.CU_PIN.toCharArray());
    assertTrue(cu.isKeyEntry("for-cu"));
    assertNotNull(co);
  }

  /** A software CA made with the JDK and Bouncy Castle. */
  private static final class SoftwareCa {
    final KeyPair keys;
    final X509Certificate certificate;

    private SoftwareCa(KeyPair keys, X509Certificate certificate) {
      this.keys = keys;
      this.certificate = certificate;
    }

    static SoftwareCa create() throws Exception {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", "SunEC");
      kpg.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = kpg.generateKeyPair();
      X500Name name = new X500Name("CN=Test CA");
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.ONE,
              Date.from(Instant.now().minus(Duration.ofHours(1))),
              Date.from(Instant.now().plus(Duration.ofDays(1))),
              name,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      return new SoftwareCa(
          keys,
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(
                      new JcaContentSignerBuilder("SHA256withECDSA")
                          .setProvider("SunEC")
                          .build(keys.getPrivate()))));
    }

    X509Certificate issue(String subject, PublicKey key) throws Exception {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              new X500Name("CN=Test CA"),
              BigInteger.valueOf(System.nanoTime()),
              Date.from(Instant.now().minus(Duration.ofMinutes(30))),
              Date.from(Instant.now().plus(Duration.ofDays(1))),
              new X500Name(subject),
              key);
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder("SHA256withECDSA")
                      .setProvider("SunEC")
                      .build(keys.getPrivate())));
    }
  }
}
