package io.selenehsm.provider.sks;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.sks.BlobEntry;
import io.selenehsm.sks.BlobStore;
import io.selenehsm.sks.InsertedKeyCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One partition serving keys from one blob store: extracts keys into blobs, and inserts blobs back
 * through an {@link InsertedKeyCache} so that a hot key is inserted once. Shared by every SKS
 * KeyStore of a provider that names the same slot and store ({@link SksRegistry}), so two KeyStore
 * objects never insert the same key twice. Thread-safe.
 *
 * <p>Lifetime of an inserted key: a session object of the provider's object session, owned by the
 * cache. Eviction destroys it, so a {@link SeleneKey} handed out earlier for that entry stops
 * working ({@code CKR_KEY_HANDLE_INVALID}); code that keeps keys for long should call {@code
 * getKey} per use instead, which is a map lookup while the key is cached. An object with the
 * entry's OUID that is already in the partition (the key was extracted from a token object, or a
 * session key the application still holds) is used as it is and never destroyed.
 */
final class SksPartition {
  /** Room one inserted key is assumed to take (an RSA-2048 private key object is ~1.9 KB). */
  static final long BYTES_PER_INSERTED_KEY = 2048;

  /** Upper bound on cached keys: system property, default 4096. */
  static final String CACHE_MAX_PROPERTY = "selene.sks.cache.max";

  static final long DEFAULT_CACHE_MAX = 4096;

  /**
   * Lower bound on cached keys: a freshly inserted key must survive the next few inserts by other
   * threads, or a concurrent caller could see its key evicted before it signs.
   */
  static final long MIN_CACHED = 16;

  /** An inserted key, and whether the cache made (and so destroys) its object. */
  private record Inserted(String alias, SeleneKey key, long anchorGeneration, boolean owned) {}

  private final Token token;
  private final BlobStore store;
  private final InsertedKeyCache<String> cache;
  private final Map<Long, Inserted> inserted = new ConcurrentHashMap<>();
  private final AtomicLong inserts = new AtomicLong();

  SksPartition(Token token, BlobStore store, long cacheMax) {
    this.token = token;
    this.store = store;
    LongSupplier capacity =
        () -> Math.max(MIN_CACHED, Math.min(cacheMax, freeBytes() / BYTES_PER_INSERTED_KEY));
    this.cache = new InsertedKeyCache<>(capacity, this::insert, this::release);
  }

  Token token() {
    return token;
  }

  BlobStore store() {
    return store;
  }

  /** Blob inserts made so far (cache misses); for tests and the benchmark. */
  long insertCount() {
    return inserts.get();
  }

  /** Keys inserted now. */
  long cachedCount() {
    return cache.size();
  }

  /** The cache's current bound. */
  long cacheBound() {
    return cache.maximum();
  }

  private long freeBytes() {
    try {
      return token.slot().partitionInfo().freeBytes();
    } catch (HsmException e) {
      // The bound is re-read on the next miss; until then keep a small cache.
      return MIN_CACHED * BYTES_PER_INSERTED_KEY;
    }
  }

  /** Seals {@code key} (a key of this partition) into a blob; the key stays where it is. */
  byte[] extract(SeleneKey key) throws HsmException {
    if (KeyAccess.token(key) != token && key.getSlot() != token.slotId()) {
      throw new HsmException(
          Ckr.KEY_HANDLE_INVALID,
          "the key lives in slot "
              + key.getSlot()
              + "; this SKS keystore serves slot "
              + token.slotId());
    }
    long handle = key.getKeyHandle();
    return token.call((slot, s) -> slot.sksExtract(s, SksExtractRequest.of(handle)));
  }

  /** The store has no entry for the alias: getKey answers null. */
  private static final class NoSuchEntry extends RuntimeException {
    NoSuchEntry(String alias) {
      super("no entry \"" + alias + "\"", null, false, false);
    }
  }

  /**
   * The key stored under {@code alias}, inserted if it is not already; null when the store has no
   * such entry. A cached key costs no store read.
   */
  SeleneKey key(String alias) throws HsmException {
    // A cached handle can be stale when the object session closed since (logout, restart):
    // its objects died with it, so the entry is dropped and the blob inserted again.
    for (int attempt = 0; attempt < 3; attempt++) {
      long handle;
      try {
        handle = cache.handle(alias);
      } catch (InsertedKeyCache.InsertFailedException e) {
        if (e.getCause() instanceof NoSuchEntry) {
          return null;
        }
        if (e.getCause() instanceof HsmException h) {
          throw h;
        }
        throw e;
      }
      Inserted i = inserted.get(handle);
      if (i != null && token.pool().anchorOpenIn(i.anchorGeneration())) {
        return i.key();
      }
      cache.invalidate(alias);
    }
    throw new HsmException(
        Ckr.GENERAL_ERROR,
        "the key \""
            + alias
            + "\" was evicted as soon as"
            + " it was inserted three times running; the SKS cache bound ("
            + cache.maximum()
            + ") is too small for this many concurrent users");
  }

  /** Forgets the inserted copy of {@code alias} (its entry was replaced or deleted). */
  void forget(String alias) {
    cache.invalidate(alias);
  }

  /**
   * After {@code alias} was stored again: keeps the inserted copy when {@code stored} is that very
   * copy (a new certificate chain for the same key), else forgets it.
   */
  @SuppressWarnings("ReferenceEquality") // "that very copy", as documented above
  void replaced(String alias, SeleneKey stored) {
    Inserted i = stored == null ? null : inserted.get(stored.getKeyHandle());
    if (i == null || !i.alias().equals(alias) || i.key() != stored) {
      cache.invalidate(alias);
    }
  }

  /** Destroys every object the cache inserted. */
  void forgetAll() {
    cache.invalidateAll();
  }

  private long insert(String alias) throws HsmException {
    BlobEntry entry = store.get(alias).orElseThrow(() -> new NoSuchEntry(alias));
    long generation = token.pool().anchorGeneration();
    long handle;
    boolean owned;
    try {
      long[] handles =
          token.withObjectSession(
              (slot, s) -> slot.sksInsert(s, entry.blob(), SksAuthorization.none()));
      handle = keyHandle(handles);
      owned = true;
      // Destroy the other objects of a multi-object blob: only the key is served.
      for (long h : handles) {
        if (h != handle) {
          token.destroySessionObject(h, generation);
        }
      }
    } catch (HsmException e) {
      if (e.returnCode() != Ckr.OBJECT_ALREADY_EXISTS || entry.ouid().length == 0) {
        throw e;
      }
      handle = present(entry);
      owned = false;
    }
    inserts.incrementAndGet();
    SeleneKey key = (SeleneKey) KeyAccess.found(token, handle);
    inserted.put(handle, new Inserted(alias, key, generation, owned));
    return handle;
  }

  /** The private or secret key among inserted objects (the first object otherwise). */
  private long keyHandle(long[] handles) throws HsmException {
    if (handles.length == 1) {
      return handles[0];
    }
    for (long h : handles) {
      long cls = token.attributes(h).ulong(Cka.CLASS, -1);
      if (cls == Cko.PRIVATE_KEY || cls == Cko.SECRET_KEY) {
        return h;
      }
    }
    return handles[0];
  }

  /** The object already in the partition with the entry's OUID. */
  private long present(BlobEntry entry) throws HsmException {
    List<Long> found = token.find(Attributes.builder().set(Cka.OUID, entry.ouid()).build());
    if (found.isEmpty()) {
      throw new HsmException(
          Ckr.OBJECT_ALREADY_EXISTS,
          "the key \""
              + entry.alias()
              + "\" (OUID "
              + entry.ouidHex()
              + ") is in the partition but not visible to this"
              + " login");
    }
    return found.get(0);
  }

  private void release(String alias, long handle) {
    Inserted i = inserted.remove(handle);
    if (i != null && i.owned()) {
      token.destroySessionObject(handle, i.anchorGeneration());
    }
  }
}
