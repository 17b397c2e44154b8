package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** CK_MAC_GENERAL_PARAMS: output length in bytes of a *_GENERAL MAC mechanism. */
public record MacLengthParams(int lengthBytes) implements MechanismParams {
  @Override
  public void validate() throws HsmException {
    if (lengthBytes < 1) {
      throw MechanismParams.invalid("MAC length " + lengthBytes + " bytes: must be at least 1");
    }
  }
}
