package io.selenehsm.provider.sks;

/**
 * Operations on the inserted-key caches of the SKS keystores in this JVM, by store location (as
 * written in the descriptor's {@code store:} line): count inserts, and drop inserted keys to give
 * the partition its room back (after a bulk job, or before an SMK rollover). A dropped key is
 * inserted again on its next {@code getKey}.
 */
public final class SksCache {
  private SksCache() {}

  /** Blob inserts (cache misses) made so far for keys of {@code storeLocation}. */
  public static long insertCount(String storeLocation) {
    return SksRegistry.insertCount(storeLocation);
  }

  /** Destroys the inserted copy of {@code alias} if one is cached. */
  public static void evict(String storeLocation, String alias) {
    SksRegistry.evict(storeLocation, alias);
  }

  /** Destroys every inserted copy of a key of {@code storeLocation}. */
  public static void evictAll(String storeLocation) {
    SksRegistry.evict(storeLocation, null);
  }
}
