package io.selenehsm.sks;

/** A blob store failed: unreachable, corrupt, or closed. The message names store and entry. */
public class BlobStoreException extends RuntimeException {
  public BlobStoreException(String message) {
    super(message);
  }

  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
