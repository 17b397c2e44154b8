package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The copy-on-write session table against a plain map as the model: after any sequence of opens,
 * closes, close-alls and device restarts it owns exactly the model's handles of the current
 * generation, and a handle of an older generation is never owned. Concurrent opens and closes lose
 * no handle and resurrect none.
 */
class SlotSessionsProperties {
  /** Steps: kind 0 opens, 1 closes, 2 closes all of an application, 3 restarts the device. */
  @Property(tries = 300)
  void ownsExactlyWhatTheModelHolds(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 3) Integer> kinds,
      @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 40) Integer> handles,
      @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 3) Integer> apps) {
    SlotSessions table = new SlotSessions();
    Map<Long, Long> model = new HashMap<>();
    long generation = 0;
    int n = Math.min(kinds.size(), Math.min(handles.size(), apps.size()));
    for (int k = 0; k < n; k++) {
      long h = handles.get(k);
      long app = apps.get(k);
      switch (kinds.get(k)) {
        case 0 -> {
          table.add(generation, h, app);
          model.put(h, app);
        }
        case 1 -> {
          table.remove(generation, h);
          model.remove(h);
        }
        case 2 -> {
          table.removeApp(generation, app);
          model.values().removeIf(a -> a == app);
        }
        default -> {
          generation++;
          model.clear();
        }
      }
      for (long x = 1; x <= 40; x++) {
        assertEquals(model.containsKey(x), table.owns(generation, x), "handle " + x);
        if (generation > 0) {
          assertFalse(table.owns(generation - 1, x), "an older generation owns nothing");
        }
      }
      assertEquals(model.size(), table.size(generation));
      assertFalse(table.owns(generation, 0), "0 is no session's handle");
    }
  }

  @Test
  void concurrentOpensAndClosesLoseNothing() throws Exception {
    SlotSessions table = new SlotSessions();
    int threads = 4;
    int perThread = 500;
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Set<Long> kept = ConcurrentHashMap.newKeySet();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (t + 1) * 1_000_000L;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (long i = 0; i < perThread; i++) {
                    long h = base + i;
                    table.add(0, h, 7);
                    if (!table.owns(0, h)) {
                      throw new AssertionError("handle " + h + " lost right after its open");
                    }
                    if (i % 2 == 0) {
                      table.remove(0, h);
                      if (table.owns(0, h)) {
                        throw new AssertionError("handle " + h + " owned after its close");
                      }
                    } else {
                      kept.add(h);
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      all.add(th);
      th.start();
    }
    go.countDown();
    for (Thread th : all) {
      th.join();
    }
    assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    assertEquals(kept.size(), table.size(0));
    for (long h : kept) {
      assertTrue(table.owns(0, h), "handle " + h);
    }
  }
}
