package io.selenehsm.sks;

import java.nio.file.Path;

/** Opens a store from the location a keystore descriptor names. */
public final class BlobStores {
  private BlobStores() {}

  /**
   * {@code jdbc:postgresql://...} opens a {@link PostgresBlobStore} (credentials in the URL or
   * PGUSER/PGPASSWORD); anything else is the path of an {@link EmbeddedBlobStore} file.
   */
  public static BlobStore open(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("no blob store location given");
    }
    if (location.startsWith("jdbc:postgresql:")) {
      return PostgresBlobStore.open(location, System.getenv("PGUSER"), System.getenv("PGPASSWORD"),
          PostgresBlobStore.DEFAULT_POOL_SIZE);
    }
    if (location.startsWith("jdbc:")) {
      throw new IllegalArgumentException("unsupported blob store " + location
          + "; use jdbc:postgresql://... or a file path");
    }
    return EmbeddedBlobStore.open(Path.of(location));
  }
}
