package io.selenehsm.device;

/**
 * One row of the slot table: the slot's id, what it is, and the token in it (if present). {@code
 * partitionId} is 0 for an admin slot and -1 where no partition applies.
 */
public record SlotInfo(
    int slotId,
    Kind kind,
    boolean tokenPresent,
    String label,
    String tokenSerial,
    String deviceSerial,
    String model,
    int partitionId,
    String status) {

  public enum Kind {
    ADMIN,
    APPLICATION,
    BACKUP_PLACEHOLDER,
    HA_VIRTUAL
  }
}
