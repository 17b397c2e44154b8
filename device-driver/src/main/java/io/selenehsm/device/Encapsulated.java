package io.selenehsm.device;

import io.selenehsm.firmware.HsmCrypto;

/** The result of a KEM encapsulation: the ciphertext for the peer and the new secret's handle. */
public record Encapsulated(byte[] ciphertext, long secretHandle) {
  static Encapsulated of(HsmCrypto.Encapsulated e) {
    return new Encapsulated(e.ciphertext(), e.secretHandle());
  }

  /** The same result naming the secret by another handle (an HA group's virtual one). */
  public Encapsulated withSecretHandle(long handle) {
    return new Encapsulated(ciphertext, handle);
  }
}
