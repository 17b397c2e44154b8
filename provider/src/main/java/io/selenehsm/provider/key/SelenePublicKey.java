package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.PublicKey;

/**
 * A public key object in the HSM. Its value is public: it encodes as X.509 and delegates to the
 * software key decoded from CKA_PUBLIC_KEY_INFO, so it interoperates with every provider.
 */
public class SelenePublicKey extends SeleneKey implements PublicKey {
  private static final long serialVersionUID = 1L;

  private final transient PublicHalf software;

  SelenePublicKey(KeyObject object, PublicKey software) {
    this(object, PublicHalf.of(software));
  }

  /** A key whose software form is decoded on first use (a pair the provider just generated). */
  SelenePublicKey(KeyObject object, PublicHalf software) {
    super(object);
    this.software = software;
  }

  /** The same key as a plain software public key. */
  public PublicKey getSoftwareKey() {
    return software.key();
  }

  /** The software form, shared with the private key of a freshly generated pair. */
  PublicHalf half() {
    return software;
  }

  @Override
  public String getAlgorithm() {
    return getSoftwareKey().getAlgorithm();
  }

  @Override
  public String getFormat() {
    return "X.509";
  }

  @Override
  public byte[] getEncoded() {
    return getSoftwareKey().getEncoded();
  }

  @Override
  protected Object serializableForm() {
    return getSoftwareKey();
  }
}
