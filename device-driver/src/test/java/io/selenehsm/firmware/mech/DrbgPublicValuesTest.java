package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Generated IVs and counter blocks come from a per-thread block of DRBG output: every value must
 * still be fresh (no two equal, within a thread, across block refills, across threads), of the
 * length asked, and never all zero (the handed-out bytes are wiped from the block, not reused).
 */
class DrbgPublicValuesTest {
  private static final Drbg DRBG = Drbg.hmacSha512();

  @Test
  void ivsAcrossManyBlockRefillsAreAllDistinct() {
    Set<ByteBuffer> seen = new HashSet<>();
    int count = 20 * Drbg.PUBLIC_BLOCK / 12; // about twenty refills
    for (int i = 0; i < count; i++) {
      byte[] iv = DRBG.generatePublic(12);
      assertEquals(12, iv.length);
      assertTrue(seen.add(ByteBuffer.wrap(iv)), "IV " + i + " repeated");
    }
  }

  @Test
  void threadsDrawDistinctValues() throws Exception {
    int threads = 4;
    int each = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<byte[]>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            () -> {
              List<byte[]> out = new ArrayList<>();
              for (int i = 0; i < each; i++) {
                out.add(DRBG.generatePublic(12));
              }
              return out;
            });
      }
      Set<ByteBuffer> seen = new HashSet<>();
      for (Future<List<byte[]>> f : pool.invokeAll(tasks)) {
        for (byte[] iv : f.get()) {
          assertTrue(seen.add(ByteBuffer.wrap(iv)), "an IV was handed to two callers");
        }
      }
      assertEquals(threads * each, seen.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLargeRequestIsServedByTheDrbgDirectly() {
    byte[] big = DRBG.generatePublic(Drbg.PUBLIC_BLOCK);
    assertEquals(Drbg.PUBLIC_BLOCK, big.length);
    assertFalse(isZero(big));
  }

  /** Any sequence of lengths: each value has its length, none is all zero, none repeats. */
  @Property(tries = 50)
  void everyValueIsFreshAndOfItsLength(
      @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 8, max = 300) Integer> lengths) {
    Set<ByteBuffer> seen = new HashSet<>();
    for (int n : lengths) {
      byte[] v = DRBG.generatePublic(n);
      assertEquals(n, v.length);
      assertFalse(isZero(v), "a value of " + n + " bytes is all zero");
      assertTrue(seen.add(ByteBuffer.wrap(v)), "a value of " + n + " bytes repeated");
    }
  }

  private static boolean isZero(byte[] v) {
    for (byte b : v) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
