package io.selenehsm.provider.spi;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.SeleneContext;
import java.security.SecureRandomSpi;

/**
 * SeleneRNG: the HSM's SP 800-90A DRBG (C_GenerateRandom); setSeed mixes material in with
 * C_SeedRandom (it never replaces the DRBG's entropy). Thread-safe: each call borrows a session.
 */
final class SeleneRandom extends SecureRandomSpi {
  private static final long serialVersionUID = 1L;

  /**
   * Bytes asked of the engine per command. Its command takes up to 1 MiB, but its HMAC-DRBG serves
   * at most 2^18 bits (32 KiB) per generate request (SP 800-90A's per-request bound as Bouncy
   * Castle sets it) and refuses more with an unchecked error; 32 KiB per command stays within both.
   */
  private static final int MAX_CHUNK = 1 << 15;

  private final transient SeleneContext context;

  SeleneRandom(SeleneContext context) {
    this.context = context;
  }

  @Override
  protected void engineSetSeed(byte[] seed) {
    if (seed == null || seed.length == 0) {
      return;
    }
    try {
      for (int off = 0; off < seed.length; off += 4096) {
        byte[] part = java.util.Arrays.copyOfRange(seed, off, Math.min(seed.length, off + 4096));
        context
            .workingToken()
            .call(
                (s, h) -> {
                  s.seedRandom(h, part);
                  return null;
                });
      }
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected void engineNextBytes(byte[] bytes) {
    try {
      for (int off = 0; off < bytes.length; off += MAX_CHUNK) {
        int n = Math.min(MAX_CHUNK, bytes.length - off);
        byte[] r = context.workingToken().call((s, h) -> s.generateRandom(h, n));
        System.arraycopy(r, 0, bytes, off, n);
      }
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected byte[] engineGenerateSeed(int numBytes) {
    byte[] b = new byte[numBytes];
    engineNextBytes(b);
    return b;
  }
}
