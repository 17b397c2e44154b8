package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Cka;
import io.selenehsm.provider.internal.KeyObject;
import java.math.BigInteger;
import java.security.interfaces.RSAKey;

/** An RSA private key in the HSM: the modulus is public, the private exponent never leaves. */
public final class SeleneRsaPrivateKey extends SelenePrivateKey implements RSAKey {
  private static final long serialVersionUID = 1L;

  SeleneRsaPrivateKey(KeyObject object) {
    super(object);
  }

  @Override
  public BigInteger getModulus() {
    byte[] m = keyObject().attributes().get(Cka.MODULUS);
    return m == null ? null : new BigInteger(1, m);
  }

  public BigInteger getPublicExponent() {
    byte[] e = keyObject().attributes().get(Cka.PUBLIC_EXPONENT);
    return e == null ? null : new BigInteger(1, e);
  }
}
