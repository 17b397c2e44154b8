package io.selenehsm.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of {@link InsertedKeyCache} under concurrent misses, hits and invalidations (the cold
 * keys of two threads): every object the fake partition holds is one the cache holds, none is
 * destroyed twice or while still cached, the bound holds once the callers return, and a handle a
 * caller gets names the key it asked for.
 */
class InsertedKeyCacheProperties {

  /** One step of a caller: look a key up (inserting on a miss) or invalidate it. */
  record Step(boolean invalidate, int key) {}

  @Provide
  Arbitrary<List<List<Step>>> callers() {
    Arbitrary<Step> step =
        Arbitraries.integers()
            .between(0, 9)
            .flatMap(k -> Arbitraries.of(true, false, false).map(inv -> new Step(inv, k)));
    return step.list().ofMinSize(1).ofMaxSize(60).list().ofMinSize(2).ofMaxSize(3);
  }

  @Property(tries = 60)
  void concurrentCallersKeepThePartitionAndTheCacheInStep(
      @ForAll("callers") List<List<Step>> callers, @ForAll @IntRange(min = 1, max = 6) int bound)
      throws Exception {
    Map<Long, String> live = new ConcurrentHashMap<>();
    Set<Long> destroyed = ConcurrentHashMap.newKeySet();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong next = new AtomicLong(1);
    InsertedKeyCache<String> cache =
        new InsertedKeyCache<>(
            () -> bound,
            alias -> {
              long h = next.getAndIncrement();
              live.put(h, alias);
              return h;
            },
            (alias, handle) -> {
              if (!alias.equals(live.remove(handle))) {
                violations.add("destroyed " + handle + " (" + alias + ") that was not live");
              }
              if (!destroyed.add(handle)) {
                violations.add("destroyed " + handle + " twice");
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(callers.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> runs = new ArrayList<>();
      for (List<Step> steps : callers) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (Step s : steps) {
                    String alias = "k" + s.key();
                    if (s.invalidate()) {
                      cache.invalidate(alias);
                    } else {
                      long h = cache.handle(alias);
                      String owner = live.get(h);
                      // Another caller may evict it at once; while live it is this key's object.
                      if (owner != null && !owner.equals(alias)) {
                        violations.add("handle " + h + " of " + owner + " returned for " + alias);
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : runs) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
      long size = cache.size();
      assertTrue(size <= bound, "the cache holds " + size + " keys over its bound " + bound);
      Map<String, Long> cached = new java.util.HashMap<>();
      for (int k = 0; k < 10; k++) {
        String alias = "k" + k;
        if (cache.isCached(alias)) {
          cached.put(alias, cache.handle(alias));
        }
      }
      assertEquals(
          live.entrySet().stream()
              .map(e -> Tuple.of(e.getValue(), e.getKey()))
              .collect(Collectors.toSet()),
          cached.entrySet().stream()
              .map(e -> Tuple.of(e.getKey(), e.getValue()))
              .collect(Collectors.toSet()),
          "the partition holds exactly the cached objects");
    } finally {
      pool.shutdownNow();
      cache.close();
    }
    assertTrue(live.isEmpty(), "close destroys every cached object: " + live);
    assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
  }
}
