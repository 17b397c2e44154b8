package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * CK_GCM_PARAMS. An empty {@code iv} asks the HSM to generate a 96-bit IV on encryption (it is
 * returned by the operation); decryption always needs the IV.
 */
public record GcmParams(byte[] iv, byte[] aad, int tagBits) implements MechanismParams {
  /** Longest IV accepted; GHASH handles any length but a bound keeps input sane. */
  public static final int MAX_IV_BYTES = 1024;

  public GcmParams {
    iv = MechanismParams.copy(iv);
    aad = MechanismParams.copy(aad);
  }

  public static GcmParams generatedIv(byte[] aad, int tagBits) {
    return new GcmParams(new byte[0], aad, tagBits);
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  @Override
  public byte[] aad() {
    return aad.clone();
  }

  /**
   * The IV itself, not a copy, for the mechanism layer, which only reads it: the constructor's copy
   * is the one defensive copy a parameter set needs.
   */
  byte[] ivView() {
    return iv;
  }

  /** The AAD itself, read-only for the mechanism layer (see {@link #ivView()}). */
  byte[] aadView() {
    return aad;
  }

  public boolean hsmGeneratesIv() {
    return iv.length == 0;
  }

  @Override
  public void validate() throws HsmException {
    if (tagBits < 96 || tagBits > 128 || tagBits % 8 != 0) {
      throw MechanismParams.invalid(
          "GCM tag length " + tagBits + " bits: must be a multiple of 8 from 96 to 128");
    }
    if (iv.length > MAX_IV_BYTES) {
      throw MechanismParams.invalid(
          "GCM IV length " + iv.length + " bytes: must be at most " + MAX_IV_BYTES);
    }
  }
}
