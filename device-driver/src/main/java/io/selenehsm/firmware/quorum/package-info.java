/**
 * Multifactor quorum: M-of-N secret splitting over GF(256), the emulated iKeys that hold the
 * shares, the PED that collects them, and the checks that turn a quorum into a login.
 */
package io.selenehsm.firmware.quorum;
