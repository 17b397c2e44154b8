package io.selenehsm.bench;

/** A route prepared for one row: its keys, and a factory of per-thread operations. */
interface RouteFixture {
  Op newOp() throws Exception;
}
