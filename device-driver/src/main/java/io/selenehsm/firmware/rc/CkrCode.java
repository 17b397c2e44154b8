package io.selenehsm.firmware.rc;

import java.util.Objects;

/** One Cryptoki return code the catalogue knows: its value and its {@code CKR_*} name. */
public record CkrCode(long code, String name) {
  public CkrCode {
    Objects.requireNonNull(name, "name");
  }

  /** True for codes in the PKCS#11 vendor range, i.e. not defined by the standard. */
  public boolean isVendorDefined() {
    return ReturnCodes.isVendorDefined(code);
  }
}
