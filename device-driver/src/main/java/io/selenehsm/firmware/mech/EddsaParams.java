package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * CK_EDDSA_PARAMS: pre-hash flag (Ed25519ph/Ed448ph) and an optional context (at most 255 bytes).
 */
public record EddsaParams(boolean preHash, byte[] context) implements MechanismParams {
  public EddsaParams {
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
          "EdDSA context length " + context.length + " bytes: must be at most 255");
    }
  }
}
