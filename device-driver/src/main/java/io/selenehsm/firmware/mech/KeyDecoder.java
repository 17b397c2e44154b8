package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.KeyTypes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Turns stored key material (PKCS#8, X.509 SubjectPublicKeyInfo, raw secret bytes) into JCA keys of
 * the provider that will use them: a key decoded by the native provider avoids a translation on
 * every operation, which matters on the signing hot path. Falls back to the JDK, then BC.
 */
public final class KeyDecoder {
  private KeyDecoder() {}

  public static PrivateKey privateKey(long keyType, byte[] pkcs8) throws HsmException {
    return decode(keyType, f -> f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), "private");
  }

  public static PublicKey publicKey(long keyType, byte[] spki) throws HsmException {
    if (keyType == Ckk.ML_DSA || keyType == Ckk.ML_KEM) {
      checkPostQuantumLength(keyType, spki);
    }
    return decode(keyType, f -> f.generatePublic(new X509EncodedKeySpec(spki)), "public");
  }

  /** FIPS 203/204 public key lengths by algorithm OID. */
  private static final Map<String, Integer> PQC_PUBLIC_LENGTHS =
      Map.of(
          "2.16.840.1.101.3.4.3.17",
          1312,
          "2.16.840.1.101.3.4.3.18",
          1952,
          "2.16.840.1.101.3.4.3.19",
          2592,
          "2.16.840.1.101.3.4.4.1",
          800,
          "2.16.840.1.101.3.4.4.2",
          1184,
          "2.16.840.1.101.3.4.4.3",
          1568);

  /**
   * Bouncy Castle's key factory takes an ML-DSA/ML-KEM key of any length; a key one byte long or
   * short would then verify signatures made over its own hash (Wycheproof mldsa tcId 158/159).
   * Checked for stored keys and for every public key a verification is started with.
   */
  static void checkPostQuantumLength(long keyType, byte[] spki) throws HsmException {
    String oid;
    int length;
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
      oid = info.getAlgorithm().getAlgorithm().getId();
      length = info.getPublicKeyData().getOctets().length;
    } catch (RuntimeException e) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          String.format("public key of type 0x%x is not a SubjectPublicKeyInfo", keyType),
          e);
    }
    Integer expected = PQC_PUBLIC_LENGTHS.get(oid);
    if (expected != null && expected != length) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          "public key (" + oid + ") of " + length + " bytes: must be " + expected);
    }
  }

  public static SecretKey secretKey(long keyType, byte[] value) {
    String alg = keyType == Ckk.AES ? "AES" : keyType == Ckk.DES3 ? "DESede" : "GENERIC";
    return new SecretKeySpec(value, alg);
  }

  private interface Generate<K> {
    K apply(KeyFactory f) throws GeneralSecurityException;
  }

  private static <K extends Key> K decode(long keyType, Generate<K> gen, String half)
      throws HsmException {
    String alg = factoryAlgorithm(keyType);
    // ML-DSA and ML-KEM run on Bouncy Castle, which refuses the JDK's own key classes (JDK 24+
    // has ML-DSA and ML-KEM key factories of its own): decode those keys with BC.
    List<Primitives.Source> order =
        keyType == Ckk.RSA || keyType == Ckk.EC
            ? List.of(Primitives.Source.ACCP, Primitives.Source.JDK, Primitives.Source.BC)
            : keyType == Ckk.ML_DSA || keyType == Ckk.ML_KEM
                ? List.of(Primitives.Source.BC)
                : List.of(Primitives.Source.JDK, Primitives.Source.BC);
    GeneralSecurityException last = null;
    for (Primitives.Source s : order) {
      try {
        Provider p =
            s == Primitives.Source.JDK
                ? SoftwareProviders.jdk("KeyFactory", alg).orElse(null)
                : Primitives.provider(s).orElse(null);
        if (p == null) {
          continue;
        }
        return gen.apply(KeyFactory.getInstance(alg, p));
      } catch (GeneralSecurityException | RuntimeException e) {
        last = e instanceof GeneralSecurityException g ? g : new GeneralSecurityException(e);
      }
    }
    throw new HsmException(
        Ckr.KEY_TYPE_INCONSISTENT,
        String.format(
            "stored %s key of type 0x%x does not decode as %s: %s",
            half, keyType, alg, last == null ? "no provider" : last.getMessage()),
        last);
  }

  private static String factoryAlgorithm(long keyType) throws HsmException {
    String name = Ckk.isSecret(keyType) ? null : KeyTypes.algorithm(keyType);
    if (name != null) {
      return name;
    }
    throw new HsmException(
        Ckr.KEY_TYPE_INCONSISTENT,
        String.format("key type 0x%x has no asymmetric encoding", keyType));
  }
}
