package io.selenehsm.provider.spi;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.internal.Errors;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.NamedParameterSpec;

/**
 * Checks of a key agreement's peer key at doPhase, where JCA lets the provider refuse it with
 * InvalidKeyException: a point off the curve (the invalid-curve attack leaks the private key bit by
 * bit), a point of another curve, or an X25519 value given to an X448 key. Without them the engine
 * refuses only at generateSecret, which may throw nothing checked.
 */
final class PeerPoints {
  private PeerPoints() {}

  /** The peer point lies on our curve (prime-field curves; others are left to the engine). */
  static void requireOnCurveOf(ECPublicKey peer, ECParameterSpec own) throws InvalidKeyException {
    ECParameterSpec p = peer.getParams();
    if (own != null
        && p != null
        && (!own.getOrder().equals(p.getOrder()) || !own.getCurve().equals(p.getCurve()))) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          "the peer key is on another curve ("
              + p.getOrder().bitLength()
              + "-bit order) than the private key ("
              + own.getOrder().bitLength()
              + "-bit order)");
    }
    ECParameterSpec curve = own != null ? own : p;
    ECPoint w = peer.getW();
    if (curve == null || !(curve.getCurve().getField() instanceof ECFieldFp fp)) {
      return;
    }
    if (w == null || w.equals(ECPoint.POINT_INFINITY)) {
      throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "the peer key is the point at infinity");
    }
    BigInteger q = fp.getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    BigInteger rhs =
        x.pow(3).add(curve.getCurve().getA().multiply(x)).add(curve.getCurve().getB()).mod(q);
    if (x.signum() < 0
        || x.compareTo(q) >= 0
        || y.signum() < 0
        || y.compareTo(q) >= 0
        || !y.multiply(y).mod(q).equals(rhs)) {
      throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "the peer point is not on the curve");
    }
  }

  /** An XDH peer value has the length of our curve's (32 bytes X25519, 56 bytes X448). */
  static void requireSameCurveSize(byte[] peerValue, Key own, long keyType)
      throws InvalidKeyException {
    if (keyType != Ckk.EC_MONTGOMERY
        || !(own instanceof XECKey x)
        || !(x.getParams() instanceof NamedParameterSpec n)) {
      return;
    }
    int expected = "X448".equalsIgnoreCase(n.getName()) ? 56 : 32;
    if (peerValue.length != expected) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          "the peer value has "
              + peerValue.length
              + " bytes; a "
              + n.getName()
              + " key agrees with "
              + expected
              + "-byte values");
    }
  }
}
