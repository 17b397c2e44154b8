package io.selenehsm.device;

import java.time.Duration;

/** Nanosecond arithmetic on monotonic time readings that cannot overflow for any duration. */
final class Ticks {
  /** About 73 years: far beyond any timeout, and small enough that tick + limit never wraps. */
  private static final long LIMIT = Long.MAX_VALUE / 4;

  private Ticks() {}

  static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(Duration.ofNanos(LIMIT)) >= 0 ? LIMIT : d.toNanos();
  }

  static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
