package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.math.BigInteger;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;

/** A DSA public key object. */
public final class SeleneDsaPublicKey extends SelenePublicKey implements DSAPublicKey {
  private static final long serialVersionUID = 1L;

  private final transient DSAPublicKey dsa;

  SeleneDsaPublicKey(KeyObject object, DSAPublicKey software) {
    super(object, software);
    this.dsa = software;
  }

  @Override
  public BigInteger getY() {
    return dsa.getY();
  }

  @Override
  public DSAParams getParams() {
    return dsa.getParams();
  }
}
