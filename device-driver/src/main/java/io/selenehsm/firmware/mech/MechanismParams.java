package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * Typed, immutable mechanism parameters: the Java form of a CK_MECHANISM's pParameter. Records copy
 * their arrays; {@link #validate()} checks the rules that do not depend on the key and is run by
 * {@link Mechanism#of}, so a bad value surfaces as CKR_MECHANISM_PARAM_INVALID, never as an
 * unchecked exception.
 */
public sealed interface MechanismParams
    permits MechanismParams.None,
        GcmParams,
        GmacParams,
        PssParams,
        OaepParams,
        IvParams,
        CtrParams,
        MacLengthParams,
        SignatureFormatParams,
        EddsaParams,
        MlDsaParams,
        KdfParams,
        Pbkdf2Params,
        EcdhParams {

  default void validate() throws HsmException {}

  /** A mechanism without parameters (pParameter NULL). */
  enum None implements MechanismParams {
    INSTANCE
  }

  static byte[] copy(byte[] b) {
    return b == null ? new byte[0] : b.clone();
  }

  static HsmException invalid(String message) {
    return new HsmException(io.selenehsm.firmware.rc.Ckr.MECHANISM_PARAM_INVALID, message);
  }
}
