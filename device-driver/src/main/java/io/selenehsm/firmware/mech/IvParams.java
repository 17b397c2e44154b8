package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * An IV: for CBC the block size (16 bytes for AES, 8 for DES3); for AES key wrap the initial value
 * of RFC 3394 (8 bytes) or RFC 5649 (4 bytes, the alternative IV's leading half). Each mechanism
 * checks the length it needs.
 */
public record IvParams(byte[] iv) implements MechanismParams {
  public IvParams {
    iv = MechanismParams.copy(iv);
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  /**
   * The IV itself, not a copy, for the mechanism layer, which only reads it: the constructor's copy
   * is the one defensive copy a parameter set needs.
   */
  byte[] ivView() {
    return iv;
  }

  @Override
  public void validate() throws HsmException {
    if (iv.length != 4 && iv.length != 8 && iv.length != 16) {
      throw MechanismParams.invalid(
          "IV length "
              + iv.length
              + " bytes: must be 16 or 8 (the"
              + " block size, CBC), 8 (AES key wrap) or 4 (AES key wrap with padding)");
    }
  }
}
