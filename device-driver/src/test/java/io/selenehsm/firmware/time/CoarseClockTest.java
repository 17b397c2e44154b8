package io.selenehsm.firmware.time;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CoarseClockTest {
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

  @Test
  void neverAheadOfTheRealClockAndNeverBackwardsAcrossThreads() throws Exception {
    CoarseClock clock = new CoarseClock();
    AtomicReference<String> broken = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) {
      Thread reader =
          new Thread(
              () -> {
                long last = Long.MIN_VALUE;
                for (int i = 0; i < 200_000; i++) {
                  long coarse = clock.nanoTime();
                  long real = System.nanoTime();
                  if (coarse - real > 0) {
                    broken.compareAndSet(null, "coarse " + coarse + " ahead of real " + real);
                  }
                  if (last != Long.MIN_VALUE && coarse - last < 0) {
                    broken.compareAndSet(null, "went back from " + last + " to " + coarse);
                  }
                  last = coarse;
                }
                done.countDown();
              });
      reader.start();
    }
    assertTrue(done.await(60, TimeUnit.SECONDS));
    assertTrue(broken.get() == null, broken::get);
  }

  @Test
  void followsTheRealClock() {
    CoarseClock clock = new CoarseClock();
    long before = System.nanoTime();
    clock.nanoTime(); // starts the ticker
    long deadline = before + WAIT_NANOS;
    while (clock.nanoTime() - (before + TimeUnit.MILLISECONDS.toNanos(20)) < 0) {
      assertTrue(System.nanoTime() - deadline < 0, "the coarse clock stopped advancing");
      Thread.onSpinWait();
    }
  }

  @Test
  void tickerStopsWhenUnusedAndRestartsOnTheNextReading() throws Exception {
    CoarseClock clock = new CoarseClock();
    long first = clock.nanoTime();
    Thread ticker = clock.ticker();
    ticker.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
    assertFalse(ticker.isAlive(), "the ticker kept running with no reader");
    long restarted = clock.nanoTime();
    assertTrue(restarted - first > 0, "a reading after a restart is later than before it");
    assertTrue(restarted - System.nanoTime() <= 0);
  }
}
