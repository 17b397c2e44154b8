package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.NamedParameterSpec;

/** An Ed25519/Ed448 public key object. */
public final class SeleneEdEcPublicKey extends SelenePublicKey implements EdECPublicKey {
  private static final long serialVersionUID = 1L;

  private final transient EdECPublicKey ed;

  SeleneEdEcPublicKey(KeyObject object, EdECPublicKey software) {
    super(object, software);
    this.ed = software;
  }

  @Override
  public EdECPoint getPoint() {
    return ed.getPoint();
  }

  @Override
  public NamedParameterSpec getParams() {
    return ed.getParams();
  }
}
