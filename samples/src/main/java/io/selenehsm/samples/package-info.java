/**
 * Runnable samples: the demo, the getting-started program, one sample per family of provider calls
 * (key generation, signatures, ciphers, MACs, wrapping, persistence, slots and logins), and the TLS
 * servers (Jetty) with keys in a partition.
 */
package io.selenehsm.samples;
