package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/** An EC public key object. */
public final class SeleneEcPublicKey extends SelenePublicKey implements ECPublicKey {
  private static final long serialVersionUID = 1L;

  private final transient ECPublicKey ec;

  SeleneEcPublicKey(KeyObject object, ECPublicKey software) {
    super(object, software);
    this.ec = software;
  }

  @Override
  public ECPoint getW() {
    return ec.getW();
  }

  @Override
  public ECParameterSpec getParams() {
    return ec.getParams();
  }
}
