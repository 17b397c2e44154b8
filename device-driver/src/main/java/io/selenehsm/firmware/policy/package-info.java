/**
 * HSM and partition policies: their numbers, defaults, ranges and destructive flags as the device
 * documents them, their current values, and policy templates.
 */
package io.selenehsm.firmware.policy;
