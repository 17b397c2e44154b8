package io.selenehsm.bench;

/** One measured operation of a row on a route, owned by one benchmark thread. */
interface Op {
  /** Runs the operation once; the result goes to JMH's blackhole. */
  Object run() throws Exception;

  /** Releases what the iteration's operations created (generated key objects). */
  default void afterIteration() throws Exception {}

  default void close() throws Exception {}
}
