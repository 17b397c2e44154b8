package io.selenehsm.provider.internal;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.HsmException;

/** One Slot API call made with a session the token lends for its duration. */
@FunctionalInterface
public interface SessionCall<T> {
  T run(Slot slot, long session) throws HsmException;
}
