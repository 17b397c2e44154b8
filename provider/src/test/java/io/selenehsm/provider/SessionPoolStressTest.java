package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.internal.SessionPool;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.testing.SeleneFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session pool under attack from its own concurrency: threads borrow through {@link Token#call}
 * (one thread-local lookup for borrow and release, padded per-thread slots) while another thread
 * keeps moving the clock past the idle timeout and sweeping, so sweeps race owners for the sessions
 * parked in their slots. No session is ever lent to two callers at once, no session is lost (every
 * one opened is closed once the pool is swept), and the lent-out count returns to zero.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionPoolStressTest {
  private static final int THREADS = 4;
  private static final int CALLS = 2_000;

  @Test
  void sweepsRacingOwnersNeverShareNorLoseASession() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      Token token = f.provider().context().token(f.partitionSlot());
      SessionPool pool = token.pool();
      f.time().advance(Duration.ofHours(1));
      pool.closeIdle();
      int baseline = f.openSessionCount();

      ConcurrentHashMap<Long, Thread> inUse = new ConcurrentHashMap<>();
      Set<Long> seen = ConcurrentHashMap.newKeySet();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    go.await();
                    for (int i = 0; i < CALLS; i++) {
                      token.call(
                          (slot, session) -> {
                            Thread other = inUse.putIfAbsent(session, Thread.currentThread());
                            if (other != null) {
                              throw new AssertionError(
                                  "session " + session + " lent to " + other + " as well");
                            }
                            seen.add(session);
                            try {
                              return slot.generateRandom(session, 8);
                            } finally {
                              inUse.remove(session);
                            }
                          });
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        callers.add(th);
        th.start();
      }
      Thread sweeper =
          new Thread(
              () -> {
                try {
                  go.await();
                  while (!done.get()) {
                    f.time().advance(Duration.ofMinutes(10));
                    pool.closeIdle();
                    Thread.yield();
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      sweeper.start();
      go.countDown();
      for (Thread th : callers) {
        th.join();
      }
      done.set(true);
      sweeper.join();

      assertTrue(failures.isEmpty(), () -> "failures: " + failures);
      assertEquals(0, pool.borrowedCount(), "every borrowed session came back");
      assertTrue(seen.size() > 1, "the sweeps made the threads open fresh sessions");
      f.time().advance(Duration.ofHours(1));
      pool.closeIdle();
      assertEquals(0, pool.idleCount(), "the sweep closed every idle session");
      assertEquals(baseline, f.openSessionCount(), "no session was lost open");
    }
  }
}
