package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable store: an append-only log of sealed batches plus a sealed snapshot, in a directory
 * owned by one process (see {@link StateDirectory} for the files).
 *
 * <p>Commit: encode the batch, seal it as the next log record, append it with one write, force the
 * log, then publish the batch in memory and return. A crash before the force completes leaves at
 * most a torn tail that recovery drops; the caller was never told the batch committed.
 *
 * <p>Compaction, after a commit once the log outgrows {@link FlashStoreOptions}: seal every live
 * entry as a snapshot stamped with the last sequence number, replace the old snapshot durably, then
 * empty the log. Each step leaves a state that {@link Recovery} reopens correctly, and a failed
 * compaction costs nothing but a longer log, so it is retried later instead of failing the commit
 * that triggered it.
 *
 * <p>Concurrency: writers (commit, compaction, zeroize, close) are serialized by {@link #writer};
 * readers go to the {@link EntryTable} and never take it.
 */
final class DirectoryFlashStore implements FlashStore {
  private static final System.Logger LOG = System.getLogger(DirectoryFlashStore.class.getName());

  private final StateDirectory dir;
  private final DirectoryLock ownership;
  private final FlashStoreOptions options;
  private final SecureRandom random;
  private final EntryTable table = new EntryTable();
  private final ReentrantLock writer = new ReentrantLock();

  // Guarded by writer.
  private byte[] kek;
  private RecordSealer sealer;
  private FileChannel log;
  private long logEnd;
  private long lastSequence;
  private long compactionRetryAt;
  private String failure;
  private boolean closed;

  private DirectoryFlashStore(
      StateDirectory dir, DirectoryLock ownership, FlashStoreOptions options, SecureRandom random) {
    this.dir = dir;
    this.ownership = ownership;
    this.options = options;
    this.random = random;
  }

  static DirectoryFlashStore open(Path path, SecureRandom random, FlashStoreOptions options)
      throws HsmException {
    StateDirectory dir = new StateDirectory(path);
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw deviceError("cannot create device state directory " + path, e);
    }
    DirectoryLock ownership = DirectoryLock.acquire(dir);
    DirectoryFlashStore store = new DirectoryFlashStore(dir, ownership, options, random);
    try {
      store.recover();
      return store;
    } catch (IOException e) {
      store.close();
      throw deviceError("cannot open device state directory " + path, e);
    } catch (HsmException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void recover() throws IOException, HsmException {
    dir.deleteTemporaries();
    kek = DeviceKek.loadOrCreate(dir, random, options.masterKey());
    sealer = new RecordSealer(kek, random);
    Recovery.Result recovered = Recovery.replay(dir, sealer, table);
    lastSequence = recovered.lastSequence();
    logEnd = recovered.logEnd();
    log = openLog();
  }

  /** Opens (creating if needed) the log, with its directory entry made durable. */
  private FileChannel openLog() throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.log(),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      dir.fsync();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /**
   * The log channel, reopened if an interrupt of some committing thread closed it: an interrupt
   * closes a FileChannel for every user, and must not take the device's flash down with it.
   */
  private FileChannel logChannel() throws IOException {
    if (!log.isOpen()) {
      log = openLog();
    }
    return log;
  }

  @Override
  public byte[] get(String key) {
    return table.get(key);
  }

  @Override
  public SortedMap<String, byte[]> scan(String prefix) {
    return table.scan(prefix);
  }

  @Override
  public long sizeBytes() {
    return table.liveBytes();
  }

  @Override
  public void commit(Batch batch) throws HsmException {
    Map<String, byte[]> changes = batch.changes();
    BatchCodec.validate(changes);
    writer.lock();
    try {
      checkWritable();
      if (changes.isEmpty()) {
        return;
      }
      long sequence = lastSequence + 1;
      byte[] payload = BatchCodec.encode(changes);
      ByteBuffer record;
      try {
        record = sealer.seal(RecordHeader.LOG_MAGIC, sequence, payload);
      } finally {
        Arrays.fill(payload, (byte) 0);
      }
      append(record);
      lastSequence = sequence;
      table.apply(changes);
      compactIfDue();
    } finally {
      writer.unlock();
    }
  }

  /** Appends one record durably, or leaves the log as it was and throws. */
  private void append(ByteBuffer record) throws HsmException {
    long start = logEnd;
    try {
      long position = start;
      FileChannel channel = logChannel();
      while (record.hasRemaining()) {
        position += channel.write(record, position);
      }
      // force(true): the grown file length is metadata, and recovery needs it.
      channel.force(true);
      logEnd = position;
    } catch (IOException e) {
      rollBack(start, e);
      throw deviceError("flash write to " + dir.log() + " failed; the batch was not committed", e);
    }
  }

  /**
   * Cuts a failed append off the log so that the next record does not land behind garbage. When an
   * interrupt caused the failure, the flag is set aside meanwhile, or it would close the reopened
   * channel too, and restored for the caller.
   */
  private void rollBack(long start, IOException cause) {
    boolean interrupted = Thread.interrupted();
    try {
      FileChannel channel = logChannel();
      channel.truncate(start);
      channel.force(true);
    } catch (IOException e) {
      cause.addSuppressed(e);
      failure =
          "the log "
              + dir.log()
              + " could not be restored after a failed write ("
              + e
              + "); reopen the device";
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void compactIfDue() {
    if (logEnd <= options.compactionThreshold(table.liveBytes()) || logEnd < compactionRetryAt) {
      return;
    }
    try {
      compact();
    } catch (IOException e) {
      compactionRetryAt = logEnd + options.compactionThreshold(table.liveBytes());
      LOG.log(Level.WARNING, "compaction of " + dir + " failed; the log keeps growing", e);
    }
  }

  /** Compacts now, whatever the log size. Exposed to tests. */
  void compactNow() throws HsmException {
    writer.lock();
    try {
      checkWritable();
      compact();
    } catch (IOException e) {
      throw deviceError("compaction of " + dir + " failed", e);
    } finally {
      writer.unlock();
    }
  }

  private void compact() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>(table.size() * 2);
    table.forEach(entries::put);
    byte[] payload = BatchCodec.encode(entries);
    ByteBuffer snapshot;
    try {
      snapshot = sealer.seal(RecordHeader.SNAPSHOT_MAGIC, lastSequence, payload);
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
    dir.replaceDurably(dir.snapshot(), snapshot);
    // The snapshot now covers every record in the log, which recovery would skip anyway, so a
    // crash before or after emptying it reopens to the same state.
    FileChannel channel = logChannel();
    channel.truncate(0);
    channel.force(true);
    logEnd = 0;
    compactionRetryAt = 0;
  }

  @Override
  public void destroyKek() throws HsmException {
    writer.lock();
    try {
      checkOpen();
      try {
        DeviceKek.wipe(dir);
      } catch (IOException e) {
        failure = "zeroize failed while wiping the KEK; reopen the device to finish it";
        throw deviceError("zeroize of " + dir + " failed: the KEK could not be wiped", e);
      }
      // The old records are unreadable from here on, whatever happens to the files below.
      table.clear();
      Arrays.fill(kek, (byte) 0);
      try {
        log.close();
        DeviceKek.finishZeroize(dir);
        kek = DeviceKek.create(dir, random, options.masterKey());
        sealer = new RecordSealer(kek, random);
        log = openLog();
        logEnd = 0;
        lastSequence = 0;
        compactionRetryAt = 0;
        failure = null;
      } catch (IOException e) {
        failure = "zeroize did not complete; reopen the device to finish it";
        throw deviceError("zeroize of " + dir + " did not complete", e);
      }
    } finally {
      writer.unlock();
    }
  }

  @Override
  public void close() {
    writer.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (log != null) {
        try {
          log.close();
        } catch (IOException e) {
          // Every acknowledged record was already forced; closing cannot lose one.
          LOG.log(Level.DEBUG, "closing " + dir.log() + " failed", e);
        }
      }
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
      ownership.close();
    } finally {
      writer.unlock();
    }
  }

  private void checkOpen() throws HsmException {
    if (closed) {
      throw new HsmException(Ckr.DEVICE_ERROR, "flash store " + dir + " is closed");
    }
  }

  private void checkWritable() throws HsmException {
    checkOpen();
    if (failure != null) {
      throw new HsmException(Ckr.DEVICE_ERROR, "flash store " + dir + " is failed: " + failure);
    }
  }

  private static HsmException deviceError(String message, IOException cause) {
    return new HsmException(Ckr.DEVICE_ERROR, message + ": " + cause, cause);
  }

  @Override
  public String toString() {
    return "DirectoryFlashStore{" + dir + "}";
  }
}
