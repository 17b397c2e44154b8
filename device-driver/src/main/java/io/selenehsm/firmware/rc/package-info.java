/**
 * Return codes: the standard and vendor-defined {@code CKR_*} codes with their names and meanings,
 * and {@link io.selenehsm.firmware.rc.HsmException}, the one error every engine command fails with.
 */
package io.selenehsm.firmware.rc;
