package io.selenehsm.firmware.time;

import java.time.Instant;

/**
 * The one source of time for the engine, the driver, HA groups and the provider: a monotonic
 * nanosecond reading for deadlines and idle timers, the wall clock for what is stamped (audit
 * records, creation times, CK_DATE), and schedulers for background work. Everything that reads or
 * waits on time takes one of these, so a test drives all of it with one {@link FakeTime}.
 *
 * <p>Implementations are thread-safe: every reading may come from any thread.
 */
public interface TimeSource {
  /** A monotonic reading in nanoseconds; only differences between readings mean anything. */
  long nanoTime();

  /**
   * A monotonic reading like {@link #nanoTime()} that may lag it by some milliseconds (about 10),
   * for hot paths whose timers count in seconds (command timeouts, idle sessions). Compare it only
   * with readings of this method or allow for the lag.
   */
  default long coarseNanoTime() {
    return nanoTime();
  }

  /** The wall-clock time. */
  Instant instant();

  /** The wall-clock time in milliseconds since the epoch. */
  default long millis() {
    return instant().toEpochMilli();
  }

  /**
   * A scheduler for one component's background work; {@code name} names its thread where it has
   * one.
   */
  Scheduler scheduler(String name);

  /**
   * This time source with scheduling switched off: tasks are accepted and never run. For objects
   * that live for one command and must leave nothing running behind them.
   */
  default TimeSource withoutScheduling() {
    TimeSource base = this;
    return new TimeSource() {
      @Override
      public long nanoTime() {
        return base.nanoTime();
      }

      @Override
      public long coarseNanoTime() {
        return base.coarseNanoTime();
      }

      @Override
      public Instant instant() {
        return base.instant();
      }

      @Override
      public Scheduler scheduler(String name) {
        return (task, delay) -> () -> {};
      }
    };
  }

  /** The system's monotonic timer and UTC clock; each scheduler is one daemon thread. */
  static TimeSource system() {
    return SystemTime.INSTANCE;
  }
}
