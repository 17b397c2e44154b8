package io.selenehsm.samples;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Server certificates for the TLS demo and tests. The certificate is built by Bouncy Castle but
 * signed through JCA with a provider the caller names, so a certificate for a Selene key is signed
 * inside the partition.
 */
public final class TlsCertificates {
  private static final SecureRandom SERIALS = new SecureRandom();

  private TlsCertificates() {}

  /**
   * A self-signed certificate for a TLS server reached as "localhost" or 127.0.0.1, signed by
   * {@code signer} with {@code signatureAlgorithm} (say "SHA256withRSA") from {@code provider}
   * (null: the installed providers).
   */
  public static X509Certificate selfSignedServer(
      PublicKey subjectKey,
      PrivateKey signer,
      String signatureAlgorithm,
      Provider provider,
      String commonName)
      throws GeneralSecurityException {
    X500Name name = new X500Name("CN=" + commonName + ",O=Selene samples");
    return issue(name, subjectKey, name, signer, signatureAlgorithm, provider, false);
  }

  /**
   * A certificate for {@code subjectKey} issued by {@code issuer} (a CA's name) and signed with the
   * CA's key; {@code ca} makes it a CA certificate itself.
   */
  public static X509Certificate issue(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuer,
      PrivateKey issuerKey,
      String signatureAlgorithm,
      Provider provider,
      boolean ca)
      throws GeneralSecurityException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, SERIALS).setBit(63),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(365))),
            subject,
            subjectKey);
    try {
      if (ca) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      }
      JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(signatureAlgorithm);
      if (provider != null) {
        signerBuilder.setProvider(provider);
      }
      ContentSigner contentSigner = signerBuilder.build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (CertIOException | OperatorCreationException e) {
      throw new GeneralSecurityException("could not build a certificate for " + subject, e);
    }
  }
}
