package io.selenehsm.firmware.mech;

/**
 * How ECDSA and DSA signatures are encoded. PKCS#11 specifies the raw IEEE P1363 form r||s (the
 * default when a mechanism has no parameters); DER (the JCA and X.509 form) is a Selene extension
 * for callers that want it.
 */
public enum SignatureFormatParams implements MechanismParams {
  P1363,
  DER
}
