package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Cka;
import io.selenehsm.provider.internal.KeyObject;
import java.math.BigInteger;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;

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

  /**
   * No parameters (PKCS#1 RSA). Declared because from Java 22 on both {@code PrivateKey} (through
   * {@code AsymmetricKey}) and {@code RSAKey} have a default {@code getParams()}: a class
   * inheriting both fails with IncompatibleClassChangeError at the first call (keytool makes one on
   * every generated key).
   */
  @Override
  public AlgorithmParameterSpec getParams() {
    return null;
  }

  public BigInteger getPublicExponent() {
    byte[] e = keyObject().attributes().get(Cka.PUBLIC_EXPONENT);
    return e == null ? null : new BigInteger(1, e);
  }
}
