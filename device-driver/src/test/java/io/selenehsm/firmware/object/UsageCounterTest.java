package io.selenehsm.firmware.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The usage counter: striped uses without a limit, exact uses under one, one total. */
class UsageCounterTest {
  @Test
  void usesWithoutALimitFromManyThreadsAreAllCounted() throws InterruptedException {
    UsageCounter c = new UsageCounter(7);
    int threads = 4;
    int each = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < each; i++) {
                  c.count();
                }
              });
      th.start();
      started.add(th);
    }
    start.countDown();
    for (Thread th : started) {
      th.join();
    }
    assertEquals(7L + threads * each, c.get());
  }

  @Test
  void aLimitSetAfterUsesWithoutOneCountsThoseUses() {
    UsageCounter c = new UsageCounter(0);
    c.count();
    c.count();
    c.count();
    assertFalse(c.countBelow(3), "three uses already reach a limit of 3");
    assertEquals(3, c.get());
    assertTrue(c.countBelow(4));
    assertFalse(c.countBelow(4));
    assertEquals(4, c.get());
    c.uncount();
    assertEquals(3, c.get());
  }
}
