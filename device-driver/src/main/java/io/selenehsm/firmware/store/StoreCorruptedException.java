package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;

/**
 * Stored Data Integrity failure: a complete record or the snapshot in the device's state directory
 * failed authentication or is malformed. The engine halts the device on it; the store never returns
 * data it could not verify.
 */
public final class StoreCorruptedException extends HsmException {
  private final transient Path file;
  private final long offset;

  public StoreCorruptedException(Path file, long offset, String reason) {
    super(
        Ckr.DEVICE_ERROR,
        "stored data integrity failure in " + file + " at offset " + offset + ": " + reason);
    this.file = file;
    this.offset = offset;
  }

  /** The file that failed verification. */
  public Path file() {
    return file;
  }

  /** Byte offset of the failing record (or of the file's damaged part) within {@link #file()}. */
  public long offset() {
    return offset;
  }
}
