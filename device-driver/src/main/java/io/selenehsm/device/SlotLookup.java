package io.selenehsm.device;

import io.selenehsm.firmware.rc.HsmException;

/** Finds a slot by id; unknown ids answer {@code CKR_SLOT_ID_INVALID}. */
@FunctionalInterface
interface SlotLookup {
  Slot slot(int id) throws HsmException;
}
