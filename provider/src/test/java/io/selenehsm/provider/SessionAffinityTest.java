package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.selenehsm.provider.internal.SessionPool;
import io.selenehsm.provider.testing.SeleneFixture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's per-thread sessions: reuse on the same thread, idle expiry, ended threads. */
class SessionAffinityTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void eachThreadKeepsItsSessionAndIdleOnesClose() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SessionPool pool = f.provider().context().token(f.partitionSlot()).pool();
      f.time().advance(Duration.ofHours(1));
      pool.closeIdle();
      int baseline = f.openSessionCount();

      long first = pool.borrow();
      pool.release(first);
      assertEquals(first, pool.borrow(), "the same thread gets its session back");
      long second = pool.borrow();
      assertNotEquals(first, second, "a session is lent to one caller at a time");
      pool.release(first);
      pool.release(second);
      assertEquals(2, pool.idleCount(), "the thread's own slot and the shared deque");

      long[] other = new long[1];
      Thread t =
          new Thread(
              () -> {
                try {
                  other[0] = pool.borrow();
                  pool.release(other[0]);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      t.start();
      t.join(10_000);
      assertEquals(second, other[0], "a thread with an empty slot takes from the shared deque");
      assertEquals(2, pool.idleCount(), "and parks it in its own slot");
      assertEquals(0, pool.borrowedCount());

      f.time().advance(Duration.ofHours(1));
      assertEquals(2, pool.closeIdle(), "expired sessions of every thread close");
      assertEquals(baseline, f.openSessionCount());
      assertEquals(0, pool.idleCount());
    }
  }
}
