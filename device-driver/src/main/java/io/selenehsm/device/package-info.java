/**
 * The driver: devices ({@link io.selenehsm.device.Device}, {@link
 * io.selenehsm.device.DeviceManager}), the slot table built from {@code selene.conf}, command
 * timeouts and fault injection, and the Slot API as typed calls ({@link io.selenehsm.device.Slot},
 * {@link io.selenehsm.device.SlotCall} and its eight families). Everything above the driver — the
 * HA router, the provider, the shell — reaches the engine only through a {@code Slot}.
 */
package io.selenehsm.device;
