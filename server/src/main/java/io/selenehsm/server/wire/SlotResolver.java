package io.selenehsm.server.wire;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.HsmException;

/** Resolves a {@link SlotRef} to a slot, on the server side. */
@FunctionalInterface
public interface SlotResolver {
  Slot slot(int serverSlotId) throws HsmException;
}
