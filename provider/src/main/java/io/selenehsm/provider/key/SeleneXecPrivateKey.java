package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.XECKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;

/** An X25519/X448 private key in the HSM. */
public final class SeleneXecPrivateKey extends SelenePrivateKey implements XECKey {
  private static final long serialVersionUID = 1L;

  SeleneXecPrivateKey(KeyObject object) {
    super(object);
  }

  @Override
  public AlgorithmParameterSpec getParams() {
    return getPublicKey() instanceof XECPublicKey p ? p.getParams() : null;
  }
}
