package io.selenehsm.firmware.time;

import java.time.Duration;

/**
 * Runs background work (an HA group's member recovery, say) after a delay. Obtained from a {@link
 * TimeSource}, so the delay elapses on that source's time: real time in production, {@link
 * FakeTime#advance} in tests.
 */
@FunctionalInterface
public interface Scheduler {
  /** A scheduled task that may still be cancelled. */
  interface Task {
    void cancel();
  }

  Task schedule(Runnable task, Duration delay);
}
