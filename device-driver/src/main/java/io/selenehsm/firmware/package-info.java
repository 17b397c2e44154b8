/**
 * The firmware engine: one emulated Luna-7-class HSM ({@link io.selenehsm.firmware.Hsm}) with its
 * admin and application partitions, sessions, objects, crypto commands ({@code HsmCrypto}), cloning
 * and backup ({@code HsmCloning}), SKS, audit and lifecycle. Every public command has Cryptoki
 * semantics and fails with a {@code CKR_*} code; the sub-packages hold the parts it is built from.
 * Nothing here knows of the driver, the HA router or the provider.
 */
package io.selenehsm.firmware;
