package io.selenehsm.provider.internal;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import javax.crypto.SecretKey;

/**
 * ML-KEM encapsulation and decapsulation in the HSM, shared by the vendor-style {@code SeleneKem}
 * and the {@code javax.crypto.KEM} service of Java 21+. The shared secret (32 bytes) becomes a
 * session key of the named algorithm, created inside the HSM.
 */
public final class KemCalls {
  /** The size of every ML-KEM shared secret (FIPS 203). */
  public static final int SECRET_BYTES = 32;

  private KemCalls() {}

  /** A ciphertext and the secret key it carries. */
  public record Encapsulated(byte[] ciphertext, SecretKey key) {}

  /**
   * Encapsulates to {@code publicKey} (a Selene key, or a software key imported into the token that
   * serves it); {@code fallback} is the token for software keys.
   */
  public static Encapsulated encapsulate(Token fallback, PublicKey publicKey, String algorithm)
      throws InvalidKeyException {
    try {
      Token token = KeyAccess.isSelene(publicKey) ? KeyAccess.token(publicKey) : fallback;
      long h = KeyAccess.object(KeyImport.toSelene(token, publicKey)).handle();
      Attributes t = secretTemplate(token, algorithm);
      var e =
          token.withObjectSession(
              (s, session) -> s.encapsulate(session, Mechanism.of(Ckm.ML_KEM), h, t));
      return new Encapsulated(
          e.ciphertext(), (SecretKey) KeyAccess.owned(token, e.secretHandle(), algorithm));
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  /** Recovers the secret with an ML-KEM private key (held in the HSM, or imported into it). */
  public static SecretKey decapsulate(
      Token fallback, PrivateKey privateKey, byte[] ciphertext, String algorithm)
      throws InvalidKeyException, HsmException {
    Token token = KeyAccess.isSelene(privateKey) ? KeyAccess.token(privateKey) : fallback;
    KeyObject priv;
    try {
      priv = KeyAccess.object(KeyImport.toSelene(token, privateKey));
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
    if (priv.objectClass() != Cko.PRIVATE_KEY) {
      throw new InvalidKeyException("decapsulation needs an ML-KEM private key");
    }
    long h = priv.handle();
    Attributes t = secretTemplate(token, algorithm);
    long secret =
        token.withObjectSession(
            (s, session) -> s.decapsulate(session, Mechanism.of(Ckm.ML_KEM), h, ciphertext, t));
    return (SecretKey) KeyAccess.owned(token, secret, algorithm);
  }

  /**
   * The ciphertext size of an ML-KEM key's parameter set (768, 1088 or 1568 bytes), from the length
   * of its SubjectPublicKeyInfo: CKA_PUBLIC_KEY_INFO for a key in the HSM (private keys carry it
   * too), the X.509 encoding for a software public key.
   */
  public static int ciphertextSize(Key key) throws InvalidKeyException {
    byte[] info = null;
    KeyObject k = KeyAccess.object(key);
    if (k != null) {
      if (k.keyType() != Ckk.ML_KEM) {
        throw new InvalidKeyException("not an ML-KEM key: " + key);
      }
      try {
        info = k.read(Cka.PUBLIC_KEY_INFO);
      } catch (HsmException e) {
        throw Errors.invalidKey(e);
      }
    } else if (key != null && "X.509".equals(key.getFormat())) {
      info = key.getEncoded();
    }
    // SubjectPublicKeyInfo = 22 bytes of header + the raw key (800, 1184 or 1568 bytes).
    int raw = info == null ? -1 : info.length - 22;
    return switch (raw) {
      case 800 -> 768;
      case 1184 -> 1088;
      case 1568 -> 1568;
      default ->
          throw new InvalidKeyException(
              "cannot tell the ML-KEM parameter set of "
                  + (key == null
                      ? "a null key"
                      : key.getAlgorithm() + " key " + key.getClass().getName()));
    };
  }

  /** Checks a ciphertext's length before it reaches the HSM. */
  public static void checkCiphertext(byte[] ciphertext, int expected) throws HsmException {
    if (ciphertext == null || ciphertext.length != expected) {
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_LEN_RANGE,
          "ML-KEM ciphertext must be "
              + expected
              + " bytes, got "
              + (ciphertext == null ? "none" : ciphertext.length));
    }
  }

  private static Attributes secretTemplate(Token token, String algorithm) {
    long type = SoftwareKeys.keyTypeOf(algorithm);
    return Templates.secret(
            token.context().defaults(), type < 0 || !Ckk.isSecret(type) ? Ckk.GENERIC_SECRET : type)
        .build();
  }
}
