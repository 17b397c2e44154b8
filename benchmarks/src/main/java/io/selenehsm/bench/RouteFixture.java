package io.selenehsm.bench;

/** A route prepared for one row: its keys, and a factory of per-thread operations. */
interface RouteFixture extends AutoCloseable {
  Op newOp() throws Exception;

  /** Releases what the fixture started (a served device's server and connection). */
  @Override
  default void close() {}
}
