package io.selenehsm.provider.sks;

import io.selenehsm.provider.internal.Token;
import io.selenehsm.sks.BlobStore;
import io.selenehsm.sks.BlobStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Open stores and partitions, shared in this JVM. A store is opened once per location (an embedded
 * store file is locked by its process, and a PostgreSQL store holds a connection pool), and closed
 * when the JVM exits; a partition view is shared per provider slot and store, so its inserted-key
 * cache is too.
 */
final class SksRegistry {
  private static final Map<String, BlobStore> STORES = new HashMap<>();
  private static final Map<Token, Map<String, SksPartition>> PARTITIONS = new WeakHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SksRegistry::closeAll, "selene-sks-close"));
  }

  private SksRegistry() {}

  /** The canonical form of a location: an absolute normalised path, or the URL as given. */
  static String canonical(String location) {
    return location.startsWith("jdbc:")
        ? location
        : Path.of(location).toAbsolutePath().normalize().toString();
  }

  static synchronized SksPartition partition(Token token, String location, long cacheMax) {
    String where = canonical(location);
    BlobStore store = STORES.computeIfAbsent(where, BlobStores::open);
    return PARTITIONS
        .computeIfAbsent(token, t -> new HashMap<>())
        .computeIfAbsent(where, w -> new SksPartition(token, store, cacheMax));
  }

  /** Blob inserts made by every partition view over {@code location}. */
  static synchronized long insertCount(String location) {
    String where = canonical(location);
    long n = 0;
    for (Map<String, SksPartition> byStore : PARTITIONS.values()) {
      SksPartition p = byStore.get(where);
      n += p == null ? 0 : p.insertCount();
    }
    return n;
  }

  /** Forgets one alias (or, with null, every alias) in every partition view over the store. */
  static void evict(String location, String alias) {
    List<SksPartition> views = new ArrayList<>();
    synchronized (SksRegistry.class) {
      String where = canonical(location);
      for (Map<String, SksPartition> byStore : PARTITIONS.values()) {
        SksPartition p = byStore.get(where);
        if (p != null) {
          views.add(p);
        }
      }
    }
    for (SksPartition p : views) {
      if (alias == null) {
        p.forgetAll();
      } else {
        p.forget(alias);
      }
    }
  }

  /** Closes one store (after destroying what its partitions inserted); for tests and tools. */
  static synchronized void close(String location) {
    String where = canonical(location);
    for (Map<String, SksPartition> byStore : PARTITIONS.values()) {
      SksPartition p = byStore.remove(where);
      if (p != null) {
        p.forgetAll();
      }
    }
    BlobStore store = STORES.remove(where);
    if (store != null) {
      store.close();
    }
  }

  private static synchronized void closeAll() {
    for (String where : new ArrayList<>(STORES.keySet())) {
      try {
        STORES.remove(where).close();
      } catch (RuntimeException e) {
        // Exiting anyway; every write was durable when it returned.
      }
    }
  }
}
