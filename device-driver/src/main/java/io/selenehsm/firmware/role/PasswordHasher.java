package io.selenehsm.firmware.role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id, the memory-hard KDF role secrets are stored under. The cost travels with each hash, so
 * raising it later leaves existing credentials verifiable.
 */
public final class PasswordHasher {
  /** Argon2id cost: memory in KiB, passes, lanes. */
  public record Cost(int memoryKiB, int iterations, int parallelism) {
    /**
     * Production cost: 46 MiB, 2 passes, 1 lane. OWASP's minimum for Argon2id is 19 MiB with 2
     * passes or, equivalently, 46 MiB with 1; this is twice the latter and 2.4 times the former's
     * memory-time, and one login runs it once (docs/security.md quotes the measured time).
     */
    public static final Cost STANDARD = new Cost(46 * 1024, 2, 1);

    /**
     * Cheap cost for tests that log in thousands of times; still memory-hard by construction.
     * Durable devices use it only through {@link #TEST_SWITCH}; in-memory devices (which keep
     * nothing at rest) use it by default.
     */
    public static final Cost TEST = new Cost(64, 1, 1);

    /**
     * The system property that lowers the cost of durable devices to {@link #TEST} when set to
     * {@code true}: for test suites only. It is read nowhere else and announced with a warning the
     * first time it takes effect in a JVM, so production cannot pick it up silently.
     */
    public static final String TEST_SWITCH = "selene.test.cheapKdf";

    /** {@link #STANDARD}, or {@link #TEST} with a loud warning when the test switch is set. */
    public static Cost forDurableDevices() {
      if (!Boolean.getBoolean(TEST_SWITCH)) {
        return STANDARD;
      }
      if (TEST_SWITCH_ANNOUNCED.compareAndSet(false, true)) {
        System.getLogger(PasswordHasher.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "TEST ONLY: -D"
                    + TEST_SWITCH
                    + "=true lowers the Argon2id cost of role secrets of"
                    + " every durable device in this JVM to "
                    + TEST
                    + "; never set it outside a test"
                    + " suite");
      }
      return TEST;
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean TEST_SWITCH_ANNOUNCED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private PasswordHasher() {}

  public static byte[] hash(char[] password, byte[] salt, Cost cost) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
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
