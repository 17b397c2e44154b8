package io.selenehsm.firmware.mech;

import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;

/** RSA key helpers: modulus length, and conversion to Bouncy Castle's low-level parameters. */
final class RsaKeys {
  private RsaKeys() {}

  static int modulusBytes(RSAKey key) {
    return (key.getModulus().bitLength() + 7) / 8;
  }

  static RSAKeyParameters lowLevel(RSAKey key) {
    if (key instanceof RSAPrivateCrtKey k
        && k.getPublicExponent() != null
        && k.getPrimeP() != null) {
      return new RSAPrivateCrtKeyParameters(
          k.getModulus(),
          k.getPublicExponent(),
          k.getPrivateExponent(),
          k.getPrimeP(),
          k.getPrimeQ(),
          k.getPrimeExponentP(),
          k.getPrimeExponentQ(),
          k.getCrtCoefficient());
    }
    if (key instanceof RSAPrivateKey k) {
      return new RSAKeyParameters(true, k.getModulus(), k.getPrivateExponent());
    }
    RSAPublicKey k = (RSAPublicKey) key;
    return new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent());
  }
}
