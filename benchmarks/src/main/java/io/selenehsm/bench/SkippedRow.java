package io.selenehsm.bench;

/**
 * Thrown from a trial's setup when a route cannot run a row (no SoftHSM2 token configured, ACCP did
 * not load, the provider lacks the algorithm). JMH reports the trial as failed with this message
 * and moves on; the report lists the row as skipped. No stack trace: the message says it.
 */
final class SkippedRow extends RuntimeException {
  SkippedRow(Route route, Row row, String why) {
    super("SKIPPED " + route.id + " / " + row.title + ": " + why, null, false, false);
  }
}
