package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.PublicKey;

/**
 * A public key object in the HSM. Its value is public: it encodes as X.509 and delegates to the
 * software key decoded from CKA_PUBLIC_KEY_INFO, so it interoperates with every provider.
 */
public class SelenePublicKey extends SeleneKey implements PublicKey {
  private static final long serialVersionUID = 1L;

  private final transient PublicKey software;

  SelenePublicKey(KeyObject object, PublicKey software) {
    super(object);
    this.software = software;
  }

  /** The same key as a plain software public key. */
  public PublicKey getSoftwareKey() {
    return software;
  }

  @Override
  public String getAlgorithm() {
    return software.getAlgorithm();
  }

  @Override
  public String getFormat() {
    return "X.509";
  }

  @Override
  public byte[] getEncoded() {
    return software.getEncoded();
  }

  @Override
  protected Object serializableForm() {
    return software;
  }
}
