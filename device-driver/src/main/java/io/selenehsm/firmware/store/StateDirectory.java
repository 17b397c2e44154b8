package io.selenehsm.firmware.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * The files of one device's state directory and the durable file operations on them.
 *
 * <pre>
 *   kek        32 random bytes: the device key-encryption key
 *   snapshot   one sealed record holding every live entry up to its sequence number
 *   log        sealed records of the batches committed after the snapshot
 *   lock       held with a file lock while a process owns the directory
 *   *.tmp      a file being written; renamed into place when complete, deleted on open
 * </pre>
 */
final class StateDirectory {
  private static final String TMP = ".tmp";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final Path dir;

  StateDirectory(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir;
  }

  Path kek() {
    return dir.resolve("kek");
  }

  Path log() {
    return dir.resolve("log");
  }

  Path snapshot() {
    return dir.resolve("snapshot");
  }

  Path lock() {
    return dir.resolve("lock");
  }

  /** Whether sealed data that needs the KEK is present. */
  boolean hasSealedData() throws IOException {
    return Files.exists(snapshot()) || (Files.exists(log()) && Files.size(log()) > 0);
  }

  /** Removes files left half-written by a crash; they were never renamed into place. */
  void deleteTemporaries() throws IOException {
    Files.deleteIfExists(tmp(kek()));
    Files.deleteIfExists(tmp(snapshot()));
  }

  /** Removes the log and the snapshot (not the KEK). */
  void deleteSealedData() throws IOException {
    deleteTemporaries();
    Files.deleteIfExists(log());
    Files.deleteIfExists(snapshot());
  }

  /**
   * Replaces {@code target} so that after a crash at any instant it holds either its old content or
   * all of {@code content}: write a temporary file, force it, rename it over the target, and force
   * the directory so the rename itself is durable.
   */
  void replaceDurably(Path target, ByteBuffer content) throws IOException {
    Path tmp = tmp(target);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (content.hasRemaining()) {
        ch.write(content);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    fsync();
  }

  /** Creates an empty file readable only by its owner, where the file system has permissions. */
  void createPrivateFile(Path file) throws IOException {
    FileAttribute<?>[] attrs =
        POSIX
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Files.createFile(file, attrs);
  }

  /** Makes creations, renames and deletions in the directory durable. */
  void fsync() throws IOException {
    if (WINDOWS) {
      // Windows cannot open a directory as a channel; NTFS journals its metadata instead.
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static Path tmp(Path file) {
    return file.resolveSibling(file.getFileName() + TMP);
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
