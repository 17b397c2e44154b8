package io.selenehsm.provider;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Self-signed X.509 certificates whose signature is made inside the HSM: Bouncy Castle builds
 * the TBSCertificate, a Selene {@link Signature} signs it with the private key's handle.
 */
public final class SeleneCertificateX509 {
  private SeleneCertificateX509() {}

  /** Signs with the provider registered as "Selene" (else JCA's choice for the key). */
  public static X509Certificate selfSign(KeyPair keyPair, String subjectDn, BigInteger serial,
      Date notBefore, Date notAfter) throws GeneralSecurityException {
    return selfSign(keyPair, subjectDn, serial, notBefore, notAfter,
        java.security.Security.getProvider(SeleneProvider.NAME));
  }

  /** Signs with {@code provider} (null: whichever provider JCA selects for the key). */
  public static X509Certificate selfSign(KeyPair keyPair, String subjectDn, BigInteger serial,
      Date notBefore, Date notAfter, Provider provider) throws GeneralSecurityException {
    if (!notAfter.after(notBefore)) {
      throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore "
          + notBefore);
    }
    String algorithm = signatureAlgorithm(keyPair.getPrivate());
    Signature signature = provider == null ? Signature.getInstance(algorithm)
        : Signature.getInstance(algorithm, provider);
    signature.initSign(keyPair.getPrivate());
    X500Name name = new X500Name(subjectDn);
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial, notBefore,
        notAfter, name, SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()));
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      byte[] der = builder.build(new HsmSigner(signature,
          new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm))).getEncoded();
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (java.io.IOException | IllegalStateException e) {
      throw new SignatureException("cannot build the certificate: " + e.getMessage(), e);
    }
  }

  static String signatureAlgorithm(PrivateKey key) throws InvalidKeyException {
    String alg = key.getAlgorithm();
    switch (alg) {
      case "RSA":
        return "SHA256withRSA";
      case "EC": {
        int bits = key instanceof ECKey e ? e.getParams().getOrder().bitLength() : 256;
        return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA"
            : "SHA256withECDSA";
      }
      case "DSA":
        return "SHA256withDSA";
      case "EdDSA":
      case "Ed25519":
      case "Ed448":
        return key instanceof java.security.interfaces.EdECKey e ? e.getParams().getName()
            : "Ed25519";
      default:
        if (alg.startsWith("ML-DSA")) {
          return alg;
        }
        throw new InvalidKeyException("cannot sign a certificate with a " + alg + " key");
    }
  }

  /** A ContentSigner that feeds the TBSCertificate into an initialized Selene signature. */
  private static final class HsmSigner implements ContentSigner {
    private final Signature signature;
    private final AlgorithmIdentifier id;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    HsmSigner(Signature signature, AlgorithmIdentifier id) {
      this.signature = signature;
      this.id = id;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return id;
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      try {
        signature.update(tbs.toByteArray());
        return signature.sign();
      } catch (SignatureException e) {
        throw new IllegalStateException("the HSM refused to sign the certificate: "
            + e.getMessage(), e);
      }
    }
  }
}
