package io.selenehsm.firmware.role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id, the memory-hard KDF role secrets are stored under. The cost travels with each hash,
 * so raising it later leaves existing credentials verifiable.
 */
public final class PasswordHasher {
  /** Argon2id cost: memory in KiB, passes, lanes. */
  public record Cost(int memoryKiB, int iterations, int parallelism) {
    /** Production cost: 19 MiB, 2 passes (the OWASP baseline for Argon2id). */
    public static final Cost STANDARD = new Cost(19 * 1024, 2, 1);
    /** Cheap cost for tests that log in thousands of times; still memory-hard by construction. */
    public static final Cost TEST = new Cost(64, 1, 1);
  }

  private PasswordHasher() {}

  public static byte[] hash(char[] password, byte[] salt, Cost cost) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withSalt(salt)
        .withMemoryAsKB(cost.memoryKiB())
        .withIterations(cost.iterations())
        .withParallelism(cost.parallelism())
        .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[32];
    byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
    gen.generateBytes(pw, out);
    java.util.Arrays.fill(pw, (byte) 0);
    return out;
  }

  public static boolean matches(char[] password, byte[] salt, Cost cost, byte[] expected) {
    return MessageDigest.isEqual(hash(password, salt, cost), expected);
  }
}
