package io.selenehsm.sks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The default store: one file on this host, an H2 MVStore (copy-on-write B-tree, append-only chunks
 * with checksums), so a crash at any moment reopens to the last commit. Each write commits and
 * fsyncs before returning; concurrent writers share commits (group commit), so many threads cost
 * few fsyncs. The file is locked: one process at a time.
 */
public final class EmbeddedBlobStore implements BlobStore {
  private static final String MAP = "sks-entries";

  private final Path file;
  private final MVStore store;
  private final MVMap<String, byte[]> entries;

  /** Writes applied to the map (incremented after each), and writes known durable. */
  private final AtomicLong applied = new AtomicLong();

  private long durable;
  private final ReentrantLock commitLock = new ReentrantLock();

  /** Serializes compound writes (putIfAbsent + rename) against each other. */
  private final ReentrantLock writeLock = new ReentrantLock();

  private EmbeddedBlobStore(Path file, MVStore store) {
    this.file = file;
    this.store = store;
    this.entries = store.openMap(MAP);
  }

  /** Opens (creating if needed) the store file; parent directories are created. */
  public static EmbeddedBlobStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MVStore store = new MVStore.Builder().fileName(file.toString()).open();
      return new EmbeddedBlobStore(file, store);
    } catch (IOException | MVStoreException | IllegalStateException e) {
      throw new BlobStoreException(
          "cannot open the embedded blob store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(BlobEntry entry) {
    byte[] record = BlobEntryCodec.encode(entry);
    run(() -> entries.put(entry.alias(), record));
  }

  @Override
  public boolean putIfAbsent(BlobEntry entry) {
    byte[] record = BlobEntryCodec.encode(entry);
    boolean[] added = new boolean[1];
    run(() -> added[0] = entries.putIfAbsent(entry.alias(), record) == null);
    return added[0];
  }

  @Override
  public void putAll(Collection<BlobEntry> batch) {
    List<byte[]> records = new ArrayList<>(batch.size());
    for (BlobEntry e : batch) {
      records.add(BlobEntryCodec.encode(e));
    }
    run(
        () -> {
          Iterator<byte[]> r = records.iterator();
          for (BlobEntry e : batch) {
            entries.put(e.alias(), r.next());
          }
        });
  }

  @Override
  public Optional<BlobEntry> get(String alias) {
    BlobEntry.checkAlias(alias);
    byte[] record = read(() -> entries.get(alias));
    return record == null
        ? Optional.empty()
        : Optional.of(BlobEntryCodec.decode(record, "entry " + alias + " in " + file));
  }

  @Override
  public boolean contains(String alias) {
    BlobEntry.checkAlias(alias);
    return read(() -> entries.containsKey(alias));
  }

  @Override
  public boolean delete(String alias) {
    BlobEntry.checkAlias(alias);
    boolean[] removed = new boolean[1];
    run(() -> removed[0] = entries.remove(alias) != null);
    return removed[0];
  }

  /** The new name is written before the old one goes: a crash in between leaves both, not none. */
  @Override
  public boolean rename(String from, String to) {
    BlobEntry.checkAlias(to);
    Optional<BlobEntry> current = get(from);
    if (current.isEmpty()) {
      return false;
    }
    byte[] record = BlobEntryCodec.encode(current.get().withAlias(to));
    boolean[] done = new boolean[1];
    run(
        () -> {
          if (from.equals(to)) {
            done[0] = true;
            return;
          }
          if (entries.putIfAbsent(to, record) != null) {
            throw new BlobStoreException(
                "cannot rename "
                    + from
                    + " to "
                    + to
                    + " in "
                    + file
                    + ": an entry named "
                    + to
                    + " exists");
          }
          entries.remove(from);
          done[0] = true;
        });
    return done[0];
  }

  @Override
  public List<String> aliases() {
    return read(() -> new ArrayList<>(entries.keySet()));
  }

  @Override
  public List<String> aliases(String after, int limit) {
    return read(
        () -> {
          List<String> out = new ArrayList<>(Math.min(limit, 1024));
          String start = after == null ? entries.firstKey() : entries.higherKey(after);
          if (start == null) {
            return out;
          }
          Iterator<String> it = entries.keyIterator(start);
          while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
          }
          return out;
        });
  }

  @Override
  public long size() {
    return read(entries::sizeAsLong);
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void close() {
    commitLock.lock();
    try {
      if (!store.isClosed()) {
        store.close();
      }
    } finally {
      commitLock.unlock();
    }
  }

  @FunctionalInterface
  private interface Write {
    void apply();
  }

  @FunctionalInterface
  private interface Read<T> {
    T get();
  }

  private <T> T read(Read<T> r) {
    try {
      return r.get();
    } catch (MVStoreException | IllegalStateException e) {
      throw new BlobStoreException(
          "the embedded blob store " + file + " failed: " + e.getMessage(), e);
    }
  }

  /** Applies a write, then makes it durable: commit and fsync, shared with concurrent writers. */
  private void run(Write w) {
    long mine;
    writeLock.lock();
    try {
      w.apply();
      mine = applied.incrementAndGet();
    } catch (MVStoreException | IllegalStateException e) {
      throw new BlobStoreException(
          "the embedded blob store " + file + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
    commitLock.lock();
    try {
      if (durable >= mine) {
        return;
      }
      long upTo = applied.get();
      store.commit();
      store.sync();
      durable = upTo;
    } catch (MVStoreException | IllegalStateException e) {
      throw new BlobStoreException(
          "cannot commit to the embedded blob store " + file + ": " + e.getMessage(), e);
    } finally {
      commitLock.unlock();
    }
  }
}
