package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.HsmUtilization;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditStatus;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.clone.TargetSecurity;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismInfo;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.firmware.sks.SmkInfo;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
      String tokenSerial = serial + String.format(Locale.ROOT, "%03d", partitionId);
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
    onSession(
        session,
        h -> {
          h.closeSession(session);
          return null;
        });
    sessions.remove(device.generation(), session);
  }

  @Override
  public void closeAllSessions(long appId) throws HsmException {
    call(
        h -> {
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

  // ---------------------------------------------------------------- per-key authorization

  @Override
  public void authorizeKey(long session, long key, char[] authData) throws HsmException {
    requireApplication("authorize key");
    run(session, h -> h.keyAuthorization().authorizeKey(session, key, authData));
  }

  @Override
  public void setAuthorizationData(long session, long key, char[] oldData, char[] newData)
      throws HsmException {
    requireApplication("set authorization data");
    run(session, h -> h.keyAuthorization().setAuthorizationData(session, key, oldData, newData));
  }

  @Override
  public void resetAuthorizationData(long session, long key, char[] newData) throws HsmException {
    requireApplication("reset authorization data");
    run(session, h -> h.keyAuthorization().resetAuthorizationData(session, key, newData));
  }

  @Override
  public void assignKey(long session, long key) throws HsmException {
    requireApplication("assign key");
    run(session, h -> h.keyAuthorization().assignKey(session, key));
  }

  @Override
  public long failedKeyAuthorizations(long session, long key) throws HsmException {
    requireApplication("key authorization count");
    return onSession(session, h -> h.keyAuthorization().failedAuthorizations(session, key));
  }

  // ---------------------------------------------------------------- quorum authentication (PED)

  @Override
  public void loginWithPed(long session, Role role, Ped ped) throws HsmException {
    run(session, h -> h.quorum().login(session, role, ped));
  }

  @Override
  public void initRoleWithPed(long session, Role role, Ped ped, int m, int n) throws HsmException {
    run(session, h -> h.quorum().initRole(session, role, ped, m, n));
  }

  @Override
  public void initHsmWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    requireAdmin("hsm init -iped");
    run(session, h -> h.quorum().initHsm(session, label, domain, policyTemplate, ped, m, n));
  }

  @Override
  public void initPartitionWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    requireApplication("partition init -iped");
    run(session, h -> h.quorum().initPartition(session, label, domain, policyTemplate, ped, m, n));
  }

  @Override
  public void createChallenge(long session, Role role, char[] challenge) throws HsmException {
    requireApplication("role createchallenge");
    run(session, h -> h.quorum().createChallenge(session, role, challenge));
  }

  @Override
  public void deactivate(long session) throws HsmException {
    requireApplication("role deactivate");
    run(session, h -> h.quorum().deactivate(session));
  }

  // ---------------------------------------------------------------- audit, tamper and utilization

  @Override
  public AuditConfig auditConfig() throws HsmException {
    requireAdmin("audit config show");
    return call(h -> h.audit().config());
  }

  @Override
  public void configureAudit(long session, String setting) throws HsmException {
    requireAdmin("audit config");
    run(session, h -> h.audit().configure(session, setting));
  }

  @Override
  public AuditStatus auditStatus() throws HsmException {
    requireAdmin("audit status");
    return call(h -> h.audit().status());
  }

  @Override
  public Instant auditTime() throws HsmException {
    requireAdmin("audit time get");
    return call(h -> h.audit().time());
  }

  @Override
  public void syncAuditTime(long session, Instant hostTime) throws HsmException {
    requireAdmin("audit time sync");
    run(session, h -> h.audit().syncTime(session, hostTime));
  }

  @Override
  public void setAuditDomain(long session, String domain) throws HsmException {
    requireAdmin("role setdomain");
    run(session, h -> h.audit().setDomain(session, domain));
  }

  @Override
  public String exportAuditSecret(long session) throws HsmException {
    requireAdmin("audit export");
    return onSession(session, h -> h.audit().exportSecret(session));
  }

  @Override
  public String importAuditSecret(long session, String file) throws HsmException {
    requireAdmin("audit import");
    return onSession(session, h -> h.audit().importSecret(session, file));
  }

  @Override
  public VerificationResult verifyAuditLog(long session, List<Path> files) throws HsmException {
    return onSession(session, h -> h.audit().verify(session, files));
  }

  @Override
  public Optional<Path> rotateAuditLog(long session) throws HsmException {
    requireAdmin("audit rotate");
    return onSession(session, h -> h.audit().rotate(session));
  }

  @Override
  public int clearAuditLog(long session) throws HsmException {
    requireAdmin("audit clear");
    return onSession(session, h -> h.audit().clear(session));
  }

  @Override
  public void logExternal(long session, String message) throws HsmException {
    run(session, h -> h.audit().logExternal(session, message));
  }

  @Override
  public String lastTamper() throws HsmException {
    requireAdmin("hsm tampershow");
    return call(Hsm::lastTamper);
  }

  @Override
  public void restart() throws HsmException {
    requireAdmin("hsm restart");
    device.restart();
  }

  @Override
  public Map<Integer, HsmUtilization.PartitionUsage> utilization(long session) throws HsmException {
    requireAdmin("hsm showutilization");
    return onSession(session, h -> h.utilization().show(session));
  }

  @Override
  public void resetUtilization(long session) throws HsmException {
    requireAdmin("hsm resetutilization");
    run(session, h -> h.utilization().reset(session));
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
  public String stmVerificationString(long session, String randomUserString) throws HsmException {
    requireAdmin("stm recover");
    return onSession(session, h -> h.stmVerificationString(session, randomUserString));
  }

  @Override
  public void initHsm(
      long session, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException {
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
    call(
        h -> {
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
  public void initPartition(
      long session, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException {
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

  // ---------------------------------------------------------------- SKS

  @Override
  public SmkInfo smkInfo(long session) throws HsmException {
    requireApplication("smk show");
    return onSession(session, h -> h.sks().smkInfo(session));
  }

  @Override
  public void rolloverSmk(long session) throws HsmException {
    requireApplication("smk rollover");
    run(session, h -> h.sks().rolloverSmk(session));
  }

  @Override
  public int sksExtractSize(long session, SksExtractRequest request) throws HsmException {
    requireApplication("sks extract");
    return onSession(session, h -> h.sks().extractSize(session, request));
  }

  @Override
  public byte[] sksExtract(long session, SksExtractRequest request) throws HsmException {
    requireApplication("sks extract");
    return onSession(session, h -> h.sks().extract(session, request));
  }

  @Override
  public long[] sksInsert(long session, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    requireApplication("sks insert");
    return onSession(session, h -> h.sks().insert(session, blob, authorization));
  }

  @Override
  public long[] sksInsertReplica(long session, byte[] blob) throws HsmException {
    requireApplication("sks insert");
    return onSession(session, h -> h.sks().insertReplica(session, blob, null));
  }

  @Override
  public List<byte[]> sksSignFromBlob(
      long session, byte[] blob, SksAuthorization authorization, Mechanism m, List<byte[]> inputs)
      throws HsmException {
    requireApplication("sks multisign");
    return onSession(session, h -> h.sks().signFromBlob(session, blob, authorization, m, inputs));
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
    onSession(
        session,
        h -> {
          action.run(h);
          return null;
        });
  }

  private <T> T onSession(long session, Command<T> command) throws HsmException {
    return onSession(session, CommandClass.DEFAULT, command);
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
  private int partitionOfSameDevice(int targetSlot) throws HsmException {
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

  // ---------------------------------------------------------------- cloning and backup

  @Override
  public byte[] cloningDomainFingerprint() throws HsmException {
    requireApplication("partition domain fingerprint");
    return device.read(h -> h.cloning().domainFingerprint(partitionId));
  }

  @Override
  public Optional<byte[]> smkFingerprint() throws HsmException {
    requireApplication("partition SMK fingerprint");
    return device.read(h -> h.cloning().smkFingerprint(partitionId));
  }

  @Override
  public byte[] cloningTarget(long session) throws HsmException {
    return onSession(session, h -> h.cloning().cloningTarget(session));
  }

  @Override
  public byte[] cloneObjectOut(long session, long handle, byte[] target, boolean network)
      throws HsmException {
    requireApplication("clone object");
    return onSession(
        session,
        CommandClass.CLONING,
        h -> h.cloning().cloneObjectOut(session, handle, target, network));
  }

  @Override
  public long cloneObjectIn(long session, byte[] payload, boolean network) throws HsmException {
    requireApplication("clone object");
    return onSession(
        session, CommandClass.CLONING, h -> h.cloning().cloneObjectIn(session, payload, network));
  }

  @Override
  public byte[] cloneSmkOut(long session, byte[] target, boolean network) throws HsmException {
    requireApplication("clone SMK");
    return onSession(
        session, CommandClass.CLONING, h -> h.cloning().cloneSmkOut(session, target, network));
  }

  @Override
  public void cloneSmkIn(long session, byte[] payload, boolean network) throws HsmException {
    requireApplication("clone SMK");
    onSession(
        session,
        CommandClass.CLONING,
        h -> {
          h.cloning().cloneSmkIn(session, payload, network);
          return null;
        });
  }

  @Override
  public BackupReport backupPartition(
      long session, Slot backupSlot, long backupSession, String container, boolean append)
      throws HsmException {
    requireApplication("partition archive backup");
    DeviceSlot backup = backupAdminSlot(backupSlot);
    byte[] to = backup.onSession(backupSession, h -> h.cloning().cloningTarget(backupSession));
    List<byte[]> payloads =
        onSession(session, CommandClass.CLONING, h -> h.cloning().archiveOut(session, to));
    String source = device.serial() + String.format(Locale.ROOT, "%03d", partitionId);
    return backup.onSession(
        backupSession,
        CommandClass.CLONING,
        h -> h.cloning().storeBackup(backupSession, container, source, payloads, append));
  }

  @Override
  public BackupReport restorePartition(
      long session, Slot backupSlot, long backupSession, String container) throws HsmException {
    requireApplication("partition archive restore");
    DeviceSlot backup = backupAdminSlot(backupSlot);
    TargetSecurity security = call(h -> h.cloning().securityOf(partitionId));
    byte[] to = onSession(session, h -> h.cloning().cloningTarget(session));
    List<byte[]> payloads =
        backup.onSession(
            backupSession,
            CommandClass.CLONING,
            h -> h.cloning().fetchBackup(backupSession, container, security, to));
    return onSession(
        session, CommandClass.CLONING, h -> h.cloning().restoreIn(session, container, payloads));
  }

  @Override
  public List<BackupContainerInfo> listBackups(long backupSession) throws HsmException {
    requireAdmin("partition archive list");
    return onSession(
        backupSession, CommandClass.CLONING, h -> h.cloning().listBackups(backupSession));
  }

  @Override
  public void deleteBackup(long backupSession, String container) throws HsmException {
    requireAdmin("partition archive delete");
    onSession(
        backupSession,
        CommandClass.CLONING,
        h -> {
          h.cloning().deleteBackup(backupSession, container);
          return null;
        });
  }

  private DeviceSlot backupAdminSlot(Slot slot) throws HsmException {
    if (slot instanceof DeviceSlot d
        && d.isAdmin()
        && d.device.model() == io.selenehsm.firmware.HsmModel.BACKUP_HSM_7) {
      return d;
    }
    throw new HsmException(
        Ckr.SLOT_ID_INVALID,
        "slot " + slot.slotId() + " is not the admin slot of a Luna Backup HSM 7");
  }

  // ---------------------------------------------------------------- cryptography

  @Override
  public List<MechanismInfo> mechanisms() throws HsmException {
    return device.read(h -> h.crypto().mechanisms());
  }

  @Override
  public MechanismInfo mechanismInfo(long mechanism) throws HsmException {
    return device.read(h -> h.crypto().mechanismInfo(mechanism));
  }

  @Override
  public long generateKey(long session, Mechanism m, Attributes template) throws HsmException {
    return crypto(session, CommandClass.KEYPAIR_GEN, c -> c.generateKey(session, m, template));
  }

  @Override
  public long[] generateKeyPair(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    return crypto(
        session,
        CommandClass.KEYPAIR_GEN,
        c -> c.generateKeyPair(session, m, publicTemplate, privateTemplate));
  }

  @Override
  public void signInit(long session, Mechanism m, long key) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.signInit(session, m, key);
          return null;
        });
  }

  @Override
  public void signUpdate(long session, byte[] data) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.signUpdate(session, data);
          return null;
        });
  }

  @Override
  public byte[] signFinal(long session) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.signFinal(session));
  }

  @Override
  public byte[] sign(long session, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.sign(session, data));
  }

  @Override
  public byte[] sign(long session, Mechanism m, long key, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.sign(session, m, key, data));
  }

  @Override
  public void verifyInit(long session, Mechanism m, long key) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.verifyInit(session, m, key);
          return null;
        });
  }

  @Override
  public void verifyUpdate(long session, byte[] data) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.verifyUpdate(session, data);
          return null;
        });
  }

  @Override
  public void verifyFinal(long session, byte[] signature) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.verifyFinal(session, signature);
          return null;
        });
  }

  @Override
  public void verify(long session, byte[] data, byte[] signature) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.verify(session, data, signature);
          return null;
        });
  }

  @Override
  public void verify(long session, Mechanism m, long key, byte[] data, byte[] signature)
      throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.verify(session, m, key, data, signature);
          return null;
        });
  }

  @Override
  public void verifyWithPublicKey(
      long session, Mechanism m, PublicKey key, byte[] data, byte[] signature) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.verifyWithPublicKey(session, m, key, data, signature);
          return null;
        });
  }

  @Override
  public byte[] encryptInit(long session, Mechanism m, long key) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.encryptInit(session, m, key));
  }

  @Override
  public byte[] encryptUpdate(long session, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.encryptUpdate(session, data));
  }

  @Override
  public byte[] encryptFinal(long session) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.encryptFinal(session));
  }

  @Override
  public byte[] encrypt(long session, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.encrypt(session, data));
  }

  @Override
  public HsmCrypto.Encrypted encrypt(long session, Mechanism m, long key, byte[] data)
      throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.encrypt(session, m, key, data));
  }

  @Override
  public byte[] encryptWithPublicKey(long session, Mechanism m, PublicKey key, byte[] data)
      throws HsmException {
    return crypto(
        session, CommandClass.DEFAULT, c -> c.encryptWithPublicKey(session, m, key, data));
  }

  @Override
  public void decryptInit(long session, Mechanism m, long key) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.decryptInit(session, m, key);
          return null;
        });
  }

  @Override
  public byte[] decryptUpdate(long session, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.decryptUpdate(session, data));
  }

  @Override
  public byte[] decryptFinal(long session) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.decryptFinal(session));
  }

  @Override
  public byte[] decrypt(long session, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.decrypt(session, data));
  }

  @Override
  public byte[] decrypt(long session, Mechanism m, long key, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.decrypt(session, m, key, data));
  }

  @Override
  public void digestInit(long session, Mechanism m) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.digestInit(session, m);
          return null;
        });
  }

  @Override
  public void digestUpdate(long session, byte[] data) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.digestUpdate(session, data);
          return null;
        });
  }

  @Override
  public void digestKey(long session, long key) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.digestKey(session, key);
          return null;
        });
  }

  @Override
  public byte[] digestFinal(long session) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.digestFinal(session));
  }

  @Override
  public byte[] digest(long session, Mechanism m, byte[] data) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.digest(session, m, data));
  }

  @Override
  public void seedRandom(long session, byte[] seed) throws HsmException {
    crypto(
        session,
        CommandClass.DEFAULT,
        c -> {
          c.seedRandom(session, seed);
          return null;
        });
  }

  @Override
  public byte[] wrapKey(long session, Mechanism m, long wrappingKey, long key) throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.wrapKey(session, m, wrappingKey, key));
  }

  @Override
  public long unwrapKey(
      long session, Mechanism m, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException {
    return crypto(
        session,
        CommandClass.DEFAULT,
        c -> c.unwrapKey(session, m, unwrappingKey, wrapped, template));
  }

  @Override
  public long deriveKey(long session, Mechanism m, long baseKey, Attributes template)
      throws HsmException {
    return crypto(session, CommandClass.DEFAULT, c -> c.deriveKey(session, m, baseKey, template));
  }

  @Override
  public HsmCrypto.Encapsulated encapsulate(
      long session, Mechanism m, long publicKey, Attributes template) throws HsmException {
    return crypto(
        session, CommandClass.DEFAULT, c -> c.encapsulate(session, m, publicKey, template));
  }

  @Override
  public long decapsulate(
      long session, Mechanism m, long privateKey, byte[] ciphertext, Attributes template)
      throws HsmException {
    return crypto(
        session,
        CommandClass.DEFAULT,
        c -> c.decapsulate(session, m, privateKey, ciphertext, template));
  }

  /** A command of the engine's crypto interface. */
  @FunctionalInterface
  private interface CryptoCommand<T> {
    T run(HsmCrypto crypto) throws HsmException;
  }

  /** Runs a crypto command on one of this slot's application-partition sessions. */
  private <T> T crypto(long session, CommandClass cls, CryptoCommand<T> command)
      throws HsmException {
    requireApplication("a cryptographic operation");
    return onSession(session, cls, h -> command.run(h.crypto()));
  }
}
