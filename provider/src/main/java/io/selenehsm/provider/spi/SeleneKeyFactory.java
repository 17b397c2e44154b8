package io.selenehsm.provider.spi;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.key.SelenePublicKey;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * Public keys to and from specs (the software factory does the arithmetic; public values need no
 * HSM). Private key specs are decoded in software and imported as session objects when the
 * partition's policy lets private keys in; private specs of HSM keys are never given out.
 */
final class SeleneKeyFactory extends KeyFactorySpi {
  private final SeleneContext context;
  private final long keyType;

  SeleneKeyFactory(SeleneContext context, long keyType) {
    this.context = context;
    this.keyType = keyType;
  }

  private KeyFactory software() throws InvalidKeySpecException {
    try {
      return SoftwareKeys.factory(keyType);
    } catch (GeneralSecurityException e) {
      throw new InvalidKeySpecException(e.getMessage(), e);
    }
  }

  @Override
  protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
    return software().generatePublic(spec);
  }

  @Override
  protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
    PrivateKey soft = software().generatePrivate(spec);
    try {
      return (PrivateKey) KeyImport.importPrivate(context.workingToken(), soft);
    } catch (HsmException e) {
      throw Errors.keySpec(e);
    }
  }

  @Override
  protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> spec)
      throws InvalidKeySpecException {
    if (key == null || KeyChecks.keyType(key) != keyType) {
      throw new InvalidKeySpecException(
          "this "
              + KeyChecks.name(keyType)
              + " key factory"
              + " cannot describe "
              + (key == null ? "null" : KeyChecks.describe(key)));
    }
    if (key instanceof SelenePublicKey p) {
      return software().getKeySpec(p.getSoftwareKey(), spec);
    }
    if (key instanceof SeleneKey k) {
      byte[] encoded = k.getEncoded();
      if (encoded == null) {
        throw new InvalidKeySpecException(
            "the private key "
                + k
                + " is sensitive or not"
                + " extractable; its value never leaves the HSM");
      }
      try {
        return software().getKeySpec(SoftwareKeys.privateKey(keyType, encoded), spec);
      } catch (GeneralSecurityException e) {
        throw new InvalidKeySpecException(e.getMessage(), e);
      }
    }
    return software().getKeySpec(key, spec);
  }

  @Override
  protected Key engineTranslateKey(Key key) throws InvalidKeyException {
    KeyChecks.requireType(key, keyType, KeyChecks.name(keyType) + " key factory");
    if (key instanceof SeleneKey) {
      return key;
    }
    try {
      if (key instanceof PrivateKey p) {
        return KeyImport.importPrivate(context.workingToken(), p);
      }
      return software().translateKey(key);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeyException(e.getMessage(), e);
    }
  }
}
