package io.selenehsm.firmware.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Rebuilds the committed state on open: the snapshot, then every log record after the sequence
 * number the snapshot covers.
 *
 * <p>Compaction renames the new snapshot into place before it empties the log, so a crash in
 * between leaves log records the snapshot already covers; they are verified and skipped. Records
 * must carry consecutive sequence numbers, and the first one beyond the snapshot must follow it
 * directly, so a missing, reordered or spliced record is detected.
 */
final class Recovery {
  /** Where the log continues: the last committed sequence number and the valid log length. */
  record Result(long lastSequence, long logEnd) {}

  private Recovery() {}

  static Result replay(StateDirectory dir, RecordSealer sealer, EntryTable table)
      throws IOException, StoreCorruptedException {
    long covered = Files.exists(dir.snapshot()) ? loadSnapshot(dir.snapshot(), sealer, table) : 0;
    if (!Files.exists(dir.log())) {
      return new Result(covered, 0);
    }
    try (FileChannel log =
        FileChannel.open(dir.log(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      RecordScanner scanner = new RecordScanner(log, dir.log(), RecordHeader.LOG_MAGIC, sealer);
      long last = covered;
      long previous = -1;
      for (RecordScanner.Sealed record; (record = scanner.next()) != null; ) {
        boolean first = previous < 0;
        long expected = first ? covered + 1 : previous + 1;
        boolean inOrder =
            first
                ? record.sequence() >= 1 && record.sequence() <= expected
                : record.sequence() == expected;
        if (!inOrder) {
          throw scanner.corrupt(
              record.offset(),
              "sequence gap: expected record "
                  + expected
                  + (first ? " or earlier" : "")
                  + ", found "
                  + record.sequence());
        }
        previous = record.sequence();
        if (record.sequence() > covered) {
          apply(record, dir.log(), table);
          last = record.sequence();
        }
        Arrays.fill(record.payload(), (byte) 0);
      }
      long logEnd = scanner.validEnd();
      if (last == covered && covered > 0) {
        // Only records the snapshot covers: a compaction stopped before emptying the log.
        logEnd = 0;
      }
      if (logEnd != scanner.fileSize()) {
        // Cut away the unacknowledged torn record before anything is appended after it.
        log.truncate(logEnd);
        log.force(true);
      }
      return new Result(last, logEnd);
    }
  }

  private static long loadSnapshot(Path file, RecordSealer sealer, EntryTable table)
      throws IOException, StoreCorruptedException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      RecordScanner scanner = new RecordScanner(ch, file, RecordHeader.SNAPSHOT_MAGIC, sealer);
      RecordScanner.Sealed record = scanner.next();
      // A snapshot is renamed into place only when complete, so any short file is damage.
      if (record == null) {
        throw scanner.corrupt(scanner.validEnd(), "snapshot is empty or truncated");
      }
      if (scanner.validEnd() != scanner.fileSize()) {
        throw scanner.corrupt(scanner.validEnd(), "trailing bytes after the snapshot record");
      }
      Map<String, byte[]> entries = BatchCodec.decode(record.payload(), file, record.offset());
      Arrays.fill(record.payload(), (byte) 0);
      if (entries.containsValue(null)) {
        throw scanner.corrupt(record.offset(), "snapshot contains a delete");
      }
      table.apply(entries);
      return record.sequence();
    }
  }

  private static void apply(RecordScanner.Sealed record, Path file, EntryTable table)
      throws StoreCorruptedException {
    table.apply(BatchCodec.decode(record.payload(), file, record.offset()));
  }
}
