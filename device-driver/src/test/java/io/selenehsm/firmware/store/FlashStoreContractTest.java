package io.selenehsm.firmware.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.store.FlashStore.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FlashStore} must do, run against each implementation. */
abstract class FlashStoreContractTest {
  protected FlashStore store;

  /** A fresh, empty store. */
  protected abstract FlashStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(US_ASCII);
  }

  static String text(byte[] b) {
    return b == null ? null : new String(b, US_ASCII);
  }

  @Test
  void committedPutIsReadable() throws Exception {
    store.commit(new Batch().put("hsm", bytes("label=one")));

    assertEquals("label=one", text(store.get("hsm")));
    assertNull(store.get("part/1"));
  }

  @Test
  void putOverwritesAndDeleteRemoves() throws Exception {
    store.commit(new Batch().put("a", bytes("1")).put("b", bytes("2")));
    store.commit(new Batch().put("a", bytes("3")).delete("b").delete("never-existed"));

    assertEquals("3", text(store.get("a")));
    assertNull(store.get("b"));
  }

  @Test
  void laterChangeToTheSameKeyInOneBatchWins() throws Exception {
    store.commit(new Batch().put("k", bytes("first")).delete("k").put("k", bytes("last")));
    store.commit(new Batch().put("gone", bytes("x")).delete("gone"));

    assertEquals("last", text(store.get("k")));
    assertNull(store.get("gone"));
  }

  @Test
  void scanReturnsExactlyThePrefixInKeyOrder() throws Exception {
    store.commit(
        new Batch()
            .put("obj/1/0b", bytes("b"))
            .put("obj/1/0a", bytes("a"))
            .put("obj/10/00", bytes("other partition"))
            .put("obj/1", bytes("not under obj/1/"))
            .put("part/1", bytes("p")));

    SortedMap<String, byte[]> scan = store.scan("obj/1/");

    assertEquals(List.of("obj/1/0a", "obj/1/0b"), new ArrayList<>(scan.keySet()));
    assertEquals("a", text(scan.get("obj/1/0a")));
    assertEquals(5, store.scan("").size());
    assertTrue(store.scan("zzz").isEmpty());
  }

  @Test
  void scanIsNotAffectedByLaterCommits() throws Exception {
    store.commit(new Batch().put("p/1", bytes("1")));
    SortedMap<String, byte[]> before = store.scan("p/");

    store.commit(new Batch().put("p/2", bytes("2")).delete("p/1"));

    assertEquals(List.of("p/1"), new ArrayList<>(before.keySet()));
  }

  @Test
  void storedValueIsACopyOfTheCallersArray() throws Exception {
    byte[] value = bytes("secret");
    Batch batch = new Batch().put("k", value);
    value[0] = 'X';
    store.commit(batch);
    batch.changes().get("k")[0] = 'Y';

    assertEquals("secret", text(store.get("k")));
  }

  @Test
  void emptyValueIsAValueNotADelete() throws Exception {
    store.commit(new Batch().put("empty", new byte[0]));

    assertArrayEquals(new byte[0], store.get("empty"));
  }

  @Test
  void batchWithAnInvalidKeyAppliesNothing() throws Exception {
    store.commit(new Batch().put("kept", bytes("old")));

    Batch bad =
        new Batch().put("kept", bytes("new")).put("fine", bytes("x")).put("bad\nkey", bytes("y"));
    HsmException e = assertThrows(HsmException.class, () -> store.commit(bad));

    assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode());
    assertEquals("old", text(store.get("kept")));
    assertNull(store.get("fine"));
  }

  @Test
  void emptyAndOverlongKeysAreRejected() {
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        assertThrows(HsmException.class, () -> store.commit(new Batch().put("", bytes("x"))))
            .returnCode());
    String tooLong = "k".repeat(BatchCodec.MAX_KEY_LENGTH + 1);
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        assertThrows(HsmException.class, () -> store.commit(new Batch().delete(tooLong)))
            .returnCode());
  }

  @Test
  void emptyBatchIsANoOp() throws Exception {
    store.commit(new Batch());

    assertEquals(0, store.sizeBytes());
  }

  @Test
  void sizeBytesCountsLiveKeysAndValues() throws Exception {
    store.commit(new Batch().put("ab", new byte[10]).put("cde", new byte[5]));
    assertEquals(2 + 10 + 3 + 5, store.sizeBytes());

    store.commit(new Batch().put("ab", new byte[1]).delete("cde").delete("missing"));
    assertEquals(2 + 1, store.sizeBytes());
  }

  @Test
  void destroyKekEmptiesTheStoreWhichStaysUsable() throws Exception {
    store.commit(new Batch().put("hsm", bytes("x")).put("part/1", bytes("y")));

    store.destroyKek();

    assertNull(store.get("hsm"));
    assertTrue(store.scan("").isEmpty());
    assertEquals(0, store.sizeBytes());
    store.commit(new Batch().put("hsm", bytes("fresh")));
    assertEquals("fresh", text(store.get("hsm")));
  }

  @Test
  void commitAfterCloseFailsWithDeviceError() {
    store.close();

    HsmException e =
        assertThrows(HsmException.class, () -> store.commit(new Batch().put("k", bytes("v"))));
    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
  }

  @Test
  void concurrentCommitsFromManyThreadsAllLand() throws Exception {
    int threads = 4;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    store.commit(new Batch().put("t" + id + "/" + i, bytes("v" + i)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(threads * perThread, store.scan("t").size());
  }

  @Test
  void scansNeverObserveHalfABatch() throws Exception {
    int width = 8;
    int minCommits = 150;
    int minScans = 200;
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger scans = new AtomicInteger();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        results.add(
            readers.submit(
                () -> {
                  while (writing.get()) {
                    SortedMap<String, byte[]> view = store.scan("w/");
                    long distinct =
                        view.values().stream().map(FlashStoreContractTest::text).distinct().count();
                    if (distinct > 1 || (!view.isEmpty() && view.size() != width)) {
                      throw new AssertionError(
                          "saw half a batch: "
                              + view.keySet()
                              + " "
                              + view.values().stream().map(FlashStoreContractTest::text).toList());
                    }
                    scans.incrementAndGet();
                  }
                  return null;
                }));
      }
      // Keep writing until the readers have had a real chance to race with the writer.
      for (int n = 0; n < minCommits || (scans.get() < minScans && n < 1_000_000); n++) {
        Batch batch = new Batch();
        for (int k = 0; k < width; k++) {
          batch.put("w/" + k, bytes(Integer.toString(n)));
        }
        store.commit(batch);
      }
      writing.set(false);
      for (Future<?> f : results) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertTrue(scans.get() >= minScans, "readers ran only " + scans.get() + " scans");
    } finally {
      writing.set(false);
      readers.shutdownNow();
    }
  }
}
