package io.selenehsm.firmware.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at random instants: a child JVM ({@link CrashWriter}) commits numbered batches
 * and acknowledges each on stdout; the test kills it with SIGKILL, reopens the directory and checks
 * that every acknowledged batch is there and no batch is partial. The compaction minimum is tiny,
 * so the log is compacted every few batches and some kills land inside a compaction.
 */
class FlashStoreCrashTest {
  private static final int RUNS = 25;
  private static final int MAX_KILL_DELAY_MS = 300;
  private static final long COMPACTION_MIN_LOG_BYTES = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path work;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyAcknowledgedBatchSurvivesKillNine() throws Exception {
    long seed = Long.getLong("selene.test.seed", System.nanoTime());
    System.out.println("FlashStoreCrashTest seed: " + seed + " (-Dselene.test.seed)");
    Random rnd = new Random(seed);
    Path state = work.resolve("state");
    FlashStoreOptions options =
        FlashStoreOptions.defaults().withCompactionMinLogBytes(COMPACTION_MIN_LOG_BYTES);
    long committed = 0;
    int inFlightSurvived = 0;
    int killedMidCompaction = 0;

    for (int run = 0; run < RUNS; run++) {
      Child child = Child.start(state, work, run);
      long acked;
      try {
        child.awaitFirstAck();
        Thread.sleep(rnd.nextInt(MAX_KILL_DELAY_MS));
      } finally {
        acked = child.kill();
      }
      if (Files.exists(state.resolve("snapshot.tmp"))) {
        killedMidCompaction++;
      }
      try (FlashStore store = FlashStores.open(state, RANDOM, options)) {
        long found = CrashWriter.verify(store, acked);
        assertTrue(found > committed, "run " + run + " made no progress (seed " + seed + ")");
        inFlightSurvived += found > acked ? 1 : 0;
        committed = found;
      } catch (AssertionError e) {
        throw new AssertionError("run " + run + " (seed " + seed + "): " + e.getMessage(), e);
      }
    }
    // A SIGKILL does not lose what write() handed the kernel, so an unacknowledged batch
    // survives whenever the kill lands after its write, typically while forcing.
    System.out.printf(
        "FlashStoreCrashTest: %d kills, %d batches, %d unacknowledged batches "
            + "survived, %d kills while a snapshot was being written%n",
        RUNS, committed, inFlightSurvived, killedMidCompaction);
  }

  /** A running {@link CrashWriter} and the highest batch it has acknowledged. */
  /**
   * A running {@link CrashWriter}. Its stdout goes to a file rather than a pipe: when a process
   * dies, the JDK drains its pipe from another thread and can close it under a blocked reader,
   * which would lose the last acknowledgements.
   */
  private static final class Child {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    static Child start(Path state, Path work, int run) throws IOException {
      Path stdout = work.resolve("child-" + run + ".out");
      Path stderr = work.resolve("child-" + run + ".err");
      return new Child(
          CrashWriter.launch(state, COMPACTION_MIN_LOG_BYTES, stdout, stderr), stdout, stderr);
    }

    void awaitFirstAck() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lastAck() == 0) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          fail(
              "crash writer never acknowledged a batch (exit "
                  + (process.isAlive() ? "none" : process.exitValue())
                  + "): "
                  + Files.readString(stderr));
        }
        Thread.sleep(10);
      }
    }

    /** SIGKILLs the child and returns the last batch it acknowledged. */
    long kill() throws IOException, InterruptedException {
      process.destroyForcibly();
      process.waitFor();
      return lastAck();
    }

    private long lastAck() throws IOException {
      long last = 0;
      for (String line : Files.readAllLines(stdout, StandardCharsets.US_ASCII)) {
        // A kill can cut the last line short; a cut number is smaller than the previous ack.
        if (line.matches("ack \\d+")) {
          last = Math.max(last, Long.parseLong(line.substring(4)));
        }
      }
      return last;
    }
  }
}
