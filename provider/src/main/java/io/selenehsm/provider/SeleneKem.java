package io.selenehsm.provider;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KemCalls;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.Token;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import javax.crypto.SecretKey;

/**
 * ML-KEM (FIPS 203) encapsulation and decapsulation in the HSM; Java 17 has no {@code
 * javax.crypto.KEM} (on Java 21+ the provider also offers {@code KEM "ML-KEM"}). The shared secret
 * is a Selene session key (a 32-byte generic secret, or the given algorithm, e.g. AES).
 */
public final class SeleneKem {
  private SeleneKem() {}

  /** The ciphertext to send and the shared secret it carries. */
  public record Encapsulated(byte[] ciphertext, SecretKey key) {
    public Encapsulated {
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }
  }

  public static Encapsulated encapsulate(PublicKey publicKey) throws InvalidKeyException {
    return encapsulate(publicKey, "GenericSecret");
  }

  /**
   * Encapsulates to an ML-KEM public key (Selene or software); {@code algorithm} names the secret.
   */
  public static Encapsulated encapsulate(PublicKey publicKey, String algorithm)
      throws InvalidKeyException {
    KemCalls.Encapsulated e = KemCalls.encapsulate(workingToken(publicKey), publicKey, algorithm);
    return new Encapsulated(e.ciphertext(), e.key());
  }

  public static SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext)
      throws InvalidKeyException {
    return decapsulate(privateKey, ciphertext, "GenericSecret");
  }

  /** Recovers the shared secret with an ML-KEM private key held in the HSM. */
  public static SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext, String algorithm)
      throws InvalidKeyException {
    try {
      return KemCalls.decapsulate(workingToken(privateKey), privateKey, ciphertext, algorithm);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  /** The token for software keys: the global slot manager's working token (unused otherwise). */
  private static Token workingToken(java.security.Key key) throws InvalidKeyException {
    if (KeyAccess.isSelene(key)) {
      return KeyAccess.token(key);
    }
    try {
      return SlotManager.getInstance().context().workingToken();
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }
}
