package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * A verification (or MAC check) already initialised with key and mechanism. A wrong signature
 * throws CKR_SIGNATURE_INVALID, a signature of impossible length CKR_SIGNATURE_LEN_RANGE.
 */
public interface Verifier {
  void update(byte[] data, int offset, int length) throws HsmException;

  default void update(byte[] data) throws HsmException {
    update(data, 0, data.length);
  }

  /** Finishes the multi-part operation (C_VerifyFinal); returns normally only when valid. */
  void verify(byte[] signature) throws HsmException;

  /** Single-part (C_Verify). */
  default void verify(byte[] data, byte[] signature) throws HsmException {
    update(data, 0, data.length);
    verify(signature);
  }
}
