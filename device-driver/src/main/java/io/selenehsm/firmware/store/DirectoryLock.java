package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a state directory: an OS file lock on its {@code lock} file, released
 * when the store closes or the process dies. Two owners would interleave log records.
 */
final class DirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(StateDirectory dir) throws HsmException {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DirectoryLock(channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // Held by this very JVM: another store instance owns the directory.
    } catch (IOException e) {
      closeQuietly(channel);
      throw new HsmException(Ckr.DEVICE_ERROR,
          "cannot lock device state directory " + dir + ": " + e.getMessage(), e);
    }
    closeQuietly(channel);
    throw new HsmException(Ckr.DEVICE_ERROR,
        "device state directory " + dir + " is in use by another process");
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases the lock as well.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written through this channel; there is nothing to lose.
    }
  }
}
