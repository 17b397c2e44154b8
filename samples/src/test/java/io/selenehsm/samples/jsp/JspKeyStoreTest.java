package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.SeleneCertificateX509;
import io.selenehsm.provider.key.SeleneKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Collections;
import java.util.Date;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's KeyStore sample with names mapped: log in, register the provider, open KeyStore
 * "Selene", store a key pair under a self-signed {@link SeleneCertificateX509} and a secret key,
 * then open the keystore again from its descriptor and use what it returns.
 */
class JspKeyStoreTest {
  private static final byte[] DATA = "signed by a stored key".getBytes(StandardCharsets.UTF_8);

  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
    JspDevice.loginThenRegister();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  @Test
  void loadPersistAndRetrieve() throws Exception {
    KeyStore store = KeyStore.getInstance("Selene");
    store.load(null, null); // the partition the slot manager logged in to
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", "Selene");
    kpg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = kpg.generateKeyPair();
    Date now = new Date();
    SeleneCertificateX509 cert =
        SeleneCertificateX509.selfSign(
            pair,
            "CN=jsp keystore sample",
            BigInteger.valueOf(42),
            now,
            new Date(now.getTime() + 86_400_000L));
    Certificate[] chain = {cert};
    store.setKeyEntry("signing", pair.getPrivate(), null, chain);
    KeyGenerator kg = KeyGenerator.getInstance("AES", "Selene");
    kg.init(256);
    SecretKey aes = kg.generateKey();
    store.setKeyEntry("encryption", aes, null, null);
    ByteArrayOutputStream descriptor = new ByteArrayOutputStream();
    store.store(descriptor, null);

    // A new KeyStore object, loaded from the descriptor with the Crypto Officer PIN.
    KeyStore reopened = KeyStore.getInstance("Selene");
    reopened.load(
        new ByteArrayInputStream(descriptor.toByteArray()), JspDevice.CO_PIN.toCharArray());
    assertEquals(
        java.util.Set.of("signing", "encryption"),
        new java.util.HashSet<>(Collections.list(reopened.aliases())));
    assertTrue(reopened.isKeyEntry("signing"));
    Key key = reopened.getKey("signing", null);
    assertInstanceOf(PrivateKey.class, key);
    assertTrue(((SeleneKey) key).isPersistent());
    X509Certificate back = (X509Certificate) reopened.getCertificate("signing");
    assertEquals(cert, back);
    Signature signer = Signature.getInstance("SHA256withECDSA", "Selene");
    signer.initSign((PrivateKey) key);
    signer.update(DATA);
    Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
    verifier.initVerify(back.getPublicKey());
    verifier.update(DATA);
    assertTrue(verifier.verify(signer.sign()));

    Key secret = reopened.getKey("encryption", null);
    Cipher enc = Cipher.getInstance("AES/ECB/NoPadding", "Selene");
    enc.init(Cipher.ENCRYPT_MODE, aes);
    Cipher same = Cipher.getInstance("AES/ECB/NoPadding", "Selene");
    same.init(Cipher.ENCRYPT_MODE, secret);
    assertArrayEquals(enc.doFinal(new byte[16]), same.doFinal(new byte[16]));
  }

  @Test
  void selfSignedCertificateIsAnX509CertificateEqualToItsJdkParse() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", "Selene");
    kpg.initialize(2048);
    KeyPair pair = kpg.generateKeyPair();
    Date from = new Date(1_700_000_000_000L);
    Date to = new Date(1_800_000_000_000L);
    X509Certificate cert =
        SeleneCertificateX509.selfSign(pair, "CN=vendor type, O=Selene", BigInteger.TEN, from, to);
    X509Certificate jdk =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    assertEquals(jdk, cert);
    assertEquals(cert, jdk);
    assertEquals(jdk.hashCode(), cert.hashCode());
    assertEquals(BigInteger.TEN, cert.getSerialNumber());
    assertEquals(new X500Principal("CN=vendor type, O=Selene"), cert.getSubjectX500Principal());
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertEquals(from, cert.getNotBefore());
    assertEquals(to, cert.getNotAfter());
    assertEquals("SHA256withRSA", cert.getSigAlgName());
    assertArrayEquals(pair.getPublic().getEncoded(), cert.getPublicKey().getEncoded());
    assertTrue(cert.getBasicConstraints() >= 0, "a CA certificate");
    cert.verify(pair.getPublic());
    cert.checkValidity(new Date(1_750_000_000_000L));
  }
}
