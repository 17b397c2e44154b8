package io.selenehsm.provider.spi;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.key.SeleneSecretKey;
import java.security.InvalidKeyException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactorySpi;
import javax.crypto.spec.SecretKeySpec;

/** Raw secret keys into the HSM as session objects (when the partition policy allows). */
final class SeleneSecretKeyFactory extends SecretKeyFactorySpi {
  private final SeleneContext context;
  private final String algorithm;

  SeleneSecretKeyFactory(SeleneContext context, String algorithm) {
    this.context = context;
    this.algorithm = algorithm;
  }

  @Override
  protected SecretKey engineGenerateSecret(KeySpec spec) throws InvalidKeySpecException {
    if (!(spec instanceof SecretKeySpec s)) {
      throw new InvalidKeySpecException(
          "expected a SecretKeySpec, got " + (spec == null ? "null" : spec.getClass().getName()));
    }
    try {
      return (SecretKey)
          KeyImport.importSecret(
              context.workingToken(), new SecretKeySpec(s.getEncoded(), algorithm));
    } catch (HsmException e) {
      throw Errors.keySpec(e);
    }
  }

  @Override
  protected KeySpec engineGetKeySpec(SecretKey key, Class<?> spec) throws InvalidKeySpecException {
    if (key == null) {
      throw new InvalidKeySpecException("no key given");
    }
    if (spec == null || !spec.isAssignableFrom(SecretKeySpec.class)) {
      throw new InvalidKeySpecException("only SecretKeySpec is supported");
    }
    byte[] value = key.getEncoded();
    if (value == null) {
      throw new InvalidKeySpecException(
          "the key "
              + key
              + " is sensitive or not extractable;"
              + " its value never leaves the HSM");
    }
    return new SecretKeySpec(value, key.getAlgorithm());
  }

  @Override
  protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
    KeyChecks.requireType(key, SoftwareKeys.keyTypeOf(algorithm), algorithm + " SecretKeyFactory");
    if (key instanceof SeleneSecretKey) {
      return key;
    }
    try {
      return (SecretKey) KeyImport.importSecret(context.workingToken(), key);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }
}
