package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Builds public keys from the raw values PKCS#11 objects carry (CKA_VALUE), refusing values of the
 * wrong length with CKR_ATTRIBUTE_VALUE_INVALID.
 */
public final class PublicKeys {
  private PublicKeys() {}

  /** ML-DSA-44/65/87 public key from its FIPS 204 encoding (1312/1952/2592 bytes). */
  public static PublicKey mlDsa(byte[] raw, int set) throws HsmException {
    int expected;
    String oid;
    switch (set) {
      case 44 -> {
        expected = 1312;
        oid = "2.16.840.1.101.3.4.3.17";
      }
      case 65 -> {
        expected = 1952;
        oid = "2.16.840.1.101.3.4.3.18";
      }
      case 87 -> {
        expected = 2592;
        oid = "2.16.840.1.101.3.4.3.19";
      }
      default ->
          throw new HsmException(
              Ckr.ATTRIBUTE_VALUE_INVALID,
              "ML-DSA parameter set " + set + ": must be 44, 65 or 87");
    }
    if (raw.length != expected) {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID,
          "ML-DSA-" + set + " public key of " + raw.length + " bytes: must be " + expected);
    }
    return fromSpki(new AlgorithmIdentifier(new ASN1ObjectIdentifier(oid)), raw, "ML-DSA");
  }

  /** Ed25519 (32 bytes) or Ed448 (57 bytes) public key from its RFC 8032 encoding. */
  public static PublicKey edwards(byte[] raw) throws HsmException {
    String oid =
        switch (raw.length) {
          case 32 -> "1.3.101.112";
          case 57 -> "1.3.101.113";
          default ->
              throw new HsmException(
                  Ckr.ATTRIBUTE_VALUE_INVALID,
                  "EdDSA public key of "
                      + raw.length
                      + " bytes: must be 32 (Ed25519) or 57 (Ed448)");
        };
    return fromSpki(new AlgorithmIdentifier(new ASN1ObjectIdentifier(oid)), raw, "EdDSA");
  }

  private static PublicKey fromSpki(AlgorithmIdentifier alg, byte[] raw, String factory)
      throws HsmException {
    try {
      byte[] spki = new SubjectPublicKeyInfo(alg, raw).getEncoded("DER");
      return KeyFactory.getInstance(factory, Primitives.BC)
          .generatePublic(new X509EncodedKeySpec(spki));
    } catch (Exception e) {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID, factory + " public key rejected: " + e.getMessage(), e);
    }
  }
}
