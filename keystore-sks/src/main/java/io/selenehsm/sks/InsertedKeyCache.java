package io.selenehsm.sks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * Keys inserted into the HSM, by a caller-chosen key (an alias, an OUID): a hot key is inserted
 * once and reused; when the cache is full the least useful entry is evicted and its session object
 * destroyed. The bound comes from {@code capacity} (e.g. the partition's free object room; it
 * bounds the number of cached keys, which themselves take room, so the caller counts them in),
 * re-read on every miss so the cache shrinks as the partition fills. Concurrent misses on one key
 * insert it once.
 *
 * <p>Design note (concurrency): lookups, inserts and invalidations of different keys must not wait
 * for each other, because a thread that parks loses its core and, on a busy host, gets it back only
 * a scheduler slice later (the cold-key p99 of issue 15 was such a ~4 ms wait). So the cache's
 * maintenance lock is taken only when there is work under it: when the bound changed, or when the
 * cache holds more keys than its bound. An explicit invalidation destroys its object on the calling
 * thread without that lock (the removal listener runs on the caller's executor), and a miss that
 * leaves the cache over its bound evicts before it returns, so an evicted object is still gone
 * before the call that displaced it returns.
 *
 * @param <K> what identifies a key
 */
public final class InsertedKeyCache<K> implements AutoCloseable {

  /** Inserts the key's blob and returns the session object's handle. */
  @FunctionalInterface
  public interface Inserter<K> {
    long insert(K key) throws Exception;
  }

  /** Destroys a session object the cache no longer holds; failures are the callee's to log. */
  @FunctionalInterface
  public interface Destroyer<K> {
    void destroy(K key, long handle);
  }

  /** An insert failed; the cause is the inserter's exception. */
  public static final class InsertFailedException extends RuntimeException {
    InsertFailedException(Object key, Throwable cause) {
      super("cannot insert key " + key + ": " + cause.getMessage(), cause);
    }
  }

  private final Cache<K, Long> cache;
  private final Policy.Eviction<K, Long> eviction;

  /**
   * The bound last applied, kept here because Caffeine's own getter takes the maintenance lock;
   * written only under this object's monitor, together with the cache's.
   */
  private volatile long maximum;

  private final LongSupplier capacity;
  private final Inserter<K> inserter;

  public InsertedKeyCache(LongSupplier capacity, Inserter<K> inserter, Destroyer<K> destroyer) {
    this.capacity = Objects.requireNonNull(capacity, "capacity");
    this.inserter = Objects.requireNonNull(inserter, "inserter");
    Objects.requireNonNull(destroyer, "destroyer");
    this.maximum = bound();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximum)
            // Destroy on the thread that caused the removal, so an evicted object is gone before
            // the call returns and the partition's room is back.
            .executor(Runnable::run)
            .removalListener(
                (K key, Long handle, RemovalCause cause) -> {
                  if (key != null && handle != null) {
                    destroyer.destroy(key, handle);
                  }
                })
            .build();
    this.eviction = cache.policy().eviction().orElseThrow();
  }

  private long bound() {
    return Math.max(0, capacity.getAsLong());
  }

  /** The handle of the inserted key, inserting it on a miss. */
  public long handle(K key) {
    Long h = cache.getIfPresent(key);
    if (h != null) {
      return h;
    }
    resize();
    try {
      return cache.get(
          key,
          k -> {
            try {
              return inserter.insert(k);
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new CompletionException(e);
            }
          });
    } catch (CompletionException e) {
      throw new InsertFailedException(key, e.getCause());
    } catch (RuntimeException e) {
      throw new InsertFailedException(key, e);
    } finally {
      evictIfOver();
    }
  }

  /**
   * Forgets (and destroys, on this thread) one key, e.g. after its store entry was deleted or
   * replaced. Takes no lock another key's caller waits on.
   */
  public void invalidate(K key) {
    cache.invalidate(key);
  }

  public void invalidateAll() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** Whether the key is inserted now (no insert happens). */
  public boolean isCached(K key) {
    return cache.getIfPresent(key) != null;
  }

  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** The current bound. */
  public long maximum() {
    return maximum;
  }

  /** Re-reads the capacity function and applies it, evicting at once if it shrank. */
  public void resize() {
    long bound = bound();
    if (bound != maximum) {
      synchronized (this) {
        eviction.setMaximum(bound);
        maximum = bound;
      }
      cache.cleanUp();
    } else {
      evictIfOver();
    }
  }

  /**
   * Evicts now when the cache holds more keys than its bound (a miss just added one), so the
   * partition's room is back before the caller returns; otherwise leaves the maintenance lock alone
   * (the pending read and write records are drained by a later write, at no cost to this call).
   */
  private void evictIfOver() {
    if (cache.estimatedSize() > maximum) {
      cache.cleanUp();
    }
  }

  /** Destroys every cached object. */
  @Override
  public void close() {
    invalidateAll();
  }
}
