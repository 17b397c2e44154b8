/**
 * The lifecycle table: every administrative action (init, zeroize, factory reset, destructive
 * policy changes) and what it destroys, and the HSM and partition states it moves between. The
 * engine's {@code Lifecycle} applies the rows; the tests check the device against them.
 */
package io.selenehsm.firmware.lifecycle;
