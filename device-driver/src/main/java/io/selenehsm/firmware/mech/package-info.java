/**
 * Mechanisms: the catalogue of every Cryptoki mechanism the engine offers, its key types,
 * operations, parameters and FIPS approval, and the primitives that compute it (the fastest correct
 * provider held by instance: ACCP, the JDK, Bouncy Castle); power-on self-tests.
 */
package io.selenehsm.firmware.mech;
