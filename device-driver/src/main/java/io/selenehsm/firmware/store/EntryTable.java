package io.selenehsm.firmware.store;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiConsumer;

/**
 * The committed entries held in memory, shared by every {@link FlashStore} implementation.
 *
 * <p>Concurrency: one writer at a time (the owning store serializes commits) applies a whole batch
 * under the write mode of a {@link StampedLock}. {@link #get} reads the concurrent map directly,
 * since one key is always a committed value. {@link #scan} copies its range under an optimistic
 * read stamp and falls back to the read lock only if a batch was published meanwhile, so readers
 * never block each other and never observe half of a batch.
 */
final class EntryTable {
  private final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
  private final StampedLock publication = new StampedLock();

  /** Sum of key and value lengths over live entries; written only under the write stamp. */
  private volatile long liveBytes;

  byte[] get(String key) {
    return entries.get(key);
  }

  SortedMap<String, byte[]> scan(String prefix) {
    long stamp = publication.tryOptimisticRead();
    if (stamp != 0) {
      SortedMap<String, byte[]> copy = copyRange(prefix);
      if (publication.validate(stamp)) {
        return copy;
      }
    }
    stamp = publication.readLock();
    try {
      return copyRange(prefix);
    } finally {
      publication.unlockRead(stamp);
    }
  }

  private SortedMap<String, byte[]> copyRange(String prefix) {
    TreeMap<String, byte[]> copy = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : entries.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  /** Publishes a validated batch atomically with respect to {@link #scan}. */
  void apply(Map<String, byte[]> changes) {
    long stamp = publication.writeLock();
    try {
      long bytes = liveBytes;
      for (Map.Entry<String, byte[]> change : changes.entrySet()) {
        String key = change.getKey();
        byte[] value = change.getValue();
        byte[] previous = value == null ? entries.remove(key) : entries.put(key, value.clone());
        if (previous != null) {
          bytes -= entrySize(key, previous);
        }
        if (value != null) {
          bytes += entrySize(key, value);
        }
      }
      liveBytes = bytes;
    } finally {
      publication.unlockWrite(stamp);
    }
  }

  void clear() {
    long stamp = publication.writeLock();
    try {
      entries.clear();
      liveBytes = 0;
    } finally {
      publication.unlockWrite(stamp);
    }
  }

  long liveBytes() {
    return liveBytes;
  }

  int size() {
    return entries.size();
  }

  /** Visits every entry in key order; the caller must hold off writers for a consistent view. */
  void forEach(BiConsumer<String, byte[]> visitor) {
    entries.forEach(visitor);
  }

  /** Keys are validated as ASCII, so their length in chars is their length in bytes. */
  private static long entrySize(String key, byte[] value) {
    return key.length() + (long) value.length;
  }
}
