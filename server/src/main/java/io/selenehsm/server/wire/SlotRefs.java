package io.selenehsm.server.wire;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.HsmException;

/**
 * Resolves a slot a call carries as an argument (a Backup HSM's admin slot) to its id on the
 * server, on the client side.
 */
@FunctionalInterface
public interface SlotRefs {
  int serverSlotId(Slot slot) throws HsmException;
}
