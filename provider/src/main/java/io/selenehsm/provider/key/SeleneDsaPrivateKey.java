package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.DSAKey;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;

/** A DSA private key in the HSM: the domain parameters are public. */
public final class SeleneDsaPrivateKey extends SelenePrivateKey implements DSAKey {
  private static final long serialVersionUID = 1L;

  SeleneDsaPrivateKey(KeyObject object) {
    super(object);
  }

  @Override
  public DSAParams getParams() {
    return getPublicKey() instanceof DSAPublicKey p ? p.getParams() : null;
  }
}
