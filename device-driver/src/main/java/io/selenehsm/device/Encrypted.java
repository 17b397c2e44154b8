package io.selenehsm.device;

import io.selenehsm.firmware.HsmCrypto;

/**
 * The result of a single-part encryption: an IV the HSM generated (or empty) and the ciphertext.
 */
public record Encrypted(byte[] generatedIv, byte[] ciphertext) {
  static Encrypted of(HsmCrypto.Encrypted e) {
    return new Encrypted(e.generatedIv(), e.ciphertext());
  }
}
