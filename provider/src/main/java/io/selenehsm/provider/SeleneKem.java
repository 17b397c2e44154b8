package io.selenehsm.provider;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.key.SeleneKeys;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import javax.crypto.SecretKey;

/**
 * ML-KEM (FIPS 203) encapsulation and decapsulation in the HSM; Java 17 has no
 * {@code javax.crypto.KEM}. The shared secret is a Selene session key (a 32-byte generic
 * secret, or the given algorithm, e.g. AES).
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

  /** Encapsulates to an ML-KEM public key (Selene or software); {@code algorithm} names the secret. */
  public static Encapsulated encapsulate(PublicKey publicKey, String algorithm)
      throws InvalidKeyException {
    try {
      Token token = publicKey instanceof SeleneKey k ? k.token()
          : SlotManager.getInstance().context().workingToken();
      SeleneKey pub = KeyImport.toSelene(token, publicKey);
      long h = pub.getKeyHandle();
      Attributes t = secretTemplate(token, algorithm);
      var e = token.withObjectSession((s, session) -> s.encapsulate(session,
          Mechanism.of(Ckm.ML_KEM), h, t));
      return new Encapsulated(e.ciphertext(),
          (SecretKey) SeleneKeys.owned(token, e.secretHandle(), algorithm));
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  public static SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext)
      throws InvalidKeyException {
    return decapsulate(privateKey, ciphertext, "GenericSecret");
  }

  /** Recovers the shared secret with an ML-KEM private key held in the HSM. */
  public static SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext,
      String algorithm) throws InvalidKeyException {
    try {
      Token token = privateKey instanceof SeleneKey k ? k.token()
          : SlotManager.getInstance().context().workingToken();
      SeleneKey priv = KeyImport.toSelene(token, privateKey);
      if (priv.keyObject().objectClass() != Cko.PRIVATE_KEY) {
        throw new InvalidKeyException("decapsulation needs an ML-KEM private key");
      }
      long h = priv.getKeyHandle();
      Attributes t = secretTemplate(token, algorithm);
      long secret = token.withObjectSession((s, session) -> s.decapsulate(session,
          Mechanism.of(Ckm.ML_KEM), h, ciphertext, t));
      return (SecretKey) SeleneKeys.owned(token, secret, algorithm);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  private static Attributes secretTemplate(Token token, String algorithm) {
    long type = io.selenehsm.provider.internal.SoftwareKeys.keyTypeOf(algorithm);
    return Templates.secret(token.context().defaults(),
        type < 0 || !Ckk.isSecret(type) ? Ckk.GENERIC_SECRET : type).build();
  }
}
