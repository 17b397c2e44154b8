package io.selenehsm.provider;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * An X.509 certificate made by the HSM, as the vendor's certificate class is one: a {@link
 * X509Certificate} that delegates every method to the JDK's parse of its encoding, so it goes into
 * a {@code Certificate[]} chain, a KeyStore or a TLS context like any other.
 *
 * <p>{@link #selfSign} makes self-signed certificates whose signature is made inside the HSM:
 * Bouncy Castle builds the TBSCertificate, a Selene {@link Signature} signs it with the private
 * key's handle. Equality and serialization are {@link java.security.cert.Certificate}'s: by
 * encoding, so this equals the JDK's certificate of the same bytes.
 */
public final class SeleneCertificateX509 extends X509Certificate {
  private static final long serialVersionUID = 1L;

  /** The JDK's certificate of the same encoding, which answers every method. */
  private final X509Certificate parsed;

  private SeleneCertificateX509(X509Certificate parsed) {
    this.parsed = parsed;
  }

  /** Signs with the provider registered as "Selene" (else JCA's choice for the key). */
  public static SeleneCertificateX509 selfSign(
      KeyPair keyPair, String subjectDn, BigInteger serial, Date notBefore, Date notAfter)
      throws GeneralSecurityException {
    return selfSign(
        keyPair,
        subjectDn,
        serial,
        notBefore,
        notAfter,
        java.security.Security.getProvider(SeleneProvider.NAME));
  }

  /** Signs with {@code provider} (null: whichever provider JCA selects for the key). */
  public static SeleneCertificateX509 selfSign(
      KeyPair keyPair,
      String subjectDn,
      BigInteger serial,
      Date notBefore,
      Date notAfter,
      Provider provider)
      throws GeneralSecurityException {
    if (!notAfter.after(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter " + notAfter + " is not after notBefore " + notBefore);
    }
    String algorithm = signatureAlgorithm(keyPair.getPrivate());
    Signature signature =
        provider == null
            ? Signature.getInstance(algorithm)
            : Signature.getInstance(algorithm, provider);
    signature.initSign(keyPair.getPrivate());
    // Read the DN as the JDK (and keytool) read it, RFC 2253 order, so the certificate names
    // exactly what new X500Principal(subjectDn) names.
    X500Name name = X500Name.getInstance(new X500Principal(subjectDn).getEncoded());
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            serial,
            notBefore,
            notAfter,
            name,
            SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()));
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      byte[] der =
          builder
              .build(
                  new HsmSigner(
                      signature, new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm)))
              .getEncoded();
      return new SeleneCertificateX509(
          (X509Certificate)
              SoftwareProviders.x509().generateCertificate(new java.io.ByteArrayInputStream(der)));
    } catch (java.io.IOException | IllegalStateException e) {
      throw new SignatureException("cannot build the certificate: " + e.getMessage(), e);
    }
  }

  // ---- X509Certificate, answered by the parsed certificate

  @Override
  public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
    parsed.checkValidity();
  }

  @Override
  public void checkValidity(Date date)
      throws CertificateExpiredException, CertificateNotYetValidException {
    parsed.checkValidity(date);
  }

  @Override
  public int getVersion() {
    return parsed.getVersion();
  }

  @Override
  public BigInteger getSerialNumber() {
    return parsed.getSerialNumber();
  }

  @SuppressWarnings("deprecation") // The abstract method is deprecated; callers may still use it.
  @Override
  public Principal getIssuerDN() {
    return parsed.getIssuerDN();
  }

  @SuppressWarnings("deprecation") // As getIssuerDN.
  @Override
  public Principal getSubjectDN() {
    return parsed.getSubjectDN();
  }

  @Override
  public X500Principal getIssuerX500Principal() {
    return parsed.getIssuerX500Principal();
  }

  @Override
  public X500Principal getSubjectX500Principal() {
    return parsed.getSubjectX500Principal();
  }

  @Override
  public Date getNotBefore() {
    return parsed.getNotBefore();
  }

  @Override
  public Date getNotAfter() {
    return parsed.getNotAfter();
  }

  @Override
  public byte[] getTBSCertificate() throws CertificateEncodingException {
    return parsed.getTBSCertificate();
  }

  @Override
  public byte[] getSignature() {
    return parsed.getSignature();
  }

  @Override
  public String getSigAlgName() {
    return parsed.getSigAlgName();
  }

  @Override
  public String getSigAlgOID() {
    return parsed.getSigAlgOID();
  }

  @Override
  public byte[] getSigAlgParams() {
    return parsed.getSigAlgParams();
  }

  @Override
  public boolean[] getIssuerUniqueID() {
    return parsed.getIssuerUniqueID();
  }

  @Override
  public boolean[] getSubjectUniqueID() {
    return parsed.getSubjectUniqueID();
  }

  @Override
  public boolean[] getKeyUsage() {
    return parsed.getKeyUsage();
  }

  @Override
  public List<String> getExtendedKeyUsage() throws CertificateParsingException {
    return parsed.getExtendedKeyUsage();
  }

  @Override
  public int getBasicConstraints() {
    return parsed.getBasicConstraints();
  }

  @Override
  public Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
    return parsed.getSubjectAlternativeNames();
  }

  @Override
  public Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
    return parsed.getIssuerAlternativeNames();
  }

  @Override
  public boolean hasUnsupportedCriticalExtension() {
    return parsed.hasUnsupportedCriticalExtension();
  }

  @Override
  public Set<String> getCriticalExtensionOIDs() {
    return parsed.getCriticalExtensionOIDs();
  }

  @Override
  public Set<String> getNonCriticalExtensionOIDs() {
    return parsed.getNonCriticalExtensionOIDs();
  }

  @Override
  public byte[] getExtensionValue(String oid) {
    return parsed.getExtensionValue(oid);
  }

  @Override
  public byte[] getEncoded() throws CertificateEncodingException {
    return parsed.getEncoded();
  }

  @Override
  public void verify(PublicKey key)
      throws CertificateException,
          NoSuchAlgorithmException,
          InvalidKeyException,
          NoSuchProviderException,
          SignatureException {
    parsed.verify(key);
  }

  @Override
  public void verify(PublicKey key, String sigProvider)
      throws CertificateException,
          NoSuchAlgorithmException,
          InvalidKeyException,
          NoSuchProviderException,
          SignatureException {
    parsed.verify(key, sigProvider);
  }

  @Override
  public void verify(PublicKey key, Provider sigProvider)
      throws CertificateException,
          NoSuchAlgorithmException,
          InvalidKeyException,
          SignatureException {
    parsed.verify(key, sigProvider);
  }

  @Override
  public PublicKey getPublicKey() {
    return parsed.getPublicKey();
  }

  @Override
  public String toString() {
    return parsed.toString();
  }

  static String signatureAlgorithm(PrivateKey key) throws InvalidKeyException {
    String alg = key.getAlgorithm();
    switch (alg) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        {
          int bits = key instanceof ECKey e ? e.getParams().getOrder().bitLength() : 256;
          return bits > 384
              ? "SHA512withECDSA"
              : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
      case "DSA":
        return "SHA256withDSA";
      case "EdDSA":
      case "Ed25519":
      case "Ed448":
        return key instanceof java.security.interfaces.EdECKey e
            ? e.getParams().getName()
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
        throw new IllegalStateException(
            "the HSM refused to sign the certificate: " + e.getMessage(), e);
      }
    }
  }
}
