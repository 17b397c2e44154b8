package io.selenehsm.server.trust;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes the writers of one server directory: the server creating its identity and admin shells
 * editing the client registry, in this process and in others.
 *
 * <p>Design note: an OS file lock ({@code .lock} in the directory) excludes other processes, but
 * the JDK refuses a second lock on one file from the same JVM, so a per-directory {@link
 * ReentrantLock} excludes this process's threads first. Readers never take it: they read a file
 * that is only ever replaced by an atomic rename.
 */
final class RegistryLock implements AutoCloseable {
  static final String LOCK_FILE = ".lock";

  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock fileLock;

  private RegistryLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
    this.local = local;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Blocks until this thread alone, in every process, writes in {@code serverDir}. */
  static RegistryLock acquire(Path serverDir) throws IOException {
    Path dir = serverDir.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(dir, d -> new ReentrantLock());
    local.lock();
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new RegistryLock(local, ch, ch.lock());
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fileLock.release();
      channel.close();
    } finally {
      local.unlock();
    }
  }
}
