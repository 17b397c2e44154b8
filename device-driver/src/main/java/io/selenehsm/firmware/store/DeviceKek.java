package io.selenehsm.firmware.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The device key-encryption key (AES-256) that seals everything in the state directory.
 *
 * <p>On a real Luna device the KEK lives in battery-backed memory that zeroize and tamper
 * response erase, so nothing on flash can be decrypted afterwards. The emulation keeps it in the
 * file {@code kek} beside the data; whoever can read the directory can therefore read the store,
 * and the directory must be protected like the device itself. The file is created owner-only.
 *
 * <p>A KEK file of all zero bytes marks a zeroize that was interrupted after the key was wiped;
 * opening the directory finishes it. A missing KEK beside sealed data is an integrity failure, not
 * a fresh device, so that deleting one file cannot silently reset the HSM.
 */
final class DeviceKek {
  static final int KEK_BYTES = 32;

  private DeviceKek() {}

  /** The KEK of the directory, creating one on a fresh device. */
  static byte[] loadOrCreate(StateDirectory dir, SecureRandom random)
      throws IOException, StoreCorruptedException {
    Path file = dir.kek();
    if (Files.exists(file)) {
      byte[] kek = Files.readAllBytes(file);
      if (kek.length != KEK_BYTES) {
        throw new StoreCorruptedException(file, 0,
            "KEK file holds " + kek.length + " bytes, expected " + KEK_BYTES);
      }
      if (!isAllZero(kek)) {
        return kek;
      }
      finishZeroize(dir);
    } else if (dir.hasSealedData()) {
      throw new StoreCorruptedException(file, 0, "the KEK is missing but sealed data exists");
    }
    return create(dir, random);
  }

  /** Generates a new KEK and stores it durably. */
  static byte[] create(StateDirectory dir, SecureRandom random) throws IOException {
    byte[] kek = new byte[KEK_BYTES];
    random.nextBytes(kek);
    Path tmp = StateDirectory.tmp(dir.kek());
    Files.deleteIfExists(tmp);
    dir.createPrivateFile(tmp);
    dir.replaceDurably(dir.kek(), ByteBuffer.wrap(kek));
    return kek;
  }

  /**
   * Overwrites the stored KEK with zeros and forces it to disk: from this instant on every record
   * sealed under it is unreadable, even if the data files survive.
   */
  static void wipe(StateDirectory dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.kek(), StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(KEK_BYTES);
      long position = 0;
      while (zeros.hasRemaining()) {
        position += ch.write(zeros, position);
      }
      ch.force(true);
    }
  }

  /** After {@link #wipe}: removes the sealed data, then the wiped key file. */
  static void finishZeroize(StateDirectory dir) throws IOException {
    dir.deleteSealedData();
    Files.deleteIfExists(dir.kek());
    dir.fsync();
  }

  private static boolean isAllZero(byte[] bytes) {
    int acc = 0;
    for (byte b : bytes) {
      acc |= b;
    }
    return acc == 0;
  }
}
