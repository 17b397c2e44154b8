package io.selenehsm.server.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An EC P-256 key and a self-signed X.509 certificate for it: the one piece of code that makes both
 * the server's identity and a client's. Each side pins the other's certificate itself (the client
 * by its ServerCAFile, the server by its client registry), so no certification authority is
 * involved and the certificate only has to name its holder and its TLS purpose.
 */
public final class SelfSignedIdentity {
  /** TLS purpose of the certificate, carried in its extended key usage. */
  public enum Purpose {
    SERVER(KeyPurposeId.id_kp_serverAuth),
    CLIENT(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId id;

    Purpose(KeyPurposeId id) {
      this.id = id;
    }
  }

  /** Ten years, as long-lived as an appliance's own certificate; re-creation replaces it. */
  static final Duration VALIDITY = Duration.ofDays(3650);

  /** Tolerates a peer whose clock runs a little behind. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private static final SecureRandom RANDOM = SoftwareJca.random();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private SelfSignedIdentity(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * A fresh key and certificate with subject {@code CN=commonName, O=Selene HSM} and, as
   * subjectAltNames, each of {@code names}: an IP literal as an IP address, anything else as a DNS
   * name.
   */
  public static SelfSignedIdentity generate(String commonName, List<String> names, Purpose purpose)
      throws GeneralSecurityException {
    KeyPairGenerator kpg =
        KeyPairGenerator.getInstance("EC", SoftwareJca.provider("KeyPairGenerator", "EC"));
    kpg.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    KeyPair pair = kpg.generateKeyPair();
    X500NameBuilder subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Selene HSM")
            .addRDN(BCStyle.CN, commonName);
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject.build(),
            new BigInteger(127, RANDOM).add(BigInteger.ONE),
            Date.from(now.minus(BACKDATE)),
            Date.from(now.plus(VALIDITY)),
            subject.build(),
            pair.getPublic());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose.id))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              ext.createSubjectKeyIdentifier(pair.getPublic()));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, altNames(names));
      }
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .setProvider(SoftwareJca.provider("CertificateFactory", "X.509"))
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA")
                          .setProvider(SoftwareJca.BC)
                          .setSecureRandom(RANDOM)
                          .build(pair.getPrivate())));
      return new SelfSignedIdentity(cert, pair.getPrivate());
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build a certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames altNames(List<String> names) {
    Set<String> unique = new LinkedHashSet<>(names);
    List<GeneralName> general = new ArrayList<>();
    for (String n : unique) {
      general.add(
          isIpLiteral(n)
              ? new GeneralName(GeneralName.iPAddress, n)
              : new GeneralName(GeneralName.dNSName, n));
    }
    return new GeneralNames(general.toArray(GeneralName[]::new));
  }

  /** An IPv4 or IPv6 literal (parsed without a name lookup). */
  static boolean isIpLiteral(String name) {
    if (name.contains(":")) {
      return true;
    }
    return name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** Reads a certificate and its key; the key must belong to the certificate. */
  public static SelfSignedIdentity load(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    X509Certificate cert = Pem.readCertificate(certFile);
    PrivateKey key = Pem.readPrivateKey(keyFile);
    if (!matches(cert, key)) {
      throw new GeneralSecurityException(
          keyFile + " does not hold the private key of the certificate in " + certFile);
    }
    return new SelfSignedIdentity(cert, key);
  }

  /** Signs and verifies a probe: the only check that works for every key type. */
  private static boolean matches(X509Certificate cert, PrivateKey key)
      throws GeneralSecurityException {
    String alg = cert.getPublicKey() instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
    if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
      return false;
    }
    byte[] probe = "selene identity check".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance(alg, SoftwareJca.provider("Signature", alg));
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    s.initVerify(cert.getPublicKey());
    s.update(probe);
    return s.verify(sig);
  }

  /**
   * Writes the key (0600, PKCS#8 PEM) then the certificate (0644), each atomically. The key comes
   * first, so a certificate on disk always has its key beside it.
   */
  public void store(Path certFile, Path keyFile) throws IOException {
    SecureFiles.writeAtomically(
        keyFile, Pem.encode("PRIVATE KEY", privateKey.getEncoded()), SecureFiles.OWNER_ONLY);
    try {
      SecureFiles.writeAtomically(
          certFile,
          Pem.encode("CERTIFICATE", certificate.getEncoded()),
          SecureFiles.WORLD_READABLE);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a certificate built here always encodes", e);
    }
  }

  /** Refuses a key file others can read, as ssh does: such a key can no longer be trusted. */
  static void checkPrivate(Path keyFile) throws IOException, GeneralSecurityException {
    var perms = SecureFiles.permissions(keyFile);
    if (perms != null && !SecureFiles.OWNER_ONLY.containsAll(perms)) {
      throw new GeneralSecurityException(
          keyFile
              + " can be read by others ("
              + PosixFilePermissions.toString(perms)
              + "); restrict it to its owner (chmod 600) or remove it to create a new identity");
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** {@link Fingerprints#sha256} of the certificate. */
  public String fingerprint() {
    return Fingerprints.sha256(certificate);
  }
}
