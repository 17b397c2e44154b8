package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * CK_RSA_PKCS_PSS_PARAMS. For the hashing PSS mechanisms {@code hash} must match the mechanism's
 * own hash (checked when the operation starts).
 */
public record PssParams(Hash hash, Hash mgfHash, int saltLength) implements MechanismParams {
  @Override
  public void validate() throws HsmException {
    if (hash == null || mgfHash == null) {
      throw MechanismParams.invalid("PSS hash and MGF1 hash must both be given");
    }
    if (saltLength < 0) {
      throw MechanismParams.invalid("PSS salt length " + saltLength + ": must not be negative");
    }
  }
}
