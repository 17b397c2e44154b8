package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} must do; subclasses say how to open and reopen one. */
abstract class BlobStoreContract {
  protected BlobStore store;

  /** A new, empty store. */
  abstract BlobStore create() throws Exception;

  /** The same store opened again (after {@code store} was closed). */
  abstract BlobStore reopen() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = create();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void putGetReplaceDelete() {
    BlobEntry a = TestEntries.make("alpha", 1, 1);
    assertTrue(store.get("alpha").isEmpty());
    store.put(a);
    assertEquals(Optional.of(a), store.get("alpha"));
    assertTrue(store.contains("alpha"));
    BlobEntry a2 = TestEntries.make("alpha", 2, 9);
    store.put(a2);
    assertEquals(a2, store.get("alpha").orElseThrow());
    assertEquals(1, store.size());
    assertTrue(store.delete("alpha"));
    assertFalse(store.delete("alpha"));
    assertFalse(store.contains("alpha"));
    assertEquals(0, store.size());
  }

  @Test
  void metadataAndChainSurvive() {
    BlobEntry e = TestEntries.make("meta", 4, 77);
    store.put(e);
    BlobEntry back = store.get("meta").orElseThrow();
    assertEquals(e.ouidHex(), back.ouidHex());
    assertEquals("RSA", back.algorithm());
    assertEquals(e.created(), back.created());
    assertEquals(1, back.certificateChain().size());
    assertEquals(TestEntries.check(back), new TestEntries.Write(4, 77));
  }

  @Test
  void putIfAbsentKeepsTheFirst() {
    assertTrue(store.putIfAbsent(TestEntries.make("k", 1, 1)));
    assertFalse(store.putIfAbsent(TestEntries.make("k", 2, 2)));
    assertEquals(new TestEntries.Write(1, 1), TestEntries.check(store.get("k").orElseThrow()));
  }

  @Test
  void renameIsAtomicAndRefusesATakenName() {
    store.put(TestEntries.make("old", 1, 1));
    store.put(TestEntries.make("taken", 1, 2));
    BlobStoreException e =
        assertThrows(BlobStoreException.class, () -> store.rename("old", "taken"));
    assertTrue(e.getMessage().contains("taken"), e.getMessage());
    assertTrue(store.contains("old"));
    assertTrue(store.rename("old", "new"));
    assertFalse(store.contains("old"));
    BlobEntry moved = store.get("new").orElseThrow();
    assertEquals("new", moved.alias());
    assertFalse(store.rename("missing", "x"));
  }

  @Test
  void aliasesAreSortedAndPageable() {
    List<BlobEntry> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      batch.add(TestEntries.make(String.format("key-%03d", i), 1, i));
    }
    store.putAll(batch);
    assertEquals(25, store.size());
    List<String> all = store.aliases();
    assertEquals(25, all.size());
    assertEquals("key-000", all.get(0));
    List<String> paged = new ArrayList<>();
    String after = null;
    for (int i = 0; i < 10; i++) {
      List<String> page = store.aliases(after, 10);
      if (page.isEmpty()) {
        break;
      }
      paged.addAll(page);
      after = page.get(page.size() - 1);
    }
    assertEquals(all, paged);
    assertTrue(store.aliases("key-024", 10).isEmpty());
  }

  @Test
  void badAliasesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> store.get(""));
    assertThrows(IllegalArgumentException.class, () -> store.get("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> store.get("x".repeat(256)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BlobEntry("a", new byte[0], List.of(), null, "RSA", java.time.Instant.now()));
  }

  @Test
  void entriesSurviveReopen() throws Exception {
    store.put(TestEntries.make("durable", 3, 3));
    store.close();
    store = reopen();
    assertEquals(
        new TestEntries.Write(3, 3), TestEntries.check(store.get("durable").orElseThrow()));
  }

  @Test
  void manyThreadsWriteAndReadConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int writer = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    store.put(TestEntries.make("t" + writer + "-" + i, writer, i));
                    store.put(TestEntries.make("hot-" + (i % 5), writer, i));
                    TestEntries.check(store.get("t" + writer + "-" + i).orElseThrow());
                    store.get("hot-" + (i % 5)).ifPresent(TestEntries::check);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8 * 40 + 5, store.size());
    for (String alias : store.aliases()) {
      TestEntries.check(store.get(alias).orElseThrow());
    }
  }
}
