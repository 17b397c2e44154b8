package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** CK_SIGN_ADDITIONAL_CONTEXT for pure ML-DSA: the FIPS 204 context string (at most 255 bytes). */
public record MlDsaParams(byte[] context) implements MechanismParams {
  public MlDsaParams {
    context = MechanismParams.copy(context);
  }

  @Override
  public byte[] context() {
    return context.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (context.length > 255) {
      throw MechanismParams.invalid(
          "ML-DSA context length " + context.length + " bytes: FIPS 204 allows at most 255");
    }
  }
}
