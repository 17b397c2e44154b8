/**
 * Scalable Key Storage inside the HSM: the SKS master keys (SMK slots with rollover), the sealed
 * blob format with its integrity and per-key authorization, and the key derivation behind it.
 */
package io.selenehsm.firmware.sks;
