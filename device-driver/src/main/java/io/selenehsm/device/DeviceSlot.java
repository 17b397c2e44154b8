package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A slot backed by one partition of an emulated device: the admin partition (partition 0) or an
 * application partition (1 to the model's maximum). Each method checks that it belongs on this
 * kind of slot and that session handles were issued here, then forwards to the engine through
 * {@link Device#call}. Everything runs on the caller's thread.
 *
 * <p>{@code hsmInfo()} answers on either kind of slot, since every slot of a device can report
 * the device it is on; the other admin commands need the admin slot.
 */
public final class DeviceSlot implements Slot {
  private final Device device;
  private final int slotId;
  private final int partitionId;
  private final SlotLookup table;
  private final SlotSessions sessions = new SlotSessions();

  DeviceSlot(Device device, int slotId, int partitionId, SlotLookup table) {
    if (partitionId < 0 || partitionId > device.model().maxPartitions()) {
      throw new IllegalArgumentException("partition " + partitionId + " does not exist on a "
          + device.model().displayName());
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
        return new SlotInfo(slotId, kind, true, hsm.label(), serial, serial, model, partitionId,
            hsm.status());
      }
      PartitionInfo p = device.read(h -> h.hasPartition(partitionId) ? h.partitionInfo(partitionId)
          : null);
      String tokenSerial = serial + String.format(Locale.ROOT, "%03d", partitionId);
      if (p == null) {
        return new SlotInfo(slotId, kind, false, null, tokenSerial, serial, model, partitionId,
            "no partition " + partitionId + " created");
      }
      return new SlotInfo(slotId, kind, true, p.label(), p.serial(), serial, model, partitionId,
          p.initialized() ? "initialized" : "not initialized");
    } catch (HsmException e) {
      return new SlotInfo(slotId, kind, false, null, null, serial, model, partitionId,
          e.detail());
    }
  }

  // ---------------------------------------------------------------- sessions and roles

  @Override
  public long openSession(long appId, boolean readWrite) throws HsmException {
    long generation = device.generation();
    long handle = call(h -> h.openSession(partitionId, appId, readWrite));
    sessions.add(generation, handle, appId);
    return handle;
  }

  @Override
  public void closeSession(long session) throws HsmException {
    onSession(session, h -> {
      h.closeSession(session);
      return null;
    });
    sessions.remove(device.generation(), session);
  }

  @Override
  public void closeAllSessions(long appId) throws HsmException {
    call(h -> {
      h.closeAllSessions(partitionId, appId);
      return null;
    });
    sessions.removeApp(device.generation(), appId);
  }

  @Override
  public SessionInfo sessionInfo(long session) throws HsmException {
    return onSession(session, h -> h.sessionInfo(session));
  }

  @Override
  public void login(long session, Role role, char[] pin) throws HsmException {
    run(session, h -> h.login(session, role, pin));
  }

  @Override
  public void logout(long session) throws HsmException {
    run(session, h -> h.logout(session));
  }

  @Override
  public void initRole(long session, Role role, char[] pin) throws HsmException {
    run(session, h -> h.initRole(session, role, pin));
  }

  @Override
  public void changePin(long session, char[] oldPin, char[] newPin) throws HsmException {
    run(session, h -> h.changePin(session, oldPin, newPin));
  }

  @Override
  public void resetPin(long session, Role target, char[] newPin) throws HsmException {
    run(session, h -> h.resetPin(session, target, newPin));
  }

  // ---------------------------------------------------------------- admin slot

  @Override
  public HsmInfo hsmInfo() throws HsmException {
    return call(Hsm::info);
  }

  @Override
  public Hsm.StmStrings stmTransport(long session) throws HsmException {
    requireAdmin("stm transport");
    return onSession(session, h -> h.stmTransport(session));
  }

  @Override
  public String stmRecover(long session, String randomUserString) throws HsmException {
    requireAdmin("stm recover");
    return onSession(session, h -> h.stmRecover(session, randomUserString));
  }

  @Override
  public void initHsm(long session, String label, char[] soPin, String domain,
      String policyTemplate) throws HsmException {
    requireAdmin("hsm init");
    run(session, h -> h.initHsm(session, label, soPin, domain, policyTemplate));
  }

  @Override
  public void zeroize(long session) throws HsmException {
    requireAdmin("hsm zeroize");
    run(session, h -> h.zeroize(session));
  }

  @Override
  public void factoryReset() throws HsmException {
    requireAdmin("hsm factoryreset");
    call(h -> {
      h.factoryReset();
      return null;
    });
  }

  @Override
  public PolicyValues hsmPolicies() throws HsmException {
    requireAdmin("hsm showpolicies");
    return call(Hsm::hsmPolicies);
  }

  @Override
  public String exportHsmPolicyTemplate() throws HsmException {
    requireAdmin("hsm showpolicies -exporttemplate");
    return call(Hsm::exportHsmPolicyTemplate);
  }

  @Override
  public void changeHsmPolicy(long session, int policy, int value) throws HsmException {
    requireAdmin("hsm changehsmpolicy");
    run(session, h -> h.changeHsmPolicy(session, policy, value));
  }

  @Override
  public void createPartition(long session, int targetSlot, int version) throws HsmException {
    requireAdmin("partition create");
    int index = partitionOfSameDevice(targetSlot);
    run(session, h -> h.createPartition(session, index, version));
  }

  @Override
  public void deletePartition(long session, int targetSlot) throws HsmException {
    requireAdmin("partition delete");
    int index = partitionOfSameDevice(targetSlot);
    run(session, h -> h.deletePartition(session, index));
  }

  // ---------------------------------------------------------------- application slot

  @Override
  public PartitionInfo partitionInfo() throws HsmException {
    requireApplication("partition showinfo");
    return call(h -> h.partitionInfo(partitionId));
  }

  @Override
  public PolicyValues partitionPolicies() throws HsmException {
    requireApplication("partition showpolicies");
    return call(h -> h.partitionPolicies(partitionId));
  }

  @Override
  public String exportPartitionPolicyTemplate() throws HsmException {
    requireApplication("partition showpolicies -exporttemplate");
    return call(h -> h.exportPartitionPolicyTemplate(partitionId));
  }

  @Override
  public void initPartition(long session, String label, char[] poPin, String domain,
      String policyTemplate) throws HsmException {
    requireApplication("partition init");
    run(session, h -> h.initPartition(session, label, poPin, domain, policyTemplate));
  }

  @Override
  public void changePartitionPolicy(long session, int policy, int value) throws HsmException {
    requireApplication("partition changepolicy");
    run(session, h -> h.changePartitionPolicy(session, policy, value));
  }

  @Override
  public long createObject(long session, Attributes template) throws HsmException {
    requireApplication("create object");
    return onSession(session, h -> h.createObject(session, template));
  }

  @Override
  public long copyObject(long session, long handle, Attributes template) throws HsmException {
    requireApplication("copy object");
    return onSession(session, h -> h.copyObject(session, handle, template));
  }

  @Override
  public void destroyObject(long session, long handle) throws HsmException {
    requireApplication("destroy object");
    run(session, h -> h.destroyObject(session, handle));
  }

  @Override
  public List<Long> findObjects(long session, Attributes template) throws HsmException {
    requireApplication("find objects");
    return onSession(session, h -> h.findObjects(session, template));
  }

  @Override
  public byte[] getAttribute(long session, long handle, long type) throws HsmException {
    requireApplication("get attribute");
    return onSession(session, h -> h.getAttribute(session, handle, type));
  }

  @Override
  public Attributes getAttributes(long session, long handle) throws HsmException {
    requireApplication("get attributes");
    return onSession(session, h -> h.getAttributes(session, handle));
  }

  @Override
  public void setAttributes(long session, long handle, Attributes change) throws HsmException {
    requireApplication("set attributes");
    run(session, h -> h.setAttributes(session, handle, change));
  }

  @Override
  public byte[] generateRandom(long session, int length) throws HsmException {
    requireApplication("generate random");
    return onSession(session, h -> h.generateRandom(session, length));
  }

  // ---------------------------------------------------------------- plumbing

  /** An engine command with no result. */
  @FunctionalInterface
  private interface Action {
    void run(Hsm hsm) throws HsmException;
  }

  private <T> T call(Command<T> command) throws HsmException {
    return device.call(CommandClass.DEFAULT, command);
  }

  private void run(long session, Action action) throws HsmException {
    onSession(session, h -> {
      action.run(h);
      return null;
    });
  }

  /** Runs a command on one of this slot's sessions, forgetting handles the engine has dropped. */
  private <T> T onSession(long session, Command<T> command) throws HsmException {
    long generation = device.generation();
    if (!sessions.owns(generation, session)) {
      throw new HsmException(Ckr.SESSION_HANDLE_INVALID,
          "session " + session + " is not open on slot " + slotId);
    }
    try {
      return call(command);
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.SESSION_HANDLE_INVALID) {
        sessions.remove(generation, session);
      }
      throw e;
    }
  }

  private void requireAdmin(String command) throws HsmException {
    if (!isAdmin()) {
      throw new HsmException(Ckr.OPERATION_NOT_ALLOWED, command + " needs the admin slot of "
          + "device " + device.serial() + "; slot " + slotId + " is its application partition "
          + partitionId);
    }
  }

  private void requireApplication(String command) throws HsmException {
    if (isAdmin()) {
      throw new HsmException(Ckr.OPERATION_NOT_ALLOWED, command + " needs an application "
          + "partition slot; slot " + slotId + " is the admin slot of device " + device.serial());
    }
  }

  /** The partition index behind {@code targetSlot}, which must be on this slot's device. */
  private int partitionOfSameDevice(int targetSlot) throws HsmException {
    if (table.slot(targetSlot) instanceof DeviceSlot target && target.device == device
        && !target.isAdmin()) {
      return target.partitionId;
    }
    throw new HsmException(Ckr.SLOT_ID_INVALID, "slot " + targetSlot
        + " is not an application partition slot of device " + device.serial()
        + " (its admin slot is " + slotId + ")");
  }

  @Override
  public String toString() {
    return "DeviceSlot[" + slotId + ": " + (isAdmin() ? "admin" : "partition " + partitionId)
        + " of " + device.serial() + "]";
  }
}
