package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.HsmException;

/**
 * What a {@link DeviceSlot} lends a call while it runs: the engine behind the driver, reached
 * through the slot's session check and the call's command class. Only this package can create or
 * use one, so the engine stays behind the Slot API.
 */
public final class EngineAccess {
  /** An engine command with no result. */
  @FunctionalInterface
  interface Action {
    void run(Hsm hsm) throws HsmException;
  }

  private final DeviceSlot slot;
  private final long session;
  private final CommandClass commandClass;

  EngineAccess(DeviceSlot slot, long session, CommandClass commandClass) {
    this.slot = slot;
    this.session = session;
    this.commandClass = commandClass;
  }

  /** The partition the slot shows (0 for the admin slot). */
  int partition() {
    return slot.partitionId();
  }

  /** Runs a command with the call's command class, on the call's session if it has one. */
  <T> T command(Command<T> command) throws HsmException {
    return slot.command(session, commandClass, command);
  }

  /** {@link #command} for a command without a result. */
  Void perform(Action action) throws HsmException {
    return slot.command(
        session,
        commandClass,
        h -> {
          action.run(h);
          return null;
        });
  }

  /** A status read that does not wait on a busy or hung device. */
  <T> T read(Command<T> command) throws HsmException {
    return slot.device().read(command);
  }

  int partitionOfSameDevice(int targetSlot) throws HsmException {
    return slot.partitionOfSameDevice(targetSlot);
  }

  void restart() throws HsmException {
    slot.device().restart();
  }

  BackupReport backup(CloningCall.BackupPartition b) throws HsmException {
    return slot.backup(b);
  }

  BackupReport restore(CloningCall.RestorePartition r) throws HsmException {
    return slot.restore(r);
  }
}
