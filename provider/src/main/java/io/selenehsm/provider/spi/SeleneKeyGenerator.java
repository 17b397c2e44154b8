package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.internal.Token;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;

/** Generates secret keys inside the HSM as session objects of the working partition. */
final class SeleneKeyGenerator extends KeyGeneratorSpi {
  private final SeleneContext context;
  private final String algorithm;
  private final long mechanism;
  private final long keyType;
  private final int minBytes;
  private final int maxBytes;
  private int bytes;

  SeleneKeyGenerator(
      SeleneContext context,
      String algorithm,
      long mechanism,
      long keyType,
      int defaultBytes,
      int minBytes,
      int maxBytes) {
    this.context = context;
    this.algorithm = algorithm;
    this.mechanism = mechanism;
    this.keyType = keyType;
    this.bytes = defaultBytes;
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
  }

  @Override
  protected void engineInit(SecureRandom random) {
    // The HSM's own DRBG makes the key; the caller's source is not needed.
  }

  @Override
  protected void engineInit(AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidAlgorithmParameterException {
    throw new InvalidAlgorithmParameterException(
        algorithm + " key generation takes a key size," + " not parameters");
  }

  @Override
  protected void engineInit(int keysize, SecureRandom random) {
    if (keysize % 8 != 0
        || keysize / 8 < minBytes
        || keysize / 8 > maxBytes
        || (algorithm.equals("AES") && keysize != 128 && keysize != 192 && keysize != 256)) {
      throw new InvalidParameterException(
          algorithm
              + " key size "
              + keysize
              + " bits is not"
              + " supported ("
              + (algorithm.equals("AES")
                  ? "128, 192 or 256"
                  : (minBytes * 8) + "-" + (maxBytes * 8) + ", a multiple of 8")
              + ")");
    }
    bytes = keysize / 8;
  }

  @Override
  protected SecretKey engineGenerateKey() {
    try {
      Token token = context.workingToken();
      Attributes.Builder b = Templates.secret(context.defaults(), keyType);
      if (minBytes != maxBytes) {
        b.set(Cka.VALUE_LEN, (long) bytes);
      }
      Attributes t = b.build();
      Mechanism m = Mechanism.of(mechanism);
      long h = token.withObjectSession((s, session) -> s.generateKey(session, m, t));
      return (SecretKey) KeyAccess.owned(token, h, algorithm);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }
}
