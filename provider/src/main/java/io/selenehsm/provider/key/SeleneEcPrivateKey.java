package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/** An EC private key in the HSM: the curve is public, the scalar never leaves. */
public final class SeleneEcPrivateKey extends SelenePrivateKey implements ECKey {
  private static final long serialVersionUID = 1L;

  SeleneEcPrivateKey(KeyObject object) {
    super(object);
  }

  @Override
  public ECParameterSpec getParams() {
    return getPublicKey() instanceof ECPublicKey p ? p.getParams() : null;
  }
}
