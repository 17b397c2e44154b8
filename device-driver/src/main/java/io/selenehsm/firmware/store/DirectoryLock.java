package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a state directory, since two owners would interleave log records: an
 * OS file lock on its {@code lock} file, released when the store closes or the process dies.
 *
 * <p>Directories owned by this JVM are also kept in a registry that is checked first. That is
 * not only a shortcut: on POSIX systems closing any descriptor of a file drops every lock the
 * process holds on it, so a refused second open in this JVM must never open the lock file.
 * Directories are identified by file key (device and inode where available), which also sees
 * through symbolic links and bind mounts.
 */
final class DirectoryLock implements AutoCloseable {
  private static final Set<Object> OWNED_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Object identity;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Object identity, FileChannel channel, FileLock lock) {
    this.identity = identity;
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(StateDirectory dir) throws HsmException {
    Object identity = identityOf(dir);
    if (!OWNED_BY_THIS_JVM.add(identity)) {
      throw inUse(dir);
    }
    try {
      return lockFile(dir, identity);
    } catch (HsmException | RuntimeException e) {
      OWNED_BY_THIS_JVM.remove(identity);
      throw e;
    }
  }

  private static Object identityOf(StateDirectory dir) throws HsmException {
    try {
      Object fileKey = Files.readAttributes(dir.path(), BasicFileAttributes.class).fileKey();
      return fileKey != null ? fileKey : dir.path().toRealPath();
    } catch (IOException e) {
      throw new HsmException(Ckr.DEVICE_ERROR,
          "cannot resolve device state directory " + dir + ": " + e, e);
    }
  }

  private static DirectoryLock lockFile(StateDirectory dir, Object identity)
      throws HsmException {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DirectoryLock(identity, channel, lock);
      }
    } catch (IOException e) {
      closeQuietly(channel);
      throw new HsmException(Ckr.DEVICE_ERROR,
          "cannot lock device state directory " + dir + ": " + e, e);
    }
    closeQuietly(channel);
    throw inUse(dir);
  }

  private static HsmException inUse(StateDirectory dir) {
    return new HsmException(Ckr.DEVICE_ERROR,
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
    OWNED_BY_THIS_JVM.remove(identity);
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
