package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a state directory, since two owners would interleave log records: an OS
 * file lock on its {@code lock} file, released when the store closes or the process dies.
 *
 * <p>Directories owned by this JVM are also kept in a registry that is checked first. That is not
 * only a shortcut: on POSIX systems closing any descriptor of a file drops every lock the process
 * holds on it, so a refused second open in this JVM must never open the lock file. Directories are
 * identified by file key (device and inode where available), which also sees through symbolic links
 * and bind mounts.
 *
 * <p>The owner writes its process id and command line into the lock file, so that a refused process
 * can name who holds the directory. The file's content is only a hint for people: the OS lock alone
 * decides ownership, and a stale content left by a dead process is overwritten by the next owner.
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
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "device state directory "
              + dir
              + " is already open in this process ("
              + ProcessOwner.current().describe()
              + "); share the open device instead of opening it twice");
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
      throw new HsmException(
          Ckr.DEVICE_ERROR, "cannot resolve device state directory " + dir + ": " + e, e);
    }
  }

  private static DirectoryLock lockFile(StateDirectory dir, Object identity) throws HsmException {
    FileChannel channel = null;
    String holder;
    try {
      channel =
          FileChannel.open(
              dir.lock(),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        recordOwner(channel);
        return new DirectoryLock(identity, channel, lock);
      }
      holder = readOwner(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new HsmException(
          Ckr.DEVICE_ERROR, "cannot lock device state directory " + dir + ": " + e, e);
    }
    closeQuietly(channel);
    throw new HsmException(
        Ckr.DEVICE_ERROR,
        "device state directory "
            + dir
            + " is in use by another process"
            + (holder.isEmpty() ? "" : " (" + holder + ")")
            + "; to share the device, run ./selene-server for it, or set Misc ServeDevices = 1"
            + " in that process's selene.conf, and this process attaches through the socket");
  }

  private static void recordOwner(FileChannel channel) throws IOException {
    channel.truncate(0);
    ByteBuffer text =
        ByteBuffer.wrap(ProcessOwner.current().toLockFileText().getBytes(StandardCharsets.UTF_8));
    while (text.hasRemaining()) {
      channel.write(text, text.position());
    }
    channel.force(false);
  }

  /** What the holder wrote, described; empty when it cannot be read (e.g. Windows locks). */
  private static String readOwner(FileChannel channel) {
    try {
      long size = Math.min(channel.size(), ProcessOwner.MAX_LOCK_FILE_BYTES);
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
        // Read on until the buffer is full or the file ends.
      }
      return ProcessOwner.parse(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8))
          .map(ProcessOwner::describe)
          .orElse("");
    } catch (IOException e) {
      return "";
    }
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
