package io.selenehsm.server.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate fingerprints as operators compare them: SHA-256 of the DER, {@code AB:CD:...}. */
public final class Fingerprints {
  private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

  private Fingerprints() {}

  /** SHA-256 of the certificate's DER encoding, upper-case hex pairs joined by ':'. */
  public static String sha256(X509Certificate certificate) {
    try {
      return sha256(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      // A certificate that was parsed or built always encodes.
      throw new IllegalStateException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] der) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance("SHA-256", SoftwareJca.provider("MessageDigest", "SHA-256"))
              .digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
