package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Creates the device's non-volatile storage. */
public final class FlashStores {
  private FlashStores() {}

  /**
   * Opens (or creates) the durable store in {@code dir}, replaying its files. The process owns the
   * directory until {@link FlashStore#close()}.
   *
   * @param random source of the KEK and of every record nonce
   * @throws StoreCorruptedException when a stored record or the snapshot fails verification
   * @throws HsmException {@code CKR_DEVICE_ERROR} when the directory is in use by another store or
   *     cannot be read or written
   */
  public static FlashStore open(Path dir, SecureRandom random) throws HsmException {
    return open(dir, random, FlashStoreOptions.defaults());
  }

  /** As {@link #open(Path, SecureRandom)}, with explicit tuning. */
  public static FlashStore open(Path dir, SecureRandom random, FlashStoreOptions options)
      throws HsmException {
    return DirectoryFlashStore.open(dir, random, options);
  }

  /** A store that lives only in memory; {@link FlashStore#destroyKek()} empties it. */
  public static FlashStore inMemory() {
    return new MemoryFlashStore();
  }
}
