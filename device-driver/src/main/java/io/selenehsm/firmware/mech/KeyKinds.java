package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Locale;
import javax.crypto.SecretKey;

/** Maps java.security keys onto PKCS#11 key types and sizes, and checks them against a mechanism. */
final class KeyKinds {
  private KeyKinds() {}

  /** The CKK_* type of a key, or -1 when it is none Selene knows. */
  static long keyType(Key key) {
    if (key instanceof RSAKey) {
      return Ckk.RSA;
    }
    if (key instanceof ECKey) {
      return Ckk.EC;
    }
    if (key instanceof DSAKey) {
      return Ckk.DSA;
    }
    String alg = key.getAlgorithm() == null ? "" : key.getAlgorithm().toUpperCase(Locale.ROOT);
    if (key instanceof SecretKey) {
      return switch (alg) {
        case "AES" -> Ckk.AES;
        case "DESEDE", "TRIPLEDES", "DES3" -> Ckk.DES3;
        default -> Ckk.GENERIC_SECRET;
      };
    }
    if (alg.equals("ED25519") || alg.equals("ED448") || alg.equals("EDDSA")) {
      return Ckk.EC_EDWARDS;
    }
    if (alg.equals("X25519") || alg.equals("X448") || alg.equals("XDH")) {
      return Ckk.EC_MONTGOMERY;
    }
    if (alg.startsWith("ML-DSA")) {
      return Ckk.ML_DSA;
    }
    if (alg.startsWith("ML-KEM")) {
      return Ckk.ML_KEM;
    }
    return -1;
  }

  /**
   * Key size in bits as MechanismInfo counts it: modulus/prime/field bits for RSA, DSA and EC,
   * 255/448 for the Edwards and Montgomery curves, value bits for secret keys, and the NIST
   * security category strength (128/192/256) for ML-DSA and ML-KEM. -1 when unknown.
   */
  static int bits(Key key) {
    if (key instanceof RSAKey k) {
      return k.getModulus().bitLength();
    }
    if (key instanceof ECKey k) {
      return k.getParams().getCurve().getField().getFieldSize();
    }
    if (key instanceof DSAKey k && k.getParams() != null) {
      return k.getParams().getP().bitLength();
    }
    if (key instanceof SecretKey) {
      byte[] e = key.getEncoded();
      return e == null ? -1 : e.length * 8;
    }
    String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
    if (alg.contains("25519")) {
      return 255;
    }
    if (alg.contains("448")) {
      return 448;
    }
    if (alg.equals("EDDSA") || alg.equals("XDH")) {
      return edwardsOrMontgomeryBits(key);
    }
    if (alg.endsWith("-44") || alg.endsWith("-512")) {
      return 128;
    }
    if (alg.endsWith("-65") || alg.endsWith("-768")) {
      return 192;
    }
    if (alg.endsWith("-87") || alg.endsWith("-1024")) {
      return 256;
    }
    return -1;
  }

  private static int edwardsOrMontgomeryBits(Key key) {
    if (key instanceof java.security.interfaces.EdECKey k) {
      return k.getParams().getName().contains("448") ? 448 : 255;
    }
    if (key instanceof java.security.interfaces.XECKey k
        && k.getParams() instanceof java.security.spec.NamedParameterSpec n) {
      return n.getName().contains("448") ? 448 : 255;
    }
    return -1;
  }

  /**
   * Checks that {@code key} fits the mechanism: right type, right half of a pair (when
   * {@code needPrivate}/{@code needPublic}), size within the mechanism's bounds.
   */
  static int check(MechanismInfo info, Key key, Class<?> need) throws HsmException {
    if (key == null) {
      throw new HsmException(Ckr.KEY_HANDLE_INVALID, info.name() + " needs a key");
    }
    long type = keyType(key);
    if (type != info.keyType()) {
      throw new HsmException(Ckr.KEY_TYPE_INCONSISTENT,
          info.name() + " needs a key of type 0x" + Long.toHexString(info.keyType())
              + ", got " + key.getAlgorithm() + " (type 0x" + Long.toHexString(type) + ")");
    }
    if (need != null && !need.isInstance(key)) {
      throw new HsmException(Ckr.KEY_TYPE_INCONSISTENT,
          info.name() + " needs a " + need.getSimpleName() + " here, got " + kind(key));
    }
    int bits = bits(key);
    if (bits >= 0 && info.maxKeyBits() > 0 && (bits < info.minKeyBits() || bits > info.maxKeyBits())) {
      throw new HsmException(Ckr.KEY_SIZE_RANGE,
          info.name() + " key size " + bits + " bits: must be " + info.minKeyBits() + " to "
              + info.maxKeyBits());
    }
    return bits;
  }

  private static String kind(Key key) {
    if (key instanceof PrivateKey) {
      return "a private key";
    }
    if (key instanceof PublicKey) {
      return "a public key";
    }
    return "a secret key";
  }
}
