package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.HsmException;
import java.util.Map;
import java.util.SortedMap;

/**
 * The device's non-volatile memory: a key/value store whose every {@link #commit} is atomic and
 * durable once it returns. Values are sealed under the device KEK at rest; {@link #destroyKek()}
 * renders everything previously written unreadable (zeroize). Reads come from memory; the
 * implementation replays its files on open and halts (throws) on corruption.
 *
 * <p>Keys are short ASCII paths such as {@code hsm}, {@code part/1}, {@code obj/1/00ab...}.
 */
public interface FlashStore extends AutoCloseable {

  /** The committed value of a key, or {@code null}. The returned array must not be modified. */
  byte[] get(String key);

  /** All committed entries whose key starts with {@code prefix}, in key order. */
  SortedMap<String, byte[]> scan(String prefix);

  /**
   * Applies all puts and deletes of the batch atomically: after a crash at any instant, a reopened
   * store holds either all of the batch or none of it. Returns only once the batch is durable. Cost
   * is proportional to the batch, not to the store.
   *
   * @throws HsmException {@code CKR_DEVICE_ERROR} when the write fails; nothing is applied then
   */
  void commit(Batch batch) throws HsmException;

  /**
   * Zeroize: destroys the key-encryption key and every entry, then starts afresh under a new KEK.
   * Old files, if any survive, can no longer be decrypted.
   */
  void destroyKek() throws HsmException;

  /**
   * Total payload bytes of the live entries — the length of every key plus its value — for capacity
   * accounting. The number of entries is {@code scan("").size()}.
   */
  long sizeBytes();

  @Override
  void close();

  /** An ordered set of changes applied together. {@code null} value means delete. */
  final class Batch {
    private final java.util.LinkedHashMap<String, byte[]> changes = new java.util.LinkedHashMap<>();

    public Batch put(String key, byte[] value) {
      changes.put(key, value.clone());
      return this;
    }

    public Batch delete(String key) {
      changes.put(key, null);
      return this;
    }

    public boolean isEmpty() {
      return changes.isEmpty();
    }

    /** Changes in insertion order; a {@code null} value is a delete. */
    public Map<String, byte[]> changes() {
      return java.util.Collections.unmodifiableMap(changes);
    }
  }
}
