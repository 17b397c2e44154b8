package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/** A digest operation (C_Digest*). Not thread-safe. */
public interface Digester {
  void update(byte[] data, int offset, int length) throws HsmException;

  default void update(byte[] data) throws HsmException {
    update(data, 0, data.length);
  }

  byte[] digest() throws HsmException;

  default byte[] digest(byte[] data) throws HsmException {
    update(data, 0, data.length);
    return digest();
  }
}
