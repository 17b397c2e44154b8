package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** X25519 / X448 (RFC 7748) shared secrets; the public value is the raw u-coordinate or SPKI. */
final class XdhAgreement {
  private XdhAgreement() {}

  static byte[] secret(Key privateKey, byte[] publicData) throws HsmException {
    int bits = KeyKinds.bits(privateKey);
    boolean x448 = bits == 448;
    int len = x448 ? 56 : 32;
    try {
      byte[] u = publicData.length == len ? publicData.clone() : rawU(publicData);
      if (u.length != len) {
        throw new HsmException(
            Ckr.MECHANISM_PARAM_INVALID,
            "XDH public value of "
                + u.length
                + " bytes: must be "
                + len
                + " for X"
                + (x448 ? "448" : "25519"));
      }
      if (!x448) {
        // RFC 7748 section 5: X25519 ignores the most significant bit of the u-coordinate. A
        // primitive that kept it would compute on u + 2^255 and miss a low-order point.
        u[31] &= 0x7f;
      }
      var oid = new ASN1ObjectIdentifier(x448 ? "1.3.101.111" : "1.3.101.110"); // RFC 8410
      byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid), u).getEncoded("DER");
      PublicKey peer =
          KeyFactory.getInstance(x448 ? "X448" : "X25519", Primitives.BC)
              .generatePublic(new X509EncodedKeySpec(spki));
      if (KeyKinds.bits(peer) != bits) {
        throw new HsmException(
            Ckr.MECHANISM_PARAM_INVALID,
            "XDH public key is on a different curve than the private key");
      }
      KeyAgreement ka =
          Primitives.firstWorking(
              "KeyAgreement",
              "XDH",
              (alg, p) -> KeyAgreement.getInstance(alg, p),
              a -> {
                a.init((PrivateKey) privateKey);
                a.doPhase(peer, true);
              },
              Ckr.MECHANISM_PARAM_INVALID,
              "XDH refused the key pair");
      byte[] z = ka.generateSecret();
      if (java.security.MessageDigest.isEqual(z, new byte[z.length])) {
        throw new HsmException(
            Ckr.MECHANISM_PARAM_INVALID,
            "XDH public value is a low-order point (all-zero shared secret)");
      }
      return z;
    } catch (HsmException e) {
      throw e;
    } catch (Exception e) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID, "XDH public value rejected: " + e.getMessage(), e);
    }
  }

  /** The raw u-coordinate of an RFC 8410 SubjectPublicKeyInfo. */
  private static byte[] rawU(byte[] spki) {
    return SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getOctets();
  }
}
