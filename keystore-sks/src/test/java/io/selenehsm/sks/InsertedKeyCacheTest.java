package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InsertedKeyCacheTest {
  /** A fake partition: inserted handles and the ones destroyed. */
  private final Map<Long, String> live = new ConcurrentHashMap<>();

  private final List<Long> destroyed = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong nextHandle = new AtomicLong(100);
  private final AtomicLong inserts = new AtomicLong();

  private long insert(String alias) {
    inserts.incrementAndGet();
    long h = nextHandle.getAndIncrement();
    live.put(h, alias);
    return h;
  }

  private void destroy(String alias, long handle) {
    assertEquals(alias, live.remove(handle));
    destroyed.add(handle);
  }

  @Test
  void aHotKeyIsInsertedOnce() {
    try (InsertedKeyCache<String> cache =
        new InsertedKeyCache<>(() -> 10, this::insert, this::destroy)) {
      long h = cache.handle("hot");
      for (int i = 0; i < 100; i++) {
        assertEquals(h, cache.handle("hot"));
      }
      assertEquals(1, inserts.get());
      assertTrue(cache.isCached("hot"));
    }
    assertTrue(live.isEmpty(), "close destroys every cached object");
  }

  @Test
  void evictionDestroysTheSessionObject() {
    InsertedKeyCache<String> cache = new InsertedKeyCache<>(() -> 3, this::insert, this::destroy);
    for (int i = 0; i < 20; i++) {
      cache.handle("k" + i);
    }
    assertEquals(3, cache.size());
    assertEquals(3, live.size(), "evicted keys are destroyed in the partition");
    assertEquals(17, destroyed.size());
    cache.close();
  }

  @Test
  void theBoundFollowsTheCapacityFunction() {
    AtomicLong capacity = new AtomicLong(8);
    InsertedKeyCache<String> cache =
        new InsertedKeyCache<>(capacity::get, this::insert, this::destroy);
    for (int i = 0; i < 8; i++) {
      cache.handle("k" + i);
    }
    assertEquals(8, cache.size());
    capacity.set(2);
    cache.resize();
    assertEquals(2, cache.maximum());
    assertEquals(2, cache.size());
    assertEquals(2, live.size());
    capacity.set(5);
    cache.handle("new");
    assertEquals(5, cache.maximum(), "a miss re-reads the capacity");
    cache.invalidate("new");
    assertFalse(cache.isCached("new"));
    assertFalse(live.containsValue("new"));
    cache.close();
  }

  @Test
  void concurrentMissesOnOneKeyInsertItOnce() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    InsertedKeyCache<String> cache =
        new InsertedKeyCache<>(
            () -> 100,
            alias -> {
              slow.await(5, TimeUnit.SECONDS);
              return insert(alias);
            },
            this::destroy);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> cache.handle("same")));
      }
      Thread.sleep(100);
      slow.countDown();
      long first = futures.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Long> f : futures) {
        assertEquals(first, f.get(10, TimeUnit.SECONDS));
      }
      assertEquals(1, inserts.get());
    } finally {
      pool.shutdownNow();
      cache.close();
    }
  }

  @Test
  void aFailedInsertIsReportedAndNotCached() {
    InsertedKeyCache<String> cache =
        new InsertedKeyCache<>(
            () -> 4,
            alias -> {
              throw new java.io.IOException("blob " + alias + " is gone");
            },
            this::destroy);
    InsertedKeyCache.InsertFailedException e =
        assertThrows(InsertedKeyCache.InsertFailedException.class, () -> cache.handle("lost"));
    assertTrue(e.getMessage().contains("blob lost is gone"), e.getMessage());
    assertFalse(cache.isCached("lost"));
    cache.close();
  }

  /**
   * Another thread's eviction holds the cache's maintenance lock while it destroys the evicted
   * object (here: until released). A caller hitting, invalidating or missing (within the bound)
   * another key must not wait for it: a parked caller loses its core and, on a busy host, waits a
   * scheduler slice for it.
   */
  @Test
  void invalidationAndHitsDoNotWaitForAnotherThreadsEviction() throws Exception {
    CountDownLatch evicting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread[] evictor = new Thread[1];
    String[] evicted = new String[1];
    InsertedKeyCache<String> cache =
        new InsertedKeyCache<>(
            () -> 2,
            this::insert,
            (alias, handle) -> {
              if (Thread.currentThread() == evictor[0] && evicting.getCount() > 0) {
                evicted[0] = alias;
                evicting.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              destroy(alias, handle);
            });
    cache.handle("a");
    cache.handle("b");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Long> third =
          pool.submit(
              () -> {
                evictor[0] = Thread.currentThread();
                return cache.handle("c");
              });
      assertTrue(evicting.await(10, TimeUnit.SECONDS), "the third key evicts one of two");
      List<String> still = new ArrayList<>();
      for (String k : List.of("a", "b", "c")) {
        if (live.containsValue(k) && !k.equals(evicted[0])) {
          still.add(k);
        }
      }
      Future<Boolean> other =
          pool.submit(
              () -> {
                String hit = still.get(0);
                cache.handle(hit);
                String gone = still.get(still.size() - 1);
                cache.invalidate(gone);
                boolean destroyed = !live.containsValue(gone);
                cache.handle(gone); // a miss that stays within the bound
                return destroyed && live.containsValue(gone);
              });
      assertTrue(
          other.get(10, TimeUnit.SECONDS),
          "the invalidated key's object is destroyed at once, and inserted again on a miss");
      assertEquals(1, release.getCount(), "done while the eviction still held its lock");
      release.countDown();
      third.get(10, TimeUnit.SECONDS);
      assertTrue(cache.size() <= 2);
      assertEquals(cache.size(), live.size(), "no object outlives its cache entry");
    } finally {
      release.countDown();
      pool.shutdownNow();
      cache.close();
    }
  }
}
