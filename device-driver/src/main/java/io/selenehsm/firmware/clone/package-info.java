/**
 * Cloning and backup payloads: what moves between partitions and to a Backup HSM, encrypted to the
 * target device's key ({@code TargetEnvelope}, {@code DeviceKey}) and authorised by the cloning
 * domain; the firmware-version and partition-kind rules that decide whether a restore is allowed.
 * It depends on nothing else of the engine but its return codes and primitives.
 */
package io.selenehsm.firmware.clone;
