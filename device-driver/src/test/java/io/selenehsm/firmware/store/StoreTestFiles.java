package io.selenehsm.firmware.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File chores for store tests that manage their own directories. */
final class StoreTestFiles {
  private StoreTestFiles() {}

  /** Copies the regular files of {@code from} into a new directory {@code to}. */
  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** XORs the byte at {@code offset} with a non-zero mask. */
  static void flipByte(Path file, long offset, int mask) throws IOException {
    byte[] content = Files.readAllBytes(file);
    content[(int) offset] ^= (byte) (mask == 0 ? 1 : mask);
    Files.write(file, content);
  }
}
