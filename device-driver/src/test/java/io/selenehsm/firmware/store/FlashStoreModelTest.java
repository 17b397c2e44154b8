package io.selenehsm.firmware.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.store.FlashStore.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * Differential property: the durable store and a {@link TreeMap} agree after any sequence of
 * batches, reopens and compactions, under any compaction threshold.
 */
class FlashStoreModelTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> KEYS =
      List.of("hsm", "part/1", "part/2", "obj/1/0a", "obj/1/0b", "obj/10/0a", "obj/2/ff", "z");

  sealed interface Action permits Commit, Reopen, Compact {}

  /** One change; a {@code null} value is a delete. */
  record Change(String key, byte[] value) {
    @Override
    public String toString() {
      return value == null ? "delete " + key : key + "=" + HexFormat.of().formatHex(value);
    }
  }

  record Commit(List<Change> changes) implements Action {}

  record Reopen() implements Action {}

  record Compact() implements Action {}

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<byte[]> values =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(48).injectNull(0.3);
    Arbitrary<Change> changes = Combinators.combine(Arbitraries.of(KEYS), values).as(Change::new);
    Arbitrary<Action> commit = changes.list().ofMaxSize(6).map(Commit::new);
    Arbitrary<Action> action =
        Arbitraries.frequencyOf(
            Tuple.of(8, commit),
            Tuple.of(1, Arbitraries.just(new Reopen())),
            Tuple.of(1, Arbitraries.just(new Compact())));
    return action.list().ofMaxSize(40);
  }

  @Property(tries = 100)
  void storeAgreesWithSortedMapModel(
      @ForAll("actions") List<Action> actions,
      @ForAll @LongRange(min = 0, max = 2048) long compactionMinLogBytes)
      throws Exception {
    Path dir = Files.createTempDirectory("flash-model");
    FlashStoreOptions options =
        FlashStoreOptions.defaults().withCompactionMinLogBytes(compactionMinLogBytes);
    TreeMap<String, byte[]> model = new TreeMap<>();
    DirectoryFlashStore store = open(dir, options);
    try {
      for (Action action : actions) {
        if (action instanceof Commit commit) {
          Batch batch = new Batch();
          for (Change c : commit.changes()) {
            if (c.value() == null) {
              batch.delete(c.key());
              model.remove(c.key());
            } else {
              batch.put(c.key(), c.value());
              model.put(c.key(), c.value().clone());
            }
          }
          store.commit(batch);
        } else if (action instanceof Reopen) {
          store.close();
          store = open(dir, options);
        } else if (action instanceof Compact) {
          store.compactNow();
        }
        assertAgrees(model, store);
      }
      store.close();
      store = open(dir, options);
      assertAgrees(model, store);
    } finally {
      store.close();
      StoreTestFiles.deleteRecursively(dir);
    }
  }

  private static DirectoryFlashStore open(Path dir, FlashStoreOptions options) throws Exception {
    return (DirectoryFlashStore) FlashStores.open(dir, RANDOM, options);
  }

  private static void assertAgrees(TreeMap<String, byte[]> model, FlashStore store) {
    assertSameEntries(model, store.scan(""));
    assertSameEntries(model.subMap("obj/1/", "obj/10"), store.scan("obj/1/"));
    for (String key : KEYS) {
      assertArrayEquals(model.get(key), store.get(key), key);
    }
    long live =
        model.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length).sum();
    assertEquals(live, store.sizeBytes());
  }

  private static void assertSameEntries(
      SortedMap<String, byte[]> expected, SortedMap<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
    }
  }
}
