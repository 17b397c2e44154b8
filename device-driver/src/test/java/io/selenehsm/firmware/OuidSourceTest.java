package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.HsmObject;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** OUIDs are unique under concurrency, across a block's end, and between two devices. */
class OuidSourceTest {
  @Test
  void idsAreUniqueAcrossThreads() throws Exception {
    OuidSource source = new OuidSource(new SecureRandom());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  byte[] id = source.next();
                  assertEquals(HsmObject.OUID_LENGTH, id.length);
                  seen.add(HexFormat.of().formatHex(id));
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(20_000, seen.size());
  }

  /** A used-up block is replaced by one with new random bytes; no id repeats on the way. */
  @Test
  void aUsedUpBlockDrawsANewPrefix() {
    OuidSource source = new OuidSource(new SecureRandom(), Integer.MAX_VALUE - 1);
    byte[] a = source.next();
    byte[] b = source.next();
    byte[] c = source.next();
    assertTrue(Arrays.equals(a, 0, 8, b, 0, 8), "same block");
    assertFalse(Arrays.equals(b, 0, 8, c, 0, 8), "a new block");
    assertEquals(
        3,
        Set.of(
                HexFormat.of().formatHex(a),
                HexFormat.of().formatHex(b),
                HexFormat.of().formatHex(c))
            .size());
  }

  /** Two devices (two sources) do not hand out the same ids. */
  @Test
  void twoSourcesDoNotCollide() {
    OuidSource one = new OuidSource(new SecureRandom());
    OuidSource two = new OuidSource(new SecureRandom());
    assertFalse(Arrays.equals(one.next(), two.next()));
  }
}
