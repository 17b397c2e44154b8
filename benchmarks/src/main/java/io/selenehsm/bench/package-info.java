/**
 * JMH benchmarks of the same operations over every route: the engine, the Selene provider, the JDK,
 * Bouncy Castle, ACCP and SunPKCS11 over SoftHSM2, plus the HA group's overhead; run by {@code
 * scripts/bench.sh}.
 */
package io.selenehsm.bench;
