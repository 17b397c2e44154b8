package io.selenehsm.firmware.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SystemTimeTest {
  private final TimeSource system = TimeSource.system();

  @Test
  void readsTheSystemClocks() {
    long n0 = System.nanoTime();
    Instant w0 = Instant.now();
    long n = system.nanoTime();
    Instant w = system.instant();
    long n1 = System.nanoTime();
    assertTrue(n0 <= n && n <= n1, "monotonic reading between two System.nanoTime calls");
    assertFalse(w.isBefore(w0), "wall clock not behind the system's");
    assertTrue(Duration.between(w0, w).compareTo(Duration.ofSeconds(5)) < 0);
    assertTrue(Math.abs(system.millis() - System.currentTimeMillis()) < 5_000);
  }

  @Test
  void itsSchedulerRunsATaskAfterItsDelayOnANamedDaemonThread() throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    long start = System.nanoTime();
    system
        .scheduler("selene-time-test")
        .schedule(() -> ran.complete(Thread.currentThread()), Duration.ofMillis(50));
    Thread t = ran.get(10, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before due");
    assertEquals("selene-time-test", t.getName());
    assertTrue(t.isDaemon(), "a scheduler never keeps the JVM alive");
  }

  @Test
  void aCancelledTaskDoesNotRun() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Scheduler s = system.scheduler("selene-time-cancel");
    s.schedule(ran::countDown, Duration.ofMillis(100)).cancel();
    CountDownLatch after = new CountDownLatch(1);
    s.schedule(after::countDown, Duration.ofMillis(200));
    assertTrue(after.await(10, TimeUnit.SECONDS));
    assertEquals(1, ran.getCount(), "the cancelled task never ran");
  }
}
