package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** The IV of CKM_AES_GMAC (the MAC covers the data as GCM additional data). */
public record GmacParams(byte[] iv) implements MechanismParams {
  public GmacParams {
    iv = MechanismParams.copy(iv);
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (iv.length == 0 || iv.length > GcmParams.MAX_IV_BYTES) {
      throw MechanismParams.invalid(
          "GMAC IV length " + iv.length + " bytes: must be 1 to " + GcmParams.MAX_IV_BYTES);
    }
  }
}
