package io.selenehsm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Throw-away state directories for the durable rows. They live on the disk of {@code
 * java.io.tmpdir} (so the flash store's force reaches a real device) and are deleted when the fork
 * exits: JMH runs each trial in its own fork, and a trial teardown may race another thread's
 * iteration teardown (see {@link CryptoBenchmark.Fixture}).
 */
final class StateDirectories {
  private StateDirectories() {}

  static Path temporary(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
    return dir;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(StateDirectories::delete);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
