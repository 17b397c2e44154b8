package io.selenehsm.firmware.time;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Production time: {@link System#nanoTime()} (and a {@link CoarseClock} over it), the UTC clock,
 * one daemon thread per scheduler.
 */
final class SystemTime implements TimeSource {
  static final SystemTime INSTANCE = new SystemTime();

  private final CoarseClock coarse = new CoarseClock();

  private SystemTime() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long coarseNanoTime() {
    return coarse.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public Scheduler scheduler(String name) {
    // Daemon: a scheduler never keeps the JVM alive; its owner's close() cancels what it needs to.
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    return (task, delay) -> {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }

  @Override
  public String toString() {
    return "system time";
  }
}
