package io.selenehsm.server.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Reads and writes the PEM files of certificates and PKCS#8 private keys. */
public final class Pem {
  private Pem() {}

  /**
   * The first certificate in a PEM (or DER) file; a file that holds none, or cannot be read, is an
   * error naming the file.
   */
  public static X509Certificate readCertificate(Path file)
      throws IOException, GeneralSecurityException {
    return readCertificates(file).get(0);
  }

  /** Every certificate in a PEM file, in order; at least one. */
  public static List<X509Certificate> readCertificates(Path file)
      throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(file);
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (Certificate c :
          CertificateFactory.getInstance(
                  "X.509", SoftwareJca.provider("CertificateFactory", "X.509"))
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certs.add((X509Certificate) c);
      }
    } catch (CertificateException e) {
      throw new CertificateException(
          file + " does not hold a readable X.509 certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new CertificateException(file + " holds no X.509 certificate");
    }
    return certs;
  }

  /** The private key of a PEM file ({@code PRIVATE KEY}, or a traditional EC/RSA key pair). */
  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    try (Reader r = new StringReader(text);
        PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      PrivateKeyInfo info =
          o instanceof PEMKeyPair pair
              ? pair.getPrivateKeyInfo()
              : o instanceof PrivateKeyInfo i ? i : null;
      if (info != null) {
        return new JcaPEMKeyConverter().setProvider(keyFactoryProvider(info)).getPrivateKey(info);
      }
      throw new InvalidKeyException(
          file + " holds no unencrypted private key (expected a PEM 'PRIVATE KEY' block)");
    } catch (PEMException e) {
      throw new InvalidKeyException(file + " holds no readable private key: " + e.getMessage(), e);
    }
  }

  /**
   * A software key factory for the key's algorithm (the JDK's where it has one, so the key's
   * algorithm name matches its certificate's), never the Selene provider.
   */
  private static java.security.Provider keyFactoryProvider(PrivateKeyInfo info)
      throws GeneralSecurityException {
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    String algorithm =
        switch (oid) {
          case "1.2.840.10045.2.1" -> "EC";
          case "1.2.840.113549.1.1.1" -> "RSA";
          case "1.3.101.112" -> "Ed25519";
          default -> null;
        };
    return algorithm == null ? SoftwareJca.BC : SoftwareJca.provider("KeyFactory", algorithm);
  }

  static byte[] encode(String type, byte[] der) {
    StringWriter text = new StringWriter();
    try (PemWriter w = new PemWriter(text)) {
      w.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a string cannot fail", e);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The certificate as a PEM {@code CERTIFICATE} block. */
  public static String certificate(X509Certificate cert) throws GeneralSecurityException {
    return new String(encode("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
  }
}
