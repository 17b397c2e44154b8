package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.NamedParameterSpec;

/** An Ed25519/Ed448 private key in the HSM. */
public final class SeleneEdEcPrivateKey extends SelenePrivateKey implements EdECKey {
  private static final long serialVersionUID = 1L;

  SeleneEdEcPrivateKey(KeyObject object) {
    super(object);
  }

  @Override
  public NamedParameterSpec getParams() {
    return getPublicKey() instanceof EdECPublicKey p ? p.getParams() : null;
  }
}
