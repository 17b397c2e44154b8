package io.selenehsm.provider.key;

import io.selenehsm.provider.internal.KeyObject;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;

/** An RSA public key object. */
public final class SeleneRsaPublicKey extends SelenePublicKey implements RSAPublicKey {
  private static final long serialVersionUID = 1L;

  SeleneRsaPublicKey(KeyObject object, RSAPublicKey software) {
    super(object, software);
  }

  /** Decoded on first use: the SPKI of a pair the provider just generated. */
  SeleneRsaPublicKey(KeyObject object, PublicHalf software) {
    super(object, software);
  }

  private RSAPublicKey rsa() {
    return (RSAPublicKey) getSoftwareKey();
  }

  @Override
  public BigInteger getModulus() {
    return rsa().getModulus();
  }

  @Override
  public BigInteger getPublicExponent() {
    return rsa().getPublicExponent();
  }

  @Override
  public AlgorithmParameterSpec getParams() {
    return rsa().getParams();
  }
}
