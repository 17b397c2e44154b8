package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.HsmException;

/** One engine command, run by {@link Device#call} on the caller's thread. */
@FunctionalInterface
public interface Command<T> {
  T run(Hsm hsm) throws HsmException;
}
