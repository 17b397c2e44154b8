package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL driver is an optional dependency: without it (the surefire execution {@code
 * without-postgres} removes it from the class path, as in a user's build that did not add it) a
 * PostgreSQL location is refused with a message naming the missing jar, the password in the URL is
 * not echoed, and the embedded store still opens.
 */
@EnabledIfSystemProperty(named = "selene.test.withoutPostgres", matches = "true")
class PostgresDriverAbsentTest {

  @Test
  void aPostgresLocationNamesTheMissingJarAndHidesTheUrl() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.postgresql.Driver"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BlobStores.open("jdbc:postgresql://db/sks?user=app&password=s3cret"));
    assertTrue(e.getMessage().contains("org.postgresql:postgresql"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), "the URL's password must not be echoed");
  }

  @Test
  void theEmbeddedStoreNeedsNoDriver(@TempDir Path dir) throws Exception {
    try (BlobStore store = BlobStores.open(dir.resolve("keys.mv").toString())) {
      assertTrue(store instanceof EmbeddedBlobStore);
    }
  }
}
