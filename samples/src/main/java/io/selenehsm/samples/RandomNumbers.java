package io.selenehsm.samples;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** Random bytes from the HSM's generator (SecureRandom "SeleneRNG"), seeded and unseeded. */
public final class RandomNumbers {
  private RandomNumbers() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    ctx.provider().getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      SecureRandom rng = SecureRandom.getInstance("SeleneRNG", ctx.provider());
      out.println("SecureRandom " + rng.getAlgorithm() + " from " + rng.getProvider().getName());
      byte[] a = new byte[32];
      byte[] b = new byte[32];
      rng.nextBytes(a);
      rng.setSeed(
          "extra entropy mixed in by the application"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      rng.nextBytes(b);
      out.println("32 random bytes:       " + HexFormat.of().formatHex(a));
      out.println("32 more after seeding: " + HexFormat.of().formatHex(b));
      Check.that(!Arrays.equals(a, b), "two draws differ");
      out.println("a random int below 1000: " + rng.nextInt(1000));
      out.println("generateSeed(16):      " + HexFormat.of().formatHex(rng.generateSeed(16)));
    } finally {
      ctx.provider().getSlotManager().logout();
    }
  }
}
