package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** One implementation class serves both directions; this resolves the shared defaults. */
interface SignatureOperation extends Signer, Verifier {
  @Override
  default void update(byte[] data) throws HsmException {
    update(data, 0, data.length);
  }
}
