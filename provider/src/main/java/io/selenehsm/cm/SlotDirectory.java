package io.selenehsm.cm;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The slots the shell administers: the driver's slot table seen through the two calls the shell
 * needs. The list is read afresh for every command, since creating or deleting a partition changes
 * it.
 */
interface SlotDirectory {

  /** The slots as the slot table presents them, in slot-id order. */
  List<SlotInfo> list() throws HsmException;

  /** The slot with this id; {@code CKR_SLOT_ID_INVALID} when there is none. */
  Slot slot(int id) throws HsmException;

  /**
   * The {@code selene.conf} the slots were opened from, which {@code hagroup} commands edit so the
   * next process sees the groups; empty when there is no file to write.
   */
  default Optional<Path> configFile() {
    return Optional.empty();
  }

  /**
   * SELENE_HOME of the devices: where the device service that serves them keeps its identity and
   * client registry ({@code client}, {@code ntls}) and where {@code clientconfig deploy} puts a
   * client's certificates; empty when the shell was given devices without one.
   */
  default Optional<Path> seleneHome() {
    return Optional.empty();
  }

  /**
   * The device services whose devices these slots are: the same-host server the shell attached to,
   * network servers; empty when the shell runs every device itself.
   */
  default List<AttachedDevices> served() {
    return List.of();
  }

  /** What the shell prints on start: the configuration in use and the devices it declares. */
  default List<String> banner() {
    return List.of();
  }
}
