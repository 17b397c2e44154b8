package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.math.BigInteger;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;

/** An X25519/X448 public key object. */
public final class SeleneXecPublicKey extends SelenePublicKey implements XECPublicKey {
  private static final long serialVersionUID = 1L;

  private final transient XECPublicKey xec;

  SeleneXecPublicKey(KeyObject object, XECPublicKey software) {
    super(object, software);
    this.xec = software;
  }

  @Override
  public BigInteger getU() {
    return xec.getU();
  }

  @Override
  public AlgorithmParameterSpec getParams() {
    return xec.getParams();
  }
}
