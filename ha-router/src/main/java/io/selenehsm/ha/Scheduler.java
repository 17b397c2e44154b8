package io.selenehsm.ha;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the HA group's background work (member recovery) after a delay. Injected so tests can run
 * due tasks by hand, with no sleeping; production uses one daemon thread.
 */
@FunctionalInterface
public interface Scheduler {
  /** A scheduled task that may still be cancelled. */
  interface Task {
    void cancel();
  }

  Task schedule(Runnable task, Duration delay);

  /** A scheduler on one daemon thread named {@code name}. */
  static Scheduler daemon(String name) {
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
}
