package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;

/**
 * The slots the shell administers: the driver's slot table seen through the two calls the shell
 * needs. The list is read afresh for every command, since creating or deleting a partition
 * changes it.
 */
public interface SlotDirectory {

  /** The slots as the slot table presents them, in slot-id order. */
  List<SlotInfo> list() throws HsmException;

  /** The slot with this id; {@code CKR_SLOT_ID_INVALID} when there is none. */
  Slot slot(int id) throws HsmException;
}
