package io.selenehsm.firmware.quorum;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id cost parameters for turning an iKey PIN into a pad that masks the key's share. The
 * parameters are stored in the iKey file, so stronger ones can be chosen later without breaking
 * existing keys.
 *
 * @param memoryKiB memory per derivation in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record PinKdf(int memoryKiB, int iterations, int parallelism) {
  /** 19 MiB, 2 passes, 1 lane: the OWASP baseline for Argon2id. */
  public static final PinKdf DEFAULT = new PinKdf(19 * 1024, 2, 1);

  public PinKdf {
    if (parallelism < 1 || parallelism > 4) {
      throw new IllegalArgumentException("Argon2 parallelism must be 1..4: " + parallelism);
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > 1024 * 1024) {
      throw new IllegalArgumentException("Argon2 memory must be 8p KiB..1 GiB: " + memoryKiB);
    }
    if (iterations < 1 || iterations > 16) {
      throw new IllegalArgumentException("Argon2 iterations must be 1..16: " + iterations);
    }
  }

  /** {@code length} bytes derived from the PIN and salt. */
  byte[] derive(char[] pin, byte[] salt, int length) {
    Argon2Parameters p =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .build();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(p);
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
    byte[] password = new byte[encoded.remaining()];
    encoded.get(password);
    // Argon2 emits at least 4 bytes; derive a full block and keep what is needed.
    byte[] block = new byte[Math.max(length, 32)];
    try {
      g.generateBytes(password, block);
      return Arrays.copyOf(block, length);
    } finally {
      Arrays.fill(block, (byte) 0);
      Arrays.fill(password, (byte) 0);
      Arrays.fill(encoded.array(), (byte) 0);
    }
  }
}
