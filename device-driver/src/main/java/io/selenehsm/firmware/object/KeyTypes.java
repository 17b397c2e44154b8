package io.selenehsm.firmware.object;

import java.util.Locale;

/**
 * The one mapping between PKCS#11 key types and JCA algorithm names, both ways: the engine's key
 * decoding, the provider's key classes ({@code getAlgorithm()}), its SPIs' messages and key import,
 * and the shell's SKS listing all read it here.
 */
public final class KeyTypes {
  /** The algorithm of a secret key whose type names none (CKK_GENERIC_SECRET, HMAC keys). */
  public static final String GENERIC_SECRET = "GenericSecret";

  private KeyTypes() {}

  /** The JCA algorithm name of a CKK_* key type, or null for a type Selene has no name for. */
  public static String algorithm(long keyType) {
    if (keyType == Ckk.RSA) {
      return "RSA";
    }
    if (keyType == Ckk.EC) {
      return "EC";
    }
    if (keyType == Ckk.EC_EDWARDS) {
      return "EdDSA";
    }
    if (keyType == Ckk.EC_MONTGOMERY) {
      return "XDH";
    }
    if (keyType == Ckk.DSA) {
      return "DSA";
    }
    if (keyType == Ckk.ML_DSA) {
      return "ML-DSA";
    }
    if (keyType == Ckk.ML_KEM) {
      return "ML-KEM";
    }
    if (keyType == Ckk.AES) {
      return "AES";
    }
    if (keyType == Ckk.DES3 || keyType == Ckk.DES2) {
      return "DESede";
    }
    if (keyType == Ckk.GENERIC_SECRET) {
      return GENERIC_SECRET;
    }
    return null;
  }

  /** The CKK_* type of a JCA key algorithm name (any case, aliases and parameter sets), or -1. */
  public static long keyType(String algorithm) {
    if (algorithm == null) {
      return -1;
    }
    String a = algorithm.toUpperCase(Locale.ROOT);
    if (a.equals("RSA") || a.equals("RSASSA-PSS")) {
      return Ckk.RSA;
    }
    if (a.equals("EC") || a.equals("ECDSA") || a.equals("ECDH")) {
      return Ckk.EC;
    }
    if (a.equals("EDDSA") || a.equals("ED25519") || a.equals("ED448")) {
      return Ckk.EC_EDWARDS;
    }
    if (a.equals("XDH") || a.equals("X25519") || a.equals("X448")) {
      return Ckk.EC_MONTGOMERY;
    }
    if (a.equals("DSA")) {
      return Ckk.DSA;
    }
    if (a.startsWith("ML-DSA")) {
      return Ckk.ML_DSA;
    }
    if (a.startsWith("ML-KEM")) {
      return Ckk.ML_KEM;
    }
    if (a.equals("AES")) {
      return Ckk.AES;
    }
    if (a.equals("DESEDE") || a.equals("DES3") || a.equals("TRIPLEDES")) {
      return Ckk.DES3;
    }
    if (a.startsWith("HMAC")
        || a.equals("GENERICSECRET")
        || a.equals("GENERIC")
        || a.equals("TLSPREMASTERSECRET")) {
      return Ckk.GENERIC_SECRET;
    }
    return -1;
  }
}
