/**
 * API. The key classes of keys held in a partition: {@link io.selenehsm.provider.key.SeleneKey} and
 * one class per family (RSA, EC, EdDSA, XDH, DSA, secret). A key is a handle to an HSM object;
 * private and sensitive values never leave the HSM.
 */
package io.selenehsm.provider.key;
