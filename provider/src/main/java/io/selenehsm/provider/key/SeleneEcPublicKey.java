package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/** An EC public key object. */
public final class SeleneEcPublicKey extends SelenePublicKey implements ECPublicKey {
  private static final long serialVersionUID = 1L;

  SeleneEcPublicKey(KeyObject object, ECPublicKey software) {
    super(object, software);
  }

  /** Decoded on first use: the SPKI of a pair the provider just generated. */
  SeleneEcPublicKey(KeyObject object, PublicHalf software) {
    super(object, software);
  }

  private ECPublicKey ec() {
    return (ECPublicKey) getSoftwareKey();
  }

  @Override
  public ECPoint getW() {
    return ec().getW();
  }

  @Override
  public ECParameterSpec getParams() {
    return ec().getParams();
  }
}
