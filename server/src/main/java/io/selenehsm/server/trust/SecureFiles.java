package io.selenehsm.server.trust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash leaves either the old content or the new, never a mix: a temporary
 * file beside the target (created with its final permissions, so a key is never readable by others,
 * not even briefly), forced to disk, renamed over the target, and the directory forced.
 */
final class SecureFiles {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

  /** Temporary files end so; readers ignore them and a writer holding the lock removes them. */
  static final String TEMP_SUFFIX = ".tmp";

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SecureFiles() {}

  /** Creates {@code dir} (and parents) if absent; a directory created here is 0700. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (POSIX) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
      // The umask may have narrowed or kept bits; set exactly what was meant.
      Files.setPosixFilePermissions(dir, PRIVATE_DIR);
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Replaces {@code target} with {@code content} atomically, with {@code permissions}. */
  static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    FileAttribute<?>[] attrs =
        POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), TEMP_SUFFIX, attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (POSIX) {
        Files.setPosixFilePermissions(tmp, permissions);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The file's POSIX permissions, or null where the file system has none. */
  static Set<PosixFilePermission> permissions(Path file) throws IOException {
    return POSIX ? Files.getPosixFilePermissions(file) : null;
  }

  /** Makes a rename in {@code dir} durable; a platform that cannot open directories skips it. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // Windows cannot open a directory as a channel; its rename is durable on its own terms.
    }
  }
}
