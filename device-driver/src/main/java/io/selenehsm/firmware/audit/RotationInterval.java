package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * How often buffered records are rotated out to a file. Periods are calendar periods in UTC (the
 * log's timestamps are UTC too): a daily rotation happens at the first record or tick on or after
 * midnight UTC, a weekly one after Monday 00:00, a monthly one after the 1st 00:00.
 */
public enum RotationInterval {
  HOURLY,
  DAILY,
  WEEKLY,
  MONTHLY,
  NEVER;

  public String token() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The first period boundary strictly after {@code t}, or {@link Instant#MAX} for never. */
  public Instant nextBoundary(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    switch (this) {
      case HOURLY:
        return z.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
      case DAILY:
        return z.truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant();
      case WEEKLY:
        return z.truncatedTo(ChronoUnit.DAYS)
            .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
            .toInstant();
      case MONTHLY:
        return z.truncatedTo(ChronoUnit.DAYS)
            .with(TemporalAdjusters.firstDayOfNextMonth())
            .toInstant();
      case NEVER:
        return Instant.MAX;
      default:
        throw new AssertionError(this);
    }
  }

  public static RotationInterval fromToken(String token) throws HsmException {
    for (RotationInterval i : values()) {
      if (i.token().equals(token)) {
        return i;
      }
    }
    throw new HsmException(
        Ckr.ARGUMENTS_BAD,
        "Unknown rotation interval '"
            + token
            + "'; expected hourly, daily, weekly, monthly or never");
  }
}
