package io.selenehsm.firmware.mech;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECKey;

/**
 * What the mechanism checks need to know about a key: its CKK_* type, its size in bits as
 * MechanismInfo counts it, and for EC keys the curve. Computed once per key (the engine keeps it
 * next to the decoded key on the object), so the per-operation checks read three fields instead of
 * inspecting the key (a secret key's size would otherwise cost a copy of its value).
 *
 * @param keyType the CKK_* type, -1 when unknown
 * @param bits the size in bits, -1 when unknown
 * @param curve for EC keys the curve's name ("P-256", "P-384", "P-521", "secp256k1"), or "EC" for
 *     any other curve; null for keys that are not EC
 */
public record KeyProfile(long keyType, int bits, String curve) {
  /** EC keys on a curve with no name here: served only through DER and the BC fallback. */
  static final String OTHER_CURVE = "EC";

  private static final BigInteger P256_ORDER =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
  private static final BigInteger P384_ORDER =
      new BigInteger(
          "ffffffffffffffffffffffffffffffffffffffffffffffff"
              + "c7634d81f4372ddf581a0db248b0a77aecec196accc52973",
          16);
  private static final BigInteger P521_ORDER =
      new BigInteger(
          "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
              + "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
          16);
  private static final BigInteger SECP256K1_ORDER =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  /** The profile of a key, inspecting it once. */
  public static KeyProfile of(Key key) {
    if (key == null) {
      return new KeyProfile(-1, -1, null);
    }
    return new KeyProfile(KeyKinds.keyType(key), KeyKinds.bits(key), curveOf(key));
  }

  /** True for the NIST prime curves every ECDSA provider here serves (ACCP and the JDK). */
  boolean isNistPrimeCurve() {
    return "P-256".equals(curve) || "P-384".equals(curve) || "P-521".equals(curve);
  }

  private static String curveOf(Key key) {
    if (!(key instanceof ECKey ec) || ec.getParams() == null) {
      return null;
    }
    BigInteger n = ec.getParams().getOrder();
    int fieldBits = ec.getParams().getCurve().getField().getFieldSize();
    // The order identifies the group; the field size rules out a different curve of that order.
    if (fieldBits == 256 && n.equals(P256_ORDER)) {
      return "P-256";
    }
    if (fieldBits == 384 && n.equals(P384_ORDER)) {
      return "P-384";
    }
    if (fieldBits == 521 && n.equals(P521_ORDER)) {
      return "P-521";
    }
    if (fieldBits == 256 && n.equals(SECP256K1_ORDER)) {
      return "secp256k1";
    }
    return OTHER_CURVE;
  }
}
