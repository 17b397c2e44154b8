package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;

/** A key derivation: base key plus mechanism parameters to derived key bytes. */
public interface Deriver {
  /**
   * Derives {@code lengthBytes} bytes ({@code 0} = the mechanism's natural length, e.g. the full
   * ECDH secret or the hash length). PBKDF2 takes no base key ({@code null}).
   */
  byte[] derive(Key baseKey, int lengthBytes) throws HsmException;
}
