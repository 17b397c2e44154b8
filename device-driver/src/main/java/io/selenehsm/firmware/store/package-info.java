/**
 * The device's non-volatile storage ("flash"): an append-only log of sealed records, committed
 * atomically and fsynced per command, replayed at power-on, halting the device on corruption; the
 * device KEK and the optional external master key; the lock that keeps a second process out.
 */
package io.selenehsm.firmware.store;
