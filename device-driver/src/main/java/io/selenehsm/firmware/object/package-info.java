/**
 * Objects and their PKCS#11 attributes: the attribute codes ({@code Cka}, {@code Cko}, {@code
 * Ckk}), attribute sets, the rules for creating, copying and modifying objects, and key separation
 * (what a key may do and what unwrap may make).
 */
package io.selenehsm.firmware.object;
