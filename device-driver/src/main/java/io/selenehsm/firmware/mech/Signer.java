package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** A signing (or MAC) operation already initialised with key and mechanism. Not thread-safe. */
public interface Signer {
  /** Multi-part: feeds data (C_SignUpdate). */
  void update(byte[] data, int offset, int length) throws HsmException;

  default void update(byte[] data) throws HsmException {
    update(data, 0, data.length);
  }

  /** Finishes the multi-part operation (C_SignFinal). The signer cannot be used afterwards. */
  byte[] sign() throws HsmException;

  /** Single-part (C_Sign). */
  default byte[] sign(byte[] data) throws HsmException {
    update(data, 0, data.length);
    return sign();
  }
}
