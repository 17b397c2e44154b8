package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECCurve;

/**
 * Decodes the other party's EC public value for ECDH on a known curve: a raw point (uncompressed or
 * compressed), a point wrapped in a DER OCTET STRING (CKA_EC_POINT form), or a full
 * SubjectPublicKeyInfo whose domain parameters must equal the curve. The point must lie on the
 * curve and not be the point at infinity.
 */
final class EcPoints {
  private EcPoints() {}

  static ECPoint decode(byte[] data, ECParameterSpec curve) throws HsmException {
    ECCurve bcCurve = EC5Util.convertCurve(curve.getCurve());
    byte[] point = unwrap(data, curve, bcCurve);
    org.bouncycastle.math.ec.ECPoint p;
    try {
      p = bcCurve.decodePoint(point);
    } catch (RuntimeException e) {
      throw invalid(
          "public point is not on the key's curve or badly encoded (" + e.getMessage() + ")");
    }
    if (p.isInfinity()) {
      throw invalid("public point is the point at infinity");
    }
    p = p.normalize();
    return new ECPoint(p.getAffineXCoord().toBigInteger(), p.getAffineYCoord().toBigInteger());
  }

  private static byte[] unwrap(byte[] data, ECParameterSpec curve, ECCurve bcCurve)
      throws HsmException {
    int fieldBytes = (curve.getCurve().getField().getFieldSize() + 7) / 8;
    boolean rawUncompressed = data.length == 2 * fieldBytes + 1 && data[0] == 0x04;
    boolean rawCompressed = data.length == fieldBytes + 1 && (data[0] == 0x02 || data[0] == 0x03);
    if (rawUncompressed || rawCompressed) {
      return data;
    }
    ASN1Primitive asn1;
    try {
      asn1 = ASN1Primitive.fromByteArray(data);
      if (!Arrays.equals(asn1.getEncoded("DER"), data)) {
        throw invalid("public value is not DER");
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw invalid("public value is neither an EC point nor DER");
    }
    if (asn1 instanceof ASN1OctetString os) {
      return os.getOctets();
    }
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(asn1);
    } catch (RuntimeException e) {
      throw invalid("public value is not a SubjectPublicKeyInfo");
    }
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())) {
      throw invalid("public key algorithm " + spki.getAlgorithm().getAlgorithm() + " is not EC");
    }
    try {
      X9ECParameters params = domain(spki);
      if (params == null || !sameDomain(params, bcCurve, curve)) {
        throw invalid("public key's curve differs from the private key's curve");
      }
      return spki.getPublicKeyData().getOctets();
    } catch (RuntimeException e) {
      throw invalid("public key's EC parameters are malformed (" + e.getMessage() + ")");
    }
  }

  private static X9ECParameters domain(SubjectPublicKeyInfo spki) throws HsmException {
    try {
      X962Parameters p = X962Parameters.getInstance(spki.getAlgorithm().getParameters());
      if (p.isNamedCurve()) {
        return org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(
            (ASN1ObjectIdentifier) p.getParameters());
      }
      if (p.isImplicitlyCA()) {
        return null;
      }
      return X9ECParameters.getInstance(p.getParameters());
    } catch (RuntimeException e) {
      throw invalid("public key's EC parameters are malformed (" + e.getMessage() + ")");
    }
  }

  private static boolean sameDomain(X9ECParameters p, ECCurve curve, ECParameterSpec spec) {
    // Explicit parameters must state the cofactor (Wycheproof "no cofactor" is invalid).
    return p.getH() != null
        && p.getCurve().equals(curve)
        && p.getN().equals(spec.getOrder())
        && p.getH().equals(BigInteger.valueOf(spec.getCofactor()))
        && p.getG()
            .normalize()
            .getAffineXCoord()
            .toBigInteger()
            .equals(spec.getGenerator().getAffineX())
        && p.getG()
            .normalize()
            .getAffineYCoord()
            .toBigInteger()
            .equals(spec.getGenerator().getAffineY());
  }

  private static HsmException invalid(String why) {
    return new HsmException(Ckr.MECHANISM_PARAM_INVALID, "ECDH " + why);
  }
}
