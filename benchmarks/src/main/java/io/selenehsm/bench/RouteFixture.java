package io.selenehsm.bench;

/** A route prepared for one row: its keys, and a factory of per-thread operations. */
interface RouteFixture extends AutoCloseable {
  Op newOp() throws Exception;

  @Override
  default void close() throws Exception {}
}
