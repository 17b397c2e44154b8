package io.selenehsm.sks;

import java.nio.file.Path;

/** Opens a store from the location a keystore descriptor names. */
public final class BlobStores {
  /** Classes the PostgreSQL store needs; optional dependencies of this artifact. */
  private static final String[][] POSTGRES_CLASSES = {
    {"org.postgresql.Driver", "org.postgresql:postgresql"},
    {"com.zaxxer.hikari.HikariDataSource", "com.zaxxer:HikariCP"}
  };

  private BlobStores() {}

  /**
   * {@code jdbc:postgresql://...} opens a {@link PostgresBlobStore} (credentials in the URL or
   * PGUSER/PGPASSWORD); anything else is the path of an {@link EmbeddedBlobStore} file.
   *
   * @throws IllegalArgumentException when the location is empty, names another database, or names
   *     PostgreSQL while its driver or HikariCP is not on the class path
   */
  public static BlobStore open(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("no blob store location given");
    }
    if (location.startsWith("jdbc:postgresql:")) {
      requirePostgresClasses();
      return PostgresBlobStore.open(
          location,
          System.getenv("PGUSER"),
          System.getenv("PGPASSWORD"),
          PostgresBlobStore.DEFAULT_POOL_SIZE);
    }
    if (location.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "unsupported blob store " + location + "; use jdbc:postgresql://... or a file path");
    }
    return EmbeddedBlobStore.open(Path.of(location));
  }

  // The driver and pool are optional dependencies: say which jar is missing rather than
  // failing later with a NoClassDefFoundError.
  private static void requirePostgresClasses() {
    ClassLoader loader = BlobStores.class.getClassLoader();
    for (String[] c : POSTGRES_CLASSES) {
      try {
        Class.forName(c[0], false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            "a PostgreSQL blob store needs "
                + c[1]
                + " on the class path (an optional dependency of selene-keystore-sks)",
            e);
      }
    }
  }
}
