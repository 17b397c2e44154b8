package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;

/**
 * What entering Secure Transport Mode shows: the random user string and the verification string.
 */
public record StmStrings(String randomUserString, String verificationString) {
  static StmStrings of(Hsm.StmStrings s) {
    return new StmStrings(s.randomUserString(), s.verificationString());
  }
}
