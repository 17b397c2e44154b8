package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import javax.crypto.SecretKey;

/**
 * Maps java.security keys onto PKCS#11 key types and sizes, and checks them against a mechanism.
 */
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
    // Compared ignoring case rather than upper-cased: this runs on every operation, and
    // toUpperCase allocates.
    String alg = key.getAlgorithm() == null ? "" : key.getAlgorithm();
    if (key instanceof SecretKey) {
      if (alg.equalsIgnoreCase("AES")) {
        return Ckk.AES;
      }
      return is(alg, "DESede", "TripleDES", "DES3") ? Ckk.DES3 : Ckk.GENERIC_SECRET;
    }
    if (is(alg, "Ed25519", "Ed448", "EdDSA")) {
      return Ckk.EC_EDWARDS;
    }
    if (is(alg, "X25519", "X448", "XDH")) {
      return Ckk.EC_MONTGOMERY;
    }
    if (alg.regionMatches(true, 0, "ML-DSA", 0, 6)) {
      return Ckk.ML_DSA;
    }
    if (alg.regionMatches(true, 0, "ML-KEM", 0, 6)) {
      return Ckk.ML_KEM;
    }
    return -1;
  }

  private static boolean is(String alg, String a, String b, String c) {
    return alg.equalsIgnoreCase(a) || alg.equalsIgnoreCase(b) || alg.equalsIgnoreCase(c);
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
    String alg = key.getAlgorithm();
    if (alg.contains("25519")) {
      return 255;
    }
    if (alg.contains("448")) {
      return 448;
    }
    if (alg.equalsIgnoreCase("EdDSA") || alg.equalsIgnoreCase("XDH")) {
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
   * Checks that {@code key} fits the mechanism: right type, right half of a pair (when {@code need}
   * names PrivateKey/PublicKey/SecretKey), size within the mechanism's bounds.
   */
  static int check(MechanismInfo info, Key key, Class<?> need) throws HsmException {
    return check(info, key, key == null ? null : KeyProfile.of(key), need);
  }

  /** As {@link #check(MechanismInfo, Key, Class)} with the key's profile computed earlier. */
  static int check(MechanismInfo info, Key key, KeyProfile profile, Class<?> need)
      throws HsmException {
    if (key == null) {
      throw new HsmException(Ckr.KEY_HANDLE_INVALID, info.name() + " needs a key");
    }
    long type = profile.keyType();
    if (!info.acceptsKeyType(type)) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          info.name()
              + " needs a key of type 0x"
              + Long.toHexString(info.keyType())
              + ", got "
              + key.getAlgorithm()
              + " (type 0x"
              + Long.toHexString(type)
              + ")");
    }
    if (need != null && !need.isInstance(key)) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          info.name() + " needs a " + need.getSimpleName() + " here, got " + kind(key));
    }
    int bits = profile.bits();
    if (bits >= 0
        && info.maxKeyBits() > 0
        && (bits < info.minKeyBits() || bits > info.maxKeyBits())) {
      throw new HsmException(
          Ckr.KEY_SIZE_RANGE,
          info.name()
              + " key size "
              + bits
              + " bits: must be "
              + info.minKeyBits()
              + " to "
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
