package io.selenehsm.firmware;

import io.selenehsm.firmware.time.Scheduler;
import io.selenehsm.firmware.time.TimeSource;
import java.time.Duration;
import java.time.Instant;

/**
 * The time the audit log stamps records with: the device's time source plus an offset that {@code
 * audit time sync} sets, so the host can correct the HSM's clock without touching the time the rest
 * of the engine uses (lockout timers, partition creation times). Monotonic readings and scheduling
 * pass through unchanged.
 */
final class AuditClock implements TimeSource {
  private final TimeSource base;
  private volatile Duration offset = Duration.ZERO;

  AuditClock(TimeSource base) {
    this.base = base;
  }

  Duration offset() {
    return offset;
  }

  void setOffset(Duration d) {
    offset = d;
  }

  /** Sets the offset so that now reads {@code hostTime}. */
  void syncTo(Instant hostTime) {
    offset = Duration.between(base.instant(), hostTime);
  }

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
    return base.instant().plus(offset);
  }

  @Override
  public Scheduler scheduler(String name) {
    return base.scheduler(name);
  }
}
