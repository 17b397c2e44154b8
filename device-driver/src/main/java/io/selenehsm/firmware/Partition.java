package io.selenehsm.firmware;

import io.selenehsm.firmware.object.HsmObject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runtime state of one application partition: its record and its objects. Object-set changes hold
 * {@link #lock} across the flash commit and the map update so they are atomic; readers (crypto
 * operations, finds) never lock.
 */
final class Partition {
  final int id;
  volatile PartitionRecord record;
  final ConcurrentHashMap<Long, HsmObject> objects = new ConcurrentHashMap<>();
  final ReentrantLock lock = new ReentrantLock();
  final AtomicLong nextHandle;

  /** Bytes used by token objects, for the storage quota. */
  final AtomicLong usedBytes = new AtomicLong();

  /**
   * The partition key while the partition is activated (a role logged in since power-on), else
   * null. Set under the engine's admin lock.
   */
  volatile byte[] pok;

  /**
   * While locked: the flash records of token objects whose secrets are sealed under the POK, by
   * handle. Their entries in {@link #objects} hold only the clear attributes and are refused for
   * use until a login opens them.
   */
  final ConcurrentHashMap<Long, byte[]> sealed = new ConcurrentHashMap<>();

  /**
   * Set by {@code deactivate}: once no role of the partition is logged in any more, the key leaves
   * memory and the objects close again. A login clears it.
   */
  volatile boolean deactivating;

  /** Keys decoded from SKS blobs inserted here; dropped with the login (see its notes). */
  final SksDecodedKeys sksKeys = new SksDecodedKeys();

  Partition(PartitionRecord record, long firstHandle) {
    this.id = record.id();
    this.record = record;
    this.nextHandle = new AtomicLong(firstHandle);
  }

  long tokenObjectCount() {
    return objects.values().stream().filter(HsmObject::isToken).count();
  }

  static String objectKey(int partition, long handle) {
    return String.format("obj/%d/%016x", partition, handle);
  }

  static String objectPrefix(int partition) {
    return "obj/" + partition + "/";
  }
}
