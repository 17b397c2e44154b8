package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Objects;

/**
 * A slot backed by one partition of an emulated device: the admin partition (partition 0) or an
 * application partition (1 to the model's maximum). Each method checks that it belongs on this kind
 * of slot and that session handles were issued here, then forwards to the engine through {@link
 * Device#call}. Everything runs on the caller's thread.
 *
 * <p>{@code hsmInfo()} answers on either kind of slot, since every slot of a device can report the
 * device it is on; the other admin commands need the admin slot.
 */
public final class DeviceSlot implements Slot {
  private final Device device;
  private final int slotId;
  private final int partitionId;
  private final SlotLookup table;
  private final SlotSessions sessions = new SlotSessions();

  DeviceSlot(Device device, int slotId, int partitionId, SlotLookup table) {
    if (partitionId < 0 || partitionId > device.model().maxPartitions()) {
      throw new IllegalArgumentException(
          "partition " + partitionId + " does not exist on a " + device.model().displayName());
    }
    this.device = Objects.requireNonNull(device, "device");
    this.slotId = slotId;
    this.partitionId = partitionId;
    this.table = Objects.requireNonNull(table, "table");
  }

  public Device device() {
    return device;
  }

  /** 0 for the admin slot, else the application partition's index. */
  public int partitionId() {
    return partitionId;
  }

  public boolean isAdmin() {
    return partitionId == Hsm.ADMIN_PARTITION;
  }

  @Override
  public int slotId() {
    return slotId;
  }

  /** What the slot shows now; never waits on a hung device and never throws. */
  @Override
  public SlotInfo info() {
    String serial = device.serial();
    String model = device.model().displayName();
    SlotInfo.Kind kind = isAdmin() ? SlotInfo.Kind.ADMIN : SlotInfo.Kind.APPLICATION;
    try {
      if (isAdmin()) {
        HsmInfo hsm = device.read(Hsm::info);
        return new SlotInfo(
            slotId, kind, true, hsm.label(), serial, serial, model, partitionId, hsm.status());
      }
      PartitionInfo p =
          device.read(h -> h.hasPartition(partitionId) ? h.partitionInfo(partitionId) : null);
      String tokenSerial = SlotTable.partitionSerial(serial, partitionId);
      if (p == null) {
        return new SlotInfo(
            slotId,
            kind,
            false,
            null,
            tokenSerial,
            serial,
            model,
            partitionId,
            "no partition " + partitionId + " created");
      }
      return new SlotInfo(
          slotId,
          kind,
          true,
          p.label(),
          p.serial(),
          serial,
          model,
          partitionId,
          p.initialized() ? "initialized" : "not initialized");
    } catch (HsmException e) {
      return new SlotInfo(slotId, kind, false, null, null, serial, model, partitionId, e.detail());
    }
  }

  /**
   * Runs a call: checks that it belongs on this kind of slot, then lets it reach the engine through
   * {@link #command}, which checks its session and applies its command class. Session handles this
   * slot issues and closes are kept in its session table.
   */
  @Override
  public <R> R call(SlotCall<R> call) throws HsmException {
    CallType type = call.type(); // looked up once: scope, command class and kind come from it
    switch (type.scope()) {
      case ADMIN -> requireAdmin(type.command());
      case APPLICATION -> requireApplication(type.command());
      case EITHER -> {}
    }
    long generation = device.generation();
    R result = call.run(new EngineAccess(this, call.session(), type.commandClass()));
    if (type.kind() != CallKind.SESSION) {
      return result;
    }
    if (call instanceof LoginCall.OpenSession open) {
      sessions.add(generation, (Long) result, open.appId());
    } else if (call instanceof LoginCall.CloseSession close) {
      sessions.remove(device.generation(), close.session());
    } else if (call instanceof LoginCall.CloseAllSessions close) {
      sessions.removeApp(device.generation(), close.appId());
    }
    return result;
  }

  /** Runs an engine command for a call, on its session when it has one. */
  <T> T command(long session, CommandClass cls, Command<T> command) throws HsmException {
    if (session == SlotCall.NO_SESSION) {
      return device.call(cls, command);
    }
    return onSession(session, cls, command);
  }

  /** Runs a command on one of this slot's sessions, forgetting handles the engine has dropped. */
  private <T> T onSession(long session, CommandClass cls, Command<T> command) throws HsmException {
    long generation = device.generation();
    if (!sessions.owns(generation, session)) {
      throw new HsmException(
          Ckr.SESSION_HANDLE_INVALID, "session " + session + " is not open on slot " + slotId);
    }
    try {
      return device.call(cls, command);
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.SESSION_HANDLE_INVALID) {
        sessions.remove(generation, session);
      }
      throw e;
    }
  }

  private void requireAdmin(String command) throws HsmException {
    if (!isAdmin()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          command
              + " needs the admin slot of "
              + "device "
              + device.serial()
              + "; slot "
              + slotId
              + " is its application partition "
              + partitionId);
    }
  }

  private void requireApplication(String command) throws HsmException {
    if (isAdmin()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          command
              + " needs an application "
              + "partition slot; slot "
              + slotId
              + " is the admin slot of device "
              + device.serial());
    }
  }

  /** The partition index behind {@code targetSlot}, which must be on this slot's device. */
  int partitionOfSameDevice(int targetSlot) throws HsmException {
    if (table.slot(targetSlot) instanceof DeviceSlot target
        && target.device == device
        && !target.isAdmin()) {
      return target.partitionId;
    }
    throw new HsmException(
        Ckr.SLOT_ID_INVALID,
        "slot "
            + targetSlot
            + " is not an application partition slot of device "
            + device.serial()
            + " (its admin slot is "
            + slotId
            + ")");
  }

  /**
   * {@code partition archive backup}: payloads encrypted to the Backup HSM, stored there. A Backup
   * HSM that is not a slot of this process is a remote one (HSM policy 16).
   */
  BackupReport backup(CloningCall.BackupPartition r) throws HsmException {
    return PartitionBackup.backup(
        this,
        r.session(),
        r.backupSlot(),
        r.backupSession(),
        r.container(),
        r.append(),
        !(r.backupSlot() instanceof DeviceSlot));
  }

  /** {@code partition archive restore}: payloads the Backup HSM encrypts to this partition. */
  BackupReport restore(CloningCall.RestorePartition r) throws HsmException {
    return PartitionBackup.restore(
        this,
        r.session(),
        r.backupSlot(),
        r.backupSession(),
        r.container(),
        !(r.backupSlot() instanceof DeviceSlot));
  }

  @Override
  public String toString() {
    return "DeviceSlot["
        + slotId
        + ": "
        + (isAdmin() ? "admin" : "partition " + partitionId)
        + " of "
        + device.serial()
        + "]";
  }
}
