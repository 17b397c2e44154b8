package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** The IV of a CBC mode: 16 bytes for AES, 8 for DES3 (checked against the cipher's block). */
public record IvParams(byte[] iv) implements MechanismParams {
  public IvParams {
    iv = MechanismParams.copy(iv);
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (iv.length != 8 && iv.length != 16) {
      throw MechanismParams.invalid(
          "IV length " + iv.length + " bytes: must be the cipher block size (8 or 16)");
    }
  }
}
