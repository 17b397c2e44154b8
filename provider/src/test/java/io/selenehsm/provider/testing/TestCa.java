package io.selenehsm.provider.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A software certificate authority for tests that need a CA reply (keytool -importcert): JDK keys,
 * Bouncy Castle certificates, nothing from Selene, so it is an independent issuer.
 */
public record TestCa(KeyPair keys, X509Certificate certificate) {

  public static TestCa create(String commonName) throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
    kpg.initialize(2048);
    KeyPair keys = kpg.generateKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(30))),
            name,
            keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(
                    new JcaContentSignerBuilder("SHA256withRSA")
                        .setProvider("SunRsaSign")
                        .build(keys.getPrivate())));
    return new TestCa(keys, cert);
  }

  /** A certificate for {@code key} issued by this CA. */
  public X509Certificate issue(X500Name subject, PublicKey key) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(certificate.getSubjectX500Principal().getName()),
            BigInteger.TWO,
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(20))),
            subject,
            key);
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(
                new JcaContentSignerBuilder("SHA256withRSA")
                    .setProvider("SunRsaSign")
                    .build(keys.getPrivate())));
  }

  /** Certificates in PEM, as a CA reply file holds them. */
  public static String pem(List<X509Certificate> certs) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate c : certs) {
        writer.writeObject(c);
      }
    }
    return text.toString();
  }
}
