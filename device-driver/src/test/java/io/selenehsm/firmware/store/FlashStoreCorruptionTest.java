package io.selenehsm.firmware.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.store.FlashStore.Batch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the state directory: every changed byte of a complete record, the snapshot or the KEK
 * must be reported as Stored Data Integrity failure; only a record cut short at the end of the log
 * (a crash mid-append) is dropped silently.
 */
class FlashStoreCorruptionTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Batches before the compaction (in the snapshot) and after it (in the log). */
  private static final int SNAPSHOT_BATCHES = 10;

  private static final int LOG_BATCHES = 8;
  private static final int TOTAL = SNAPSHOT_BATCHES + LOG_BATCHES;
  private static final long SEED = Long.getLong("selene.test.seed", System.nanoTime());

  @TempDir static Path shared;
  private static Path template;

  /** Offsets of the records in the template's log. */
  private static List<Long> logRecords;

  @TempDir Path work;
  private int copies;

  @BeforeAll
  static void writeTemplate() throws Exception {
    System.out.println("FlashStoreCorruptionTest seed: " + SEED + " (-Dselene.test.seed)");
    template = shared.resolve("template");
    try (DirectoryFlashStore store =
        (DirectoryFlashStore)
            FlashStores.open(
                template,
                RANDOM,
                FlashStoreOptions.defaults().withCompactionMinLogBytes(Long.MAX_VALUE / 4))) {
      for (int n = 1; n <= TOTAL; n++) {
        store.commit(batch(n));
        if (n == SNAPSHOT_BATCHES) {
          store.compactNow();
        }
      }
    }
    logRecords = recordOffsets(template.resolve("log"));
    assertEquals(LOG_BATCHES, logRecords.size());
  }

  private static Batch batch(int n) {
    Batch batch = new Batch();
    for (int i = 0; i < 3; i++) {
      batch.put("b/" + n + "/" + i, (n + "-" + i).getBytes(US_ASCII));
    }
    return batch;
  }

  private static List<Long> recordOffsets(Path log) throws IOException {
    byte[] content = Files.readAllBytes(log);
    List<Long> offsets = new ArrayList<>();
    for (int offset = 0; offset < content.length; ) {
      offsets.add((long) offset);
      RecordHeader header =
          RecordHeader.parse(Arrays.copyOfRange(content, offset, offset + RecordHeader.SIZE));
      offset += RecordHeader.SIZE + header.bodyLength();
    }
    return offsets;
  }

  private Path freshCopy() throws IOException {
    Path copy = work.resolve("copy-" + copies++);
    StoreTestFiles.copyDir(template, copy);
    return copy;
  }

  /** Every byte of the first and last record headers, plus random positions. */
  private static TreeSet<Long> positionsIn(
      long fileSize, long lastRecord, int randomCount, Random rnd) {
    TreeSet<Long> positions = new TreeSet<>();
    for (long i = 0; i < RecordHeader.SIZE; i++) {
      positions.add(i);
      positions.add(lastRecord + i);
    }
    positions.add(fileSize - 1);
    while (positions.size() < 2 * RecordHeader.SIZE + 1 + randomCount) {
      positions.add((long) rnd.nextInt((int) fileSize));
    }
    return positions;
  }

  private void assertFlipIsDetected(String fileName, long position, int mask) throws Exception {
    Path copy = freshCopy();
    StoreTestFiles.flipByte(copy.resolve(fileName), position, mask);

    StoreCorruptedException e =
        assertThrows(
            StoreCorruptedException.class,
            () -> FlashStores.open(copy, RANDOM).close(),
            () ->
                "flip of "
                    + fileName
                    + " byte "
                    + position
                    + " went unnoticed (seed "
                    + SEED
                    + ")");

    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
    assertEquals(copy.resolve(fileName), e.file());
    assertTrue(e.offset() <= position, e.getMessage());
    assertTrue(
        e.getMessage().contains(fileName) && e.getMessage().contains("offset"), e.getMessage());
  }

  @Test
  void everyFlippedByteOfTheLogIsDetected() throws Exception {
    Random rnd = new Random(SEED);
    long size = Files.size(template.resolve("log"));
    for (long position : positionsIn(size, logRecords.get(LOG_BATCHES - 1), 40, rnd)) {
      assertFlipIsDetected("log", position, 1 + rnd.nextInt(255));
    }
  }

  @Test
  void everyFlippedByteOfTheSnapshotIsDetected() throws Exception {
    Random rnd = new Random(SEED + 1);
    long size = Files.size(template.resolve("snapshot"));
    for (long position : positionsIn(size, 0, 30, rnd)) {
      assertFlipIsDetected("snapshot", position, 1 + rnd.nextInt(255));
    }
  }

  @Test
  void flippedKekByteIsDetected() throws Exception {
    Random rnd = new Random(SEED + 2);
    for (int i = 0; i < 3; i++) {
      // Opening authenticates the snapshot first, so the report names the snapshot.
      Path copy = freshCopy();
      StoreTestFiles.flipByte(
          copy.resolve("kek"), rnd.nextInt(DeviceKek.KEK_BYTES), 1 + rnd.nextInt(255));
      assertThrows(StoreCorruptedException.class, () -> FlashStores.open(copy, RANDOM).close());
    }
  }

  @Test
  void logCutInsideItsLastRecordLosesOnlyThatBatch() throws Exception {
    long last = logRecords.get(LOG_BATCHES - 1);
    long size = Files.size(template.resolve("log"));
    for (long cut :
        new long[] {
          last + 1,
          last + RecordHeader.SIZE - 1,
          last + RecordHeader.SIZE,
          last + RecordHeader.SIZE + 5,
          size - 1
        }) {
      Path copy = freshCopy();
      truncate(copy.resolve("log"), cut);

      try (FlashStore store = FlashStores.open(copy, RANDOM)) {
        assertBatchesPresent(store, TOTAL - 1);
        assertNull(store.get("b/" + TOTAL + "/0"), "unacknowledged batch partly present");
        assertEquals(last, Files.size(copy.resolve("log")), "torn tail not cut away");
        store.commit(batch(TOTAL));
      }
      try (FlashStore store = FlashStores.open(copy, RANDOM)) {
        assertBatchesPresent(store, TOTAL);
      }
    }
  }

  @Test
  void zeroFilledTailIsDroppedAsNeverWritten() throws Exception {
    Path copy = freshCopy();
    Files.write(copy.resolve("log"), new byte[700], StandardOpenOption.APPEND);

    try (FlashStore store = FlashStores.open(copy, RANDOM)) {
      assertBatchesPresent(store, TOTAL);
    }
  }

  @Test
  void duplicatedRecordIsDetected() throws Exception {
    Path copy = freshCopy();
    Path log = copy.resolve("log");
    byte[] content = Files.readAllBytes(log);
    int last = logRecords.get(LOG_BATCHES - 1).intValue();
    Files.write(log, Arrays.copyOfRange(content, last, content.length), StandardOpenOption.APPEND);

    StoreCorruptedException e =
        assertThrows(StoreCorruptedException.class, () -> FlashStores.open(copy, RANDOM));
    assertTrue(e.getMessage().contains("sequence"), e.getMessage());
  }

  @Test
  void swappedRecordsAreDetected() throws Exception {
    Path copy = freshCopy();
    Path log = copy.resolve("log");
    byte[] content = Files.readAllBytes(log);
    int a = logRecords.get(1).intValue();
    int b = logRecords.get(2).intValue();
    int c = logRecords.get(3).intValue();
    ByteBuffer swapped = ByteBuffer.allocate(content.length);
    swapped.put(content, 0, a).put(content, b, c - b).put(content, a, b - a);
    swapped.put(content, c, content.length - c);
    Files.write(log, swapped.array());

    assertThrows(StoreCorruptedException.class, () -> FlashStores.open(copy, RANDOM));
  }

  @Test
  void staleSnapshotIsDetected() throws Exception {
    Path copy = freshCopy();
    Path stale = work.resolve("stale-snapshot");
    Files.copy(copy.resolve("snapshot"), stale);
    try (DirectoryFlashStore store = (DirectoryFlashStore) FlashStores.open(copy, RANDOM)) {
      store.compactNow();
      store.commit(batch(TOTAL + 1));
    }
    Files.copy(stale, copy.resolve("snapshot"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    StoreCorruptedException e =
        assertThrows(StoreCorruptedException.class, () -> FlashStores.open(copy, RANDOM));
    assertTrue(e.getMessage().contains("sequence gap"), e.getMessage());
  }

  @Test
  void truncatedOrExtendedSnapshotIsDetected() throws Exception {
    long size = Files.size(template.resolve("snapshot"));
    for (long cut : new long[] {0, 7, RecordHeader.SIZE, size / 2, size - 1}) {
      Path copy = freshCopy();
      truncate(copy.resolve("snapshot"), cut);
      assertThrows(
          StoreCorruptedException.class,
          () -> FlashStores.open(copy, RANDOM),
          "snapshot cut to " + cut);
    }
    Path copy = freshCopy();
    Files.write(copy.resolve("snapshot"), new byte[1], StandardOpenOption.APPEND);
    assertThrows(StoreCorruptedException.class, () -> FlashStores.open(copy, RANDOM));
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
    }
  }

  private static void assertBatchesPresent(FlashStore store, int upTo) {
    for (int n = 1; n <= upTo; n++) {
      for (int i = 0; i < 3; i++) {
        byte[] value = store.get("b/" + n + "/" + i);
        assertEquals(
            n + "-" + i,
            value == null ? null : new String(value, US_ASCII),
            "batch " + n + " key " + i);
      }
    }
  }
}
