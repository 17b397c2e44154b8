package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL store against a real server started by scripts/postgres.sh. */
@ExtendWith(PostgresExtension.class)
class PostgresBlobStoreTest extends BlobStoreContract {
  private String url;

  @TempDir Path dir;

  @Override
  BlobStore create() throws Exception {
    url = PostgresExtension.freshDatabase();
    return PostgresBlobStore.open(url, null, null, 4);
  }

  @Override
  BlobStore reopen() {
    return PostgresBlobStore.open(url, null, null, 4);
  }

  @Test
  void aDamagedRowIsReportedNotReturned() throws Exception {
    store.put(TestEntries.make("victim", 1, 1));
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE "
              + PostgresBlobStore.TABLE
              + " SET blob = overlay(blob placing '\\x00'::bytea from 40 for 1) WHERE alias ="
              + " 'victim'");
    }
    BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.get("victim"));
    assertTrue(
        e.getMessage().contains("victim") && e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void openedByLocationWithoutLeakingPasswords() {
    store.close();
    store = BlobStores.open(url);
    assertTrue(store instanceof PostgresBlobStore);
    assertEquals(
        "jdbc:postgresql://h/db?user=u&password=***",
        PostgresBlobStore.redact("jdbc:postgresql://h/db?user=u&password=secret"));
  }

  @Test
  void anUnreachableServerIsAClearError() {
    BlobStoreException e =
        assertThrows(
            BlobStoreException.class,
            () ->
                PostgresBlobStore.open(
                    "jdbc:postgresql://127.0.0.1:1/none?user=x&connectTimeout=2", null, null, 1));
    assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
  }

  /**
   * Three JVMs write unique and overlapping aliases at once; afterwards every acknowledged unique
   * write is present and intact, and every shared alias holds an intact write by one of the writers
   * that was acknowledged for it.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void concurrentWritersInSeveralJvmsLoseAndCorruptNothing() throws Exception {
    List<ChildJvm> children = new ArrayList<>();
    for (int w = 1; w <= 3; w++) {
      children.add(new ChildJvm(url, w, 150, 10, 0, dir.resolve("writer" + w + ".log")));
    }
    for (ChildJvm c : children) {
      assertTrue(c.awaitExit(100), "a writer did not finish");
      assertEquals(0, c.process.exitValue(), "a writer failed; see its log in " + dir);
      assertTrue(c.done);
    }
    int shared = 0;
    for (int w = 1; w <= 3; w++) {
      for (Map.Entry<String, List<Long>> e : children.get(w - 1).acks.entrySet()) {
        String alias = e.getKey();
        BlobEntry entry =
            store
                .get(alias)
                .orElseThrow(
                    () -> new AssertionError("acknowledged entry " + alias + " is missing"));
        TestEntries.Write got = TestEntries.check(entry);
        if (alias.startsWith("shared-")) {
          shared++;
          List<Long> ackedByWinner = children.get(got.writer() - 1).acks.get(alias);
          assertTrue(
              ackedByWinner != null && ackedByWinner.contains(got.seq()),
              alias + " holds a write that was never acknowledged");
        } else {
          assertEquals(new TestEntries.Write(w, e.getValue().get(0)), got);
        }
      }
    }
    assertEquals(3 * 150 + 10, store.size());
    assertTrue(shared > 0);
  }
}
