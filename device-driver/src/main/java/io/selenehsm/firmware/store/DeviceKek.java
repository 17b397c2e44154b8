package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
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
 * <p>On a real Luna device the KEK lives in battery-backed memory that zeroize and tamper response
 * erase, so nothing on flash can be decrypted afterwards. The emulation keeps it in the file {@code
 * kek} beside the data, in one of two forms: 32 plain bytes (the zero-setup default: whoever can
 * read the directory can read the store, though not what is sealed under a partition's object key),
 * or wrapped under an operator-supplied {@link MasterKey} kept outside the directory (a copy of the
 * directory then decrypts nothing). A plain KEK found while a master key is supplied is wrapped on
 * the spot. The file is created owner-only.
 *
 * <p>A KEK file of all zero bytes marks a zeroize that was interrupted after the key was wiped;
 * opening the directory finishes it. A missing KEK beside sealed data is an integrity failure, not
 * a fresh device, so that deleting one file cannot silently reset the HSM.
 */
final class DeviceKek {
  static final int KEK_BYTES = 32;

  private DeviceKek() {}

  /** The KEK of the directory, creating one on a fresh device. */
  static byte[] loadOrCreate(StateDirectory dir, SecureRandom random, MasterKey master)
      throws IOException, HsmException {
    Path file = dir.kek();
    if (Files.exists(file)) {
      byte[] stored = Files.readAllBytes(file);
      if (stored.length != KEK_BYTES && stored.length != MasterKey.WRAPPED_BYTES) {
        throw new StoreCorruptedException(
            file,
            0,
            "KEK file holds "
                + stored.length
                + " bytes, expected "
                + KEK_BYTES
                + " (plain) or "
                + MasterKey.WRAPPED_BYTES
                + " (wrapped under a master key)");
      }
      if (!isAllZero(stored)) {
        return MasterKey.isWrapped(stored)
            ? unwrap(dir, stored, master)
            : adopt(dir, stored, master, random);
      }
      finishZeroize(dir);
    } else if (dir.hasSealedData()) {
      throw new StoreCorruptedException(file, 0, "the KEK is missing but sealed data exists");
    }
    return create(dir, random, master);
  }

  private static byte[] unwrap(StateDirectory dir, byte[] stored, MasterKey master)
      throws HsmException {
    if (master == null) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "the KEK of "
              + dir
              + " is sealed under a master"
              + " key that was not supplied; set "
              + MasterKey.ENV_VAR
              + " (or Misc MasterKeyFile in"
              + " selene.conf) to the master key file this device was created with");
    }
    byte[] kek = master.unwrap(stored);
    if (kek == null) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "the master key in "
              + master.source()
              + " is not the one the KEK of "
              + dir
              + " was sealed under");
    }
    return kek;
  }

  /** A plain KEK found while a master key is supplied is wrapped under it from now on. */
  private static byte[] adopt(StateDirectory dir, byte[] kek, MasterKey master, SecureRandom random)
      throws IOException {
    if (master != null) {
      store(dir, kek, master, random);
    }
    return kek;
  }

  /** Generates a new KEK and stores it durably (wrapped when a master key is supplied). */
  static byte[] create(StateDirectory dir, SecureRandom random, MasterKey master)
      throws IOException {
    byte[] kek = new byte[KEK_BYTES];
    random.nextBytes(kek);
    store(dir, kek, master, random);
    return kek;
  }

  private static void store(StateDirectory dir, byte[] kek, MasterKey master, SecureRandom random)
      throws IOException {
    Path tmp = StateDirectory.tmp(dir.kek());
    Files.deleteIfExists(tmp);
    dir.createPrivateFile(tmp);
    byte[] content = master == null ? kek : master.wrap(kek, random);
    dir.replaceDurably(dir.kek(), ByteBuffer.wrap(content));
  }

  /**
   * Overwrites the stored KEK with zeros and forces it to disk: from this instant on every record
   * sealed under it is unreadable, even if the data files survive.
   */
  static void wipe(StateDirectory dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.kek(), StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.max(KEK_BYTES, ch.size()));
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
