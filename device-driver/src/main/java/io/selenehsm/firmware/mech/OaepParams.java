package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** CK_RSA_PKCS_OAEP_PARAMS with source CKZ_DATA_SPECIFIED (the label). */
public record OaepParams(Hash hash, Hash mgfHash, byte[] label) implements MechanismParams {
  public OaepParams {
    label = MechanismParams.copy(label);
  }

  @Override
  public byte[] label() {
    return label.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (hash == null || mgfHash == null) {
      throw MechanismParams.invalid("OAEP hash and MGF1 hash must both be given");
    }
  }
}
