package io.selenehsm.firmware;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time the audit log stamps records with: the device clock plus an offset that {@code audit
 * time sync} sets, so the host can correct the HSM's clock without touching the device clock the
 * rest of the engine uses (lockout timers, partition creation times).
 */
final class AuditClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  AuditClock(Clock base) {
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
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
