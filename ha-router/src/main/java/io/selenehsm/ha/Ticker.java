package io.selenehsm.ha;

/** A source of nanosecond readings; injected so tests control the HA group's clock. */
@FunctionalInterface
public interface Ticker {
  long nanos();

  static Ticker system() {
    return System::nanoTime;
  }
}
