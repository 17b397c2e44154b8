package io.selenehsm.firmware.rc;

import java.util.Objects;

/** A return code raised by the host client library itself rather than by the HSM. */
public record LibraryCode(long code, String description) {
  public LibraryCode {
    Objects.requireNonNull(description, "description");
  }
}
