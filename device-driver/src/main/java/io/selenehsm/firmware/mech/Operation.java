package io.selenehsm.firmware.mech;

/** What a mechanism can be used for (the CKF_* operation flags of CK_MECHANISM_INFO). */
public enum Operation {
  ENCRYPT,
  DECRYPT,
  SIGN,
  VERIFY,
  WRAP,
  UNWRAP,
  DERIVE,
  GENERATE,
  GENERATE_KEY_PAIR,
  DIGEST,
  ENCAPSULATE,
  DECAPSULATE
}
