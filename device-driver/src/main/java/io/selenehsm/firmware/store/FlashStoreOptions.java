package io.selenehsm.firmware.store;

/**
 * Tuning for a directory-backed {@link FlashStore}. Immutable; the defaults suit the device.
 *
 * <p>The log is compacted into a snapshot once it exceeds {@code max(compactionMinLogBytes, 2 ×
 * live bytes)}, so the files stay within a small multiple of the live data while a commit still
 * costs only its own record. Tests lower the minimum to make compaction frequent.
 */
public final class FlashStoreOptions {
  /** One mebibyte: below this a log is never worth compacting. */
  public static final long DEFAULT_COMPACTION_MIN_LOG_BYTES = 1L << 20;

  private static final FlashStoreOptions DEFAULTS =
      new FlashStoreOptions(DEFAULT_COMPACTION_MIN_LOG_BYTES, null);

  private final long compactionMinLogBytes;
  private final MasterKey masterKey;

  private FlashStoreOptions(long compactionMinLogBytes, MasterKey masterKey) {
    this.compactionMinLogBytes = compactionMinLogBytes;
    this.masterKey = masterKey;
  }

  /** A copy whose KEK is kept wrapped under {@code key} (null: a plain KEK in the directory). */
  public FlashStoreOptions withMasterKey(MasterKey key) {
    return new FlashStoreOptions(compactionMinLogBytes, key);
  }

  /** The operator's master key, or null for the zero-setup in-directory KEK. */
  public MasterKey masterKey() {
    return masterKey;
  }

  public static FlashStoreOptions defaults() {
    return DEFAULTS;
  }

  /** A copy whose log is compacted once it exceeds {@code max(bytes, 2 × live bytes)}. */
  public FlashStoreOptions withCompactionMinLogBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("compactionMinLogBytes " + bytes + " must be >= 0");
    }
    return new FlashStoreOptions(bytes, masterKey);
  }

  public long compactionMinLogBytes() {
    return compactionMinLogBytes;
  }

  /** The log size above which a store holding {@code liveBytes} compacts. */
  long compactionThreshold(long liveBytes) {
    return Math.max(compactionMinLogBytes, 2 * liveBytes);
  }

  @Override
  public String toString() {
    return "FlashStoreOptions{compactionMinLogBytes="
        + compactionMinLogBytes
        + (masterKey == null ? "" : ", " + masterKey)
        + "}";
  }
}
