package io.selenehsm.sks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
  private final LongSupplier capacity;
  private final Inserter<K> inserter;

  public InsertedKeyCache(LongSupplier capacity, Inserter<K> inserter, Destroyer<K> destroyer) {
    this.capacity = Objects.requireNonNull(capacity, "capacity");
    this.inserter = Objects.requireNonNull(inserter, "inserter");
    Objects.requireNonNull(destroyer, "destroyer");
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(bound())
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
      cache.cleanUp();
    }
  }

  /** Forgets (and destroys) one key, e.g. after its store entry was deleted or replaced. */
  public void invalidate(K key) {
    cache.invalidate(key);
    cache.cleanUp();
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
    return cache.policy().eviction().orElseThrow().getMaximum();
  }

  /** Re-reads the capacity function and applies it, evicting at once if it shrank. */
  public void resize() {
    cache.policy().eviction().ifPresent(e -> e.setMaximum(bound()));
    cache.cleanUp();
  }

  /** Destroys every cached object. */
  @Override
  public void close() {
    invalidateAll();
  }
}
