package io.selenehsm.firmware.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.store.FlashStore.Batch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable store: the shared contract plus what only files can show. */
class DirectoryFlashStoreTest extends FlashStoreContractTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  /** Where tests keep copies of files outside the state directory. */
  @TempDir Path aside;

  @Override
  protected FlashStore newStore() throws HsmException {
    return FlashStores.open(dir, RANDOM);
  }

  private FlashStore reopen() throws HsmException {
    store.close();
    store = FlashStores.open(dir, RANDOM);
    return store;
  }

  private DirectoryFlashStore reopenWithCompactionAt(long minLogBytes) throws HsmException {
    store.close();
    store =
        FlashStores.open(
            dir, RANDOM, FlashStoreOptions.defaults().withCompactionMinLogBytes(minLogBytes));
    return (DirectoryFlashStore) store;
  }

  @Test
  void committedStateSurvivesReopen() throws Exception {
    store.commit(new Batch().put("hsm", bytes("h")).put("part/1", bytes("p1")));
    store.commit(new Batch().put("part/1", bytes("p1'")).put("part/2", bytes("p2")));
    store.commit(new Batch().delete("part/2"));

    reopen();

    assertEquals("h", text(store.get("hsm")));
    assertEquals("p1'", text(store.get("part/1")));
    assertNull(store.get("part/2"));
    assertEquals(1 + 3 + 6 + 3, store.sizeBytes());
  }

  @Test
  void valuesAreNotStoredInClear() throws Exception {
    store.commit(new Batch().put("obj/1/aa", bytes("PLAINTEXT-KEY-MATERIAL")));
    store.close();

    String log = new String(Files.readAllBytes(dir.resolve("log")), StandardCharsets.ISO_8859_1);
    assertFalse(log.contains("PLAINTEXT-KEY-MATERIAL"));
    assertFalse(log.contains("obj/1/aa"));
  }

  @Test
  void compactionKeepsDataAndSurvivesReopen() throws Exception {
    DirectoryFlashStore s = reopenWithCompactionAt(0);
    s.commit(new Batch().put("a", bytes("1")).put("b", bytes("2")));
    s.commit(new Batch().delete("a").put("c", bytes("3")));

    s.compactNow();

    assertTrue(Files.exists(dir.resolve("snapshot")));
    assertEquals(0, Files.size(dir.resolve("log")));
    s.commit(new Batch().put("d", bytes("4")));
    reopen();
    assertNull(store.get("a"));
    assertEquals("2", text(store.get("b")));
    assertEquals("3", text(store.get("c")));
    assertEquals("4", text(store.get("d")));
  }

  @Test
  void logIsCompactedAutomaticallyOnceItOutgrowsTheThreshold() throws Exception {
    long threshold = 4096;
    FlashStore s = reopenWithCompactionAt(threshold);
    for (int i = 0; i < 200; i++) {
      s.commit(new Batch().put("hot/" + (i % 4), new byte[100]).put("n", bytes("" + i)));
    }

    assertTrue(Files.exists(dir.resolve("snapshot")));
    assertTrue(Files.size(dir.resolve("log")) <= threshold, "log was never compacted");
    reopen();
    assertEquals("199", text(store.get("n")));
    assertEquals(4, store.scan("hot/").size());
  }

  @Test
  void interruptedCompactionThatLeftCoveredRecordsReopensCorrectly() throws Exception {
    DirectoryFlashStore s = reopenWithCompactionAt(Long.MAX_VALUE / 4);
    s.commit(new Batch().put("a", bytes("1")));
    s.commit(new Batch().put("b", bytes("2")));
    Path staleLog = aside.resolve("stale-log");
    Files.copy(dir.resolve("log"), staleLog);
    s.compactNow();
    s.close();
    // As if the process died after renaming the snapshot but before emptying the log.
    Files.copy(staleLog, dir.resolve("log"), StandardCopyOption.REPLACE_EXISTING);
    Files.write(dir.resolve("snapshot.tmp"), new byte[] {1, 2, 3});

    store = FlashStores.open(dir, RANDOM);
    assertEquals("1", text(store.get("a")));
    assertEquals("2", text(store.get("b")));
    assertFalse(Files.exists(dir.resolve("snapshot.tmp")));
    store.commit(new Batch().put("c", bytes("3")));
    reopen();
    assertEquals(3, store.scan("").size());
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefused() throws Exception {
    HsmException e = assertThrows(HsmException.class, () -> FlashStores.open(dir, RANDOM));

    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
    // The holder is this very process: the message says so rather than "another process".
    assertTrue(
        e.getMessage()
            .contains("is already open in this process (PID " + ProcessHandle.current().pid()),
        e.getMessage());
    store.close();
    FlashStores.open(dir, RANDOM).close();
  }

  @Test
  void anotherProcessIsRefusedEvenAfterARefusedOpenInThisProcess() throws Exception {
    // On POSIX, closing any descriptor of a file drops the process's locks on it; a refused
    // second open here must not leave the directory open to other processes.
    assertThrows(HsmException.class, () -> FlashStores.open(dir, RANDOM));
    Path stderr = aside.resolve("child.err");
    Process child = CrashWriter.launch(dir, 0, aside.resolve("child.out"), stderr);
    try {
      assertTrue(child.waitFor(15, TimeUnit.SECONDS), "child kept running");
    } finally {
      child.destroyForcibly();
    }

    assertNotEquals(0, child.exitValue());
    assertTrue(
        Files.readString(stderr).contains("is in use by another process"),
        Files.readString(stderr));
    // ... and it names the holder, this test's JVM, by PID and command line.
    assertTrue(
        Files.readString(stderr).contains("(PID " + ProcessHandle.current().pid() + ": "),
        Files.readString(stderr));
    assertTrue(Files.readString(dir.resolve("lock")).contains("command="));
  }

  @Test
  void destroyKekReplacesTheKekAndSurvivesReopen() throws Exception {
    store.commit(new Batch().put("hsm", bytes("x")));
    byte[] oldKek = Files.readAllBytes(dir.resolve("kek"));

    store.destroyKek();

    assertFalse(Arrays.equals(oldKek, Files.readAllBytes(dir.resolve("kek"))));
    reopen();
    assertNull(store.get("hsm"));
    assertEquals(0, store.sizeBytes());
  }

  @Test
  void restoredLogFromBeforeZeroizeCannotBeRead() throws Exception {
    store.commit(new Batch().put("obj/1/aa", bytes("old key material")));
    store.close();
    Path saved = aside.resolve("saved-log");
    Files.copy(dir.resolve("log"), saved);
    store = FlashStores.open(dir, RANDOM);

    store.destroyKek();
    store.close();
    Files.copy(saved, dir.resolve("log"), StandardCopyOption.REPLACE_EXISTING);

    assertThrows(StoreCorruptedException.class, () -> FlashStores.open(dir, RANDOM));
  }

  @Test
  void restoredSnapshotFromBeforeZeroizeCannotBeRead() throws Exception {
    DirectoryFlashStore s = reopenWithCompactionAt(0);
    s.commit(new Batch().put("obj/1/aa", bytes("old key material")));
    s.compactNow();
    Path saved = aside.resolve("saved-snapshot");
    Files.copy(dir.resolve("snapshot"), saved);

    s.destroyKek();
    s.close();
    Files.copy(saved, dir.resolve("snapshot"));

    assertThrows(StoreCorruptedException.class, () -> FlashStores.open(dir, RANDOM));
  }

  @Test
  void zeroizeInterruptedAfterWipingTheKekIsFinishedOnOpen() throws Exception {
    store.commit(new Batch().put("hsm", bytes("x")));
    store.close();
    Files.write(dir.resolve("kek"), new byte[DeviceKek.KEK_BYTES]);

    store = FlashStores.open(dir, RANDOM);

    assertTrue(store.scan("").isEmpty());
    assertNotEquals(0, Files.readAllBytes(dir.resolve("kek"))[0] | 1);
  }

  @Test
  void missingKekBesideSealedDataIsAnIntegrityFailure() throws Exception {
    store.commit(new Batch().put("hsm", bytes("x")));
    store.close();
    Files.delete(dir.resolve("kek"));

    StoreCorruptedException e =
        assertThrows(StoreCorruptedException.class, () -> FlashStores.open(dir, RANDOM));
    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
  }

  @Test
  void commitFromAnInterruptedThreadFailsCleanlyAndTheStoreRecovers() throws Exception {
    store.commit(new Batch().put("a", bytes("1")));

    Thread.currentThread().interrupt();
    HsmException e;
    try {
      e = assertThrows(HsmException.class, () -> store.commit(new Batch().put("b", bytes("2"))));
    } finally {
      Thread.interrupted();
    }

    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
    assertNull(store.get("b"));
    store.commit(new Batch().put("c", bytes("3")));
    reopen();
    assertEquals("1", text(store.get("a")));
    assertNull(store.get("b"));
    assertEquals("3", text(store.get("c")));
  }
}
