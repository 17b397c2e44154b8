package io.selenehsm.provider.internal;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.KeyTypes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Software (JDK or Bouncy Castle) key factories for public values and foreign keys. Each comes from
 * a provider held by instance ({@link SoftwareProviders}), never from the global list, so the
 * lookup can never land back on Selene.
 */
public final class SoftwareKeys {
  private SoftwareKeys() {}

  /** The software KeyFactory for a key type. */
  public static KeyFactory factory(long keyType) throws GeneralSecurityException {
    if (keyType == Ckk.RSA) {
      return SoftwareProviders.keyFactory("RSA");
    }
    if (keyType == Ckk.EC) {
      return SoftwareProviders.keyFactory("EC");
    }
    if (keyType == Ckk.EC_EDWARDS) {
      return SoftwareProviders.keyFactory("EdDSA");
    }
    if (keyType == Ckk.EC_MONTGOMERY) {
      return SoftwareProviders.keyFactory("XDH");
    }
    if (keyType == Ckk.DSA) {
      return SoftwareProviders.keyFactory("DSA");
    }
    if (keyType == Ckk.ML_DSA) {
      return KeyFactory.getInstance("ML-DSA", SoftwareProviders.bc());
    }
    if (keyType == Ckk.ML_KEM) {
      return KeyFactory.getInstance("ML-KEM", SoftwareProviders.bc());
    }
    throw new GeneralSecurityException(
        String.format("no public key factory for key type 0x%x", keyType));
  }

  /** The software KeyFactory for a JCA algorithm name, or null. */
  public static KeyFactory factory(String algorithm) throws GeneralSecurityException {
    long type = keyTypeOf(algorithm);
    return type < 0 ? null : factory(type);
  }

  /** CKK_* for a JCA key algorithm name, or -1 ({@link KeyTypes#keyType}). */
  public static long keyTypeOf(String algorithm) {
    return KeyTypes.keyType(algorithm);
  }

  /** Decodes an X.509 SubjectPublicKeyInfo of a key type. */
  public static PublicKey publicKey(long keyType, byte[] spki) throws HsmException {
    try {
      return factory(keyType).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          String.format(
              "the public key info of a key of type 0x%x does not decode: %s", keyType, e),
          e);
    }
  }

  /** A software public key in a form the engine's own primitives accept. */
  public static PublicKey normalize(PublicKey key) throws HsmException {
    byte[] spki = key.getEncoded();
    long type = keyTypeOf(key.getAlgorithm());
    if (spki == null || type < 0) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          "public key "
              + key.getAlgorithm()
              + " ("
              + key.getClass().getName()
              + ") has no X.509 encoding Selene can use");
    }
    return publicKey(type, spki);
  }

  /** Decodes PKCS#8 with the software factory for {@code keyType}. */
  public static PrivateKey privateKey(long keyType, byte[] pkcs8) throws GeneralSecurityException {
    return factory(keyType).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  /** Whether {@code k} is a key whose material this JVM holds (not a Selene key). */
  public static boolean isForeign(Key k) {
    return !KeyAccess.isSelene(k);
  }
}
