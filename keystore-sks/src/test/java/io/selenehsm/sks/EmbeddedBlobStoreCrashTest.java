package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM writes entries and is SIGKILLed at random moments, several times over
 * the same file; after each kill the store reopens and every acknowledged write is there and intact
 * (a shared alias holds the last acknowledged write or a later, unacknowledged one).
 */
class EmbeddedBlobStoreCrashTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    String file = dir.resolve("crash.mv").toString();
    Random random = new Random();
    Map<String, Long> lastAck = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
    long first = 0;
    int kills = 0;
    int acked = 0;
    while (kills < 5 && System.nanoTime() < deadline) {
      ChildJvm child = new ChildJvm(file, 1, 1_000_000, 8, first, dir.resolve("child.log"));
      assertTrue(child.ready.await(30, TimeUnit.SECONDS), "the writer did not start");
      // Kill at a random moment after the first acknowledgement: on a loaded machine the first
      // write can take longer than the random delay alone.
      long firstAck = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (child.ackCount() == 0 && System.nanoTime() < firstAck) {
        Thread.sleep(10);
      }
      Thread.sleep(150 + random.nextInt(900));
      child.kill();
      kills++;
      for (Map.Entry<String, List<Long>> e : child.acks.entrySet()) {
        long max;
        synchronized (e.getValue()) {
          max = e.getValue().stream().mapToLong(Long::longValue).max().orElseThrow();
        }
        lastAck.merge(e.getKey(), max, Math::max);
      }
      acked += child.ackCount();
      first += 1_000_000;
      verify(file, lastAck);
    }
    assertTrue(kills >= 2, "only " + kills + " kill cycles ran");
    assertTrue(acked > 0, "no write was acknowledged");
  }

  private static void verify(String file, Map<String, Long> lastAck) {
    try (BlobStore store = EmbeddedBlobStore.open(Path.of(file))) {
      for (Map.Entry<String, Long> e : lastAck.entrySet()) {
        BlobEntry entry =
            store
                .get(e.getKey())
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "acknowledged entry " + e.getKey() + " is missing after SIGKILL"));
        TestEntries.Write w = TestEntries.check(entry);
        assertTrue(
            w.seq() >= e.getValue(),
            e.getKey() + " went back from acknowledged seq " + e.getValue() + " to " + w.seq());
      }
      for (String alias : store.aliases()) {
        TestEntries.check(store.get(alias).orElseThrow());
      }
    }
  }
}
