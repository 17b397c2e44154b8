package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.util.Set;

/** What key pair to generate; the engine builds it from the public key template. */
public sealed interface KeyPairSpec {
  void validate() throws HsmException;

  /** RSA with modulus bits (CKA_MODULUS_BITS) and public exponent (CKA_PUBLIC_EXPONENT). */
  record Rsa(int bits, BigInteger publicExponent) implements KeyPairSpec {
    public static final BigInteger F4 = BigInteger.valueOf(65537);

    @Override
    public void validate() throws HsmException {
      if (bits < 1024 || bits > 8192 || bits % 8 != 0) {
        throw MechanismParams.invalid(
            "RSA modulus " + bits + " bits: must be a multiple of 8 from 1024 to 8192");
      }
      if (publicExponent == null
          || !publicExponent.testBit(0)
          || publicExponent.compareTo(BigInteger.valueOf(3)) < 0
          || publicExponent.bitLength() > 256) {
        throw MechanismParams.invalid(
            "RSA public exponent "
                + publicExponent
                + ": must be odd, at least 3, at most 256 bits");
      }
    }
  }

  /** A Weierstrass curve by name: P-224/256/384/521 (or secpNNNr1), secp256k1, brainpoolPNNNr1. */
  record Ec(String curve) implements KeyPairSpec {
    static final Set<String> CURVES =
        Set.of(
            "secp224r1",
            "secp256r1",
            "secp384r1",
            "secp521r1",
            "secp256k1",
            "brainpoolP256r1",
            "brainpoolP384r1",
            "brainpoolP512r1");

    /** The canonical (SEC 2 / RFC 5639) name; NIST names are accepted as aliases. */
    public String canonicalCurve() {
      return switch (curve) {
        case "P-224" -> "secp224r1";
        case "P-256", "prime256v1" -> "secp256r1";
        case "P-384" -> "secp384r1";
        case "P-521" -> "secp521r1";
        default -> curve;
      };
    }

    @Override
    public void validate() throws HsmException {
      if (curve == null || !CURVES.contains(canonicalCurve())) {
        throw new HsmException(
            io.selenehsm.firmware.rc.Ckr.CURVE_NOT_SUPPORTED,
            "curve " + curve + ": supported are " + new java.util.TreeSet<>(CURVES));
      }
    }
  }

  /** Ed25519 or Ed448. */
  record Edwards(String curve) implements KeyPairSpec {
    @Override
    public void validate() throws HsmException {
      if (!"Ed25519".equals(curve) && !"Ed448".equals(curve)) {
        throw new HsmException(
            io.selenehsm.firmware.rc.Ckr.CURVE_NOT_SUPPORTED,
            "Edwards curve " + curve + ": must be Ed25519 or Ed448");
      }
    }
  }

  /** X25519 or X448. */
  record Montgomery(String curve) implements KeyPairSpec {
    @Override
    public void validate() throws HsmException {
      if (!"X25519".equals(curve) && !"X448".equals(curve)) {
        throw new HsmException(
            io.selenehsm.firmware.rc.Ckr.CURVE_NOT_SUPPORTED,
            "Montgomery curve " + curve + ": must be X25519 or X448");
      }
    }
  }

  /** DSA with the JDK's published domain parameters for L = 2048 or 3072 (N = 256). */
  record Dsa(int bits) implements KeyPairSpec {
    @Override
    public void validate() throws HsmException {
      if (bits != 2048 && bits != 3072) {
        throw MechanismParams.invalid("DSA prime size " + bits + " bits: must be 2048 or 3072");
      }
    }
  }

  /** ML-DSA-44, -65 or -87 (parameter set given by its number). */
  record MlDsa(int set) implements KeyPairSpec {
    @Override
    public void validate() throws HsmException {
      if (set != 44 && set != 65 && set != 87) {
        throw MechanismParams.invalid("ML-DSA parameter set " + set + ": must be 44, 65 or 87");
      }
    }
  }

  /** ML-KEM-512, -768 or -1024. */
  record MlKem(int set) implements KeyPairSpec {
    @Override
    public void validate() throws HsmException {
      if (set != 512 && set != 768 && set != 1024) {
        throw MechanismParams.invalid("ML-KEM parameter set " + set + ": must be 512, 768 or 1024");
      }
    }
  }
}
