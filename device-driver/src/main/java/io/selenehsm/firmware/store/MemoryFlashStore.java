package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FlashStore} kept only in memory, for tests: the same validation, atomicity and
 * visibility as the directory store, with nothing surviving the instance.
 */
final class MemoryFlashStore implements FlashStore {
  private final EntryTable table = new EntryTable();
  private final ReentrantLock writer = new ReentrantLock();
  private volatile boolean closed;

  @Override
  public byte[] get(String key) {
    return table.get(key);
  }

  @Override
  public SortedMap<String, byte[]> scan(String prefix) {
    return table.scan(prefix);
  }

  @Override
  public void commit(Batch batch) throws HsmException {
    BatchCodec.validate(batch.changes());
    writer.lock();
    try {
      checkOpen();
      table.apply(batch.changes());
    } finally {
      writer.unlock();
    }
  }

  @Override
  public void destroyKek() throws HsmException {
    writer.lock();
    try {
      checkOpen();
      table.clear();
    } finally {
      writer.unlock();
    }
  }

  @Override
  public long sizeBytes() {
    return table.liveBytes();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() throws HsmException {
    if (closed) {
      throw new HsmException(Ckr.DEVICE_ERROR, "in-memory flash store is closed");
    }
  }

  @Override
  public String toString() {
    return "MemoryFlashStore";
  }
}
