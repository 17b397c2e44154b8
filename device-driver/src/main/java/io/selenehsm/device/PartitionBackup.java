package io.selenehsm.device;

import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.clone.BackupPayloads;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.clone.TargetSecurity;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;

/**
 * {@code partition archive backup} and {@code restore} between a partition's slot and a Backup HSM
 * 7's admin slot, driven through Slot calls only: each end may be a {@link DeviceSlot} of this
 * process or a slot another process or host serves (the Remote Backup Service). Payloads cross
 * between the two encrypted to the device that opens them; the library only carries them.
 *
 * <p>{@code remote} says the two ends are not in one process (or one server): the partition's HSM
 * then needs HSM policy 16 (allow network replication), which it checks itself. A Backup HSM
 * attached to the partition's own host is always allowed.
 */
public final class PartitionBackup {
  private PartitionBackup() {}

  /** Backs up {@code partition}'s objects (V0) or SMK (V1) into {@code container}. */
  public static BackupReport backup(
      Slot partition,
      long session,
      Slot backupSlot,
      long backupSession,
      String container,
      boolean append,
      boolean remote)
      throws HsmException {
    requireBackupAdminSlot(backupSlot);
    byte[] to = backupSlot.cloningTarget(backupSession);
    BackupPayloads out = partition.backupOut(session, to, remote);
    return backupSlot.storeBackup(
        backupSession, container, out.sourcePartition(), out.payloads(), append);
  }

  /** Restores {@code container}: adds the objects {@code partition} lacks. */
  public static BackupReport restore(
      Slot partition,
      long session,
      Slot backupSlot,
      long backupSession,
      String container,
      boolean remote)
      throws HsmException {
    requireBackupAdminSlot(backupSlot);
    TargetSecurity security = partition.restoreSecurity();
    byte[] to = partition.cloningTarget(session);
    List<byte[]> payloads = backupSlot.fetchBackup(backupSession, container, security, to);
    return partition.restoreIn(session, container, payloads, remote);
  }

  /**
   * Refuses a slot that is not a Backup HSM 7's admin slot, asking the slot what it shows (a slot
   * served elsewhere answers from the server).
   */
  static void requireBackupAdminSlot(Slot slot) throws HsmException {
    SlotInfo info = slot.info();
    if (info.kind() != SlotInfo.Kind.ADMIN
        || !HsmModel.BACKUP_HSM_7.displayName().equals(info.model())) {
      throw new HsmException(
          Ckr.SLOT_ID_INVALID,
          "slot " + slot.slotId() + " is not the admin slot of a Luna Backup HSM 7");
    }
  }
}
