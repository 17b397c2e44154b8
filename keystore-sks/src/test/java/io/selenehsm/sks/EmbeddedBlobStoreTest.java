package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;

  @Override
  BlobStore create() {
    return EmbeddedBlobStore.open(dir.resolve("sks/store.mv"));
  }

  @Override
  BlobStore reopen() {
    return create();
  }

  @Test
  void oneProcessAtATime() {
    BlobStoreException e = assertThrows(BlobStoreException.class, this::create);
    assertTrue(e.getMessage().contains("store.mv"), e.getMessage());
  }

  @Test
  void openedByLocation() {
    store.close();
    store = BlobStores.open(dir.resolve("sks/store.mv").toString());
    assertTrue(store instanceof EmbeddedBlobStore);
  }
}
