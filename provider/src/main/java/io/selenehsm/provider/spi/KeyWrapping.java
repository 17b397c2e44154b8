package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.key.SeleneKey;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;

/** C_WrapKey / C_UnwrapKey for the cipher SPIs: what comes out is a Selene session key. */
final class KeyWrapping {
  private KeyWrapping() {}

  /** Wraps a Selene key with C_WrapKey; a foreign key's encoding is encrypted instead. */
  static byte[] wrap(SeleneKey wrapping, Mechanism m, Key key, Encryptor softwarePath)
      throws HsmException {
    if (key instanceof SeleneKey k) {
      SeleneKey target = KeyAccess.token(k) == KeyAccess.token(wrapping) ? k : null;
      if (target == null) {
        throw new HsmException(
            Ckr.KEY_HANDLE_INVALID,
            "the key to wrap lives in slot "
                + k.getSlot()
                + ", the wrapping key in slot "
                + wrapping.getSlot());
      }
      long w = wrapping.getKeyHandle();
      long t = target.getKeyHandle();
      return KeyAccess.token(wrapping).call((s, h) -> s.wrapKey(h, m, w, t));
    }
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new HsmException(
          Ckr.KEY_UNEXTRACTABLE, "key " + key.getAlgorithm() + " has no encoding to wrap");
    }
    return softwarePath.encrypt(encoded);
  }

  /** Something that encrypts bytes (the cipher's own encrypt path). */
  @FunctionalInterface
  interface Encryptor {
    byte[] encrypt(byte[] data) throws HsmException;
  }

  /** Something that decrypts bytes (for wrapped public keys). */
  @FunctionalInterface
  interface Decryptor {
    byte[] decrypt(byte[] data) throws HsmException;
  }

  static Key unwrap(
      SeleneKey unwrapping,
      Mechanism m,
      byte[] wrapped,
      String algorithm,
      int type,
      Decryptor decryptor)
      throws HsmException, NoSuchAlgorithmException {
    long keyType = SoftwareKeys.keyTypeOf(algorithm);
    if (keyType < 0) {
      throw new NoSuchAlgorithmException("cannot unwrap a key of algorithm " + algorithm);
    }
    if (type == Cipher.PUBLIC_KEY) {
      byte[] spki = decryptor.decrypt(wrapped);
      try {
        return SoftwareKeys.factory(keyType).generatePublic(new X509EncodedKeySpec(spki));
      } catch (InvalidKeySpecException e) {
        throw new HsmException(
            Ckr.WRAPPED_KEY_INVALID,
            "the unwrapped bytes are not an X.509 " + algorithm + " public key",
            e);
      } catch (java.security.GeneralSecurityException e) {
        throw new NoSuchAlgorithmException(e.getMessage(), e);
      }
    }
    var defaults = KeyAccess.token(unwrapping).context().defaults();
    Attributes template =
        type == Cipher.SECRET_KEY
            ? Templates.secret(defaults, keyType).build()
            : Templates.privateKey(defaults, keyType).build();
    if (type == Cipher.SECRET_KEY && !Ckk.isSecret(keyType)) {
      throw new NoSuchAlgorithmException(algorithm + " is not a secret key algorithm");
    }
    long u = unwrapping.getKeyHandle();
    var token = KeyAccess.token(unwrapping);
    long handle = token.withObjectSession((s, h) -> s.unwrapKey(h, m, u, wrapped, template));
    return KeyAccess.owned(token, handle, type == Cipher.SECRET_KEY ? algorithm : null);
  }

  /** Ensures {@code key} lives on the wrapping key's token, importing a foreign public key. */
  static SeleneKey onToken(SeleneKey anchor, Key key) throws HsmException {
    return (SeleneKey) KeyImport.toSelene(KeyAccess.token(anchor), key);
  }
}
