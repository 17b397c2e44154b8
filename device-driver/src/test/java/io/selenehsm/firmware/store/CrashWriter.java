package io.selenehsm.firmware.store;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.selenehsm.firmware.store.FlashStore.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The child process of {@link FlashStoreCrashTest}: commits numbered batches forever and prints
 * {@code ack N} once batch N's commit has returned. Also holds the check the parent runs after
 * killing it, so that the batch layout and its verification live side by side.
 *
 * <p>Batch N puts {@code batch/N/0..} (values tagged N), sets every {@code hot/} key and {@code
 * counter} to N, and deletes the keys of batch N - {@link #WINDOW}. Any partially applied batch
 * therefore shows up as disagreeing hot keys or as a window with holes, and the live size stays
 * bounded so that compaction keeps running.
 */
final class CrashWriter {
  static final int KEYS_PER_BATCH = 4;
  static final int HOT_KEYS = 6;
  static final int WINDOW = 8;
  private static final byte[] PADDING = new byte[40];

  private CrashWriter() {}

  /** Starts this class in a new JVM on the test's own classpath. */
  static Process launch(Path dir, long compactionMinLogBytes, Path stdout, Path stderr)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                // A short-lived child: start fast and stay small on a shared machine.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString(),
                Long.toString(compactionMinLogBytes)))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }

  /** Arguments: state directory, compaction minimum log bytes. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FlashStoreOptions options =
        FlashStoreOptions.defaults().withCompactionMinLogBytes(Long.parseLong(args[1]));
    FlashStore store = FlashStores.open(dir, new SecureRandom(), options);
    for (long n = counter(store) + 1; ; n++) {
      store.commit(batch(n));
      System.out.println("ack " + n);
      System.out.flush();
    }
  }

  static Batch batch(long n) {
    Batch batch = new Batch();
    for (int i = 0; i < KEYS_PER_BATCH; i++) {
      batch.put(batchKey(n, i), value(n, i));
    }
    for (int h = 0; h < HOT_KEYS; h++) {
      batch.put("hot/" + h, Long.toString(n).getBytes(US_ASCII));
    }
    batch.put("counter", Long.toString(n).getBytes(US_ASCII));
    if (n > WINDOW) {
      for (int i = 0; i < KEYS_PER_BATCH; i++) {
        batch.delete(batchKey(n - WINDOW, i));
      }
    }
    return batch;
  }

  private static String batchKey(long n, int i) {
    return "batch/" + n + "/" + i;
  }

  private static byte[] value(long n, int i) {
    byte[] tag = (n + ":" + i + ":").getBytes(US_ASCII);
    return Arrays.copyOf(tag, tag.length + PADDING.length);
  }

  static long counter(FlashStore store) {
    byte[] counter = store.get("counter");
    return counter == null ? 0 : Long.parseLong(new String(counter, US_ASCII));
  }

  /**
   * Checks that the store holds exactly batches 1..N for some N in {@code [acked, acked + 1]}:
   * every acknowledged batch, at most the one in flight, and nothing partial. Returns N.
   */
  static long verify(FlashStore store, long acked) {
    long n = counter(store);
    if (n < acked || n > acked + 1) {
      throw new AssertionError(
          "store holds batch " + n + " but batch " + acked + " was acknowledged");
    }
    for (int h = 0; h < HOT_KEYS; h++) {
      long hot = Long.parseLong(new String(store.get("hot/" + h), US_ASCII));
      if (hot != n) {
        throw new AssertionError("hot/" + h + " is from batch " + hot + ", counter is " + n);
      }
    }
    for (long m = Math.max(1, n - WINDOW + 1); m <= n; m++) {
      for (int i = 0; i < KEYS_PER_BATCH; i++) {
        if (!Arrays.equals(value(m, i), store.get(batchKey(m, i)))) {
          throw new AssertionError(
              "key " + batchKey(m, i) + " of batch " + m + " is missing or wrong; counter is " + n);
        }
      }
    }
    int expectedKeys = (int) Math.min(n, WINDOW) * KEYS_PER_BATCH;
    int keys = store.scan("batch/").size();
    if (keys != expectedKeys) {
      throw new AssertionError(
          keys
              + " batch keys present, expected "
              + expectedKeys
              + " for batches "
              + Math.max(1, n - WINDOW + 1)
              + ".."
              + n
              + ": "
              + store.scan("batch/").keySet());
    }
    return n;
  }
}
