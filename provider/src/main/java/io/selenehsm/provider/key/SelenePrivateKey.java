package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.KeyObject;
import io.selenehsm.provider.internal.SoftwareKeys;
import java.security.KeyRep;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A private key in the HSM. Subclasses add the public parameters of their family (modulus, curve);
 * none exposes a private value, so JDK providers that need one (RSAPrivateKey, ECPrivateKey) never
 * claim these keys and delayed provider selection lands on Selene.
 */
public class SelenePrivateKey extends SeleneKey implements PrivateKey {
  private static final long serialVersionUID = 1L;

  /**
   * The public half, decoded on first use: most generated keys are used to sign and never asked for
   * it, and decoding a SubjectPublicKeyInfo was a tenth of an EC key-pair generation. Written
   * before {@link #publicDecoded}; two threads racing decode equal values.
   */
  private transient volatile PublicKey publicPart;

  private transient volatile boolean publicDecoded;

  SelenePrivateKey(KeyObject object) {
    super(object);
  }

  /**
   * The public key's software form shared by a new pair (decoded once, when either key first needs
   * it), or null. It holds no reference to the public key object, so the public session object is
   * still released when its own key is dropped.
   */
  private transient volatile PublicHalf sharedHalf;

  /** Takes the public half of this key's CKA_PUBLIC_KEY_INFO from its public key (a new pair). */
  void sharePublic(PublicHalf half) {
    sharedHalf = half;
  }

  private static PublicKey decodePublic(KeyObject object) {
    byte[] spki = object.attributes().get(Cka.PUBLIC_KEY_INFO);
    if (spki == null) {
      return null;
    }
    try {
      return SoftwareKeys.publicKey(object.keyType(), spki);
    } catch (HsmException e) {
      return null;
    }
  }

  /** The public half as a software key (from CKA_PUBLIC_KEY_INFO), or null if not stored. */
  public PublicKey getPublicKey() {
    PublicHalf half = sharedHalf;
    if (half != null) {
      return half.key();
    }
    if (!publicDecoded) {
      publicPart = decodePublic(keyObject());
      publicDecoded = true;
    }
    return publicPart;
  }

  @Override
  public String getAlgorithm() {
    return SeleneKeys.algorithmOf(keyObject().keyType(), getPublicKey());
  }

  /** "PKCS#8" when the key may leave the HSM (not sensitive, extractable), else null. */
  @Override
  public String getFormat() {
    return readable() ? "PKCS#8" : null;
  }

  @Override
  public byte[] getEncoded() {
    if (!readable()) {
      return null;
    }
    try {
      return keyObject().read(Cka.PRIVATE_KEY_INFO);
    } catch (HsmException e) {
      return null;
    }
  }

  private boolean readable() {
    return !isSensitive() && isExtractable();
  }

  @Override
  public boolean isDestroyed() {
    return false;
  }

  @Override
  protected Object serializableForm() {
    byte[] v = getEncoded();
    return v == null ? null : new KeyRep(KeyRep.Type.PRIVATE, getAlgorithm(), "PKCS#8", v);
  }
}
