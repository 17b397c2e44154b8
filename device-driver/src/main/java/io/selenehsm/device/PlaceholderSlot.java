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
import java.util.Map;
import java.util.Optional;

/**
 * A slot number held back for a Backup HSM that may be plugged in later (section {@code
 * CardReader}), so that plugging one in does not renumber the slots after it. Selene emulates no
 * hot-plugged Backup HSMs here, so the slot is always empty: its info says token not present and
 * every command answers {@code CKR_TOKEN_NOT_PRESENT}.
 */
public final class PlaceholderSlot implements Slot {
  /** The Backup HSM generations {@code CardReader} reserves slots for. */
  public enum Generation {
    G5("Luna Backup HSM G5"),
    G7("Luna Backup HSM 7");

    private final String model;

    Generation(String model) {
      this.model = model;
    }

    public String model() {
      return model;
    }
  }

  private final int slotId;
  private final Generation generation;

  PlaceholderSlot(int slotId, Generation generation) {
    this.slotId = slotId;
    this.generation = generation;
  }

  public Generation generation() {
    return generation;
  }

  @Override
  public int slotId() {
    return slotId;
  }

  @Override
  public SlotInfo info() {
    return new SlotInfo(
        slotId,
        SlotInfo.Kind.BACKUP_PLACEHOLDER,
        false,
        null,
        null,
        null,
        generation.model(),
        -1,
        "reserved for a " + generation.model());
  }

  private HsmException absent() {
    return new HsmException(
        Ckr.TOKEN_NOT_PRESENT, "slot " + slotId + " is a reserved Backup HSM slot with no device");
  }

  @Override
  public long openSession(long appId, boolean readWrite) throws HsmException {
    throw absent();
  }

  @Override
  public void closeSession(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void closeAllSessions(long appId) throws HsmException {
    throw absent();
  }

  @Override
  public SessionInfo sessionInfo(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void login(long session, Role role, char[] pin) throws HsmException {
    throw absent();
  }

  @Override
  public void logout(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void initRole(long session, Role role, char[] pin) throws HsmException {
    throw absent();
  }

  @Override
  public void changePin(long session, char[] oldPin, char[] newPin) throws HsmException {
    throw absent();
  }

  @Override
  public void resetPin(long session, Role target, char[] newPin) throws HsmException {
    throw absent();
  }

  // ---------------------------------------------------------------- per-key authorization

  @Override
  public void authorizeKey(long session, long key, char[] authData) throws HsmException {
    throw absent();
  }

  @Override
  public void setAuthorizationData(long session, long key, char[] oldData, char[] newData)
      throws HsmException {
    throw absent();
  }

  @Override
  public void resetAuthorizationData(long session, long key, char[] newData) throws HsmException {
    throw absent();
  }

  @Override
  public void assignKey(long session, long key) throws HsmException {
    throw absent();
  }

  @Override
  public long failedKeyAuthorizations(long session, long key) throws HsmException {
    throw absent();
  }

  // ---------------------------------------------------------------- quorum authentication (PED)

  @Override
  public void loginWithPed(long session, Role role, Ped ped) throws HsmException {
    throw absent();
  }

  @Override
  public void initRoleWithPed(long session, Role role, Ped ped, int m, int n) throws HsmException {
    throw absent();
  }

  @Override
  public void initHsmWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    throw absent();
  }

  @Override
  public void initPartitionWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    throw absent();
  }

  @Override
  public void createChallenge(long session, Role role, char[] challenge) throws HsmException {
    throw absent();
  }

  @Override
  public void deactivate(long session) throws HsmException {
    throw absent();
  }

  // ---------------------------------------------------------------- audit, tamper and utilization

  @Override
  public AuditConfig auditConfig() throws HsmException {
    throw absent();
  }

  @Override
  public void configureAudit(long session, String setting) throws HsmException {
    throw absent();
  }

  @Override
  public AuditStatus auditStatus() throws HsmException {
    throw absent();
  }

  @Override
  public Instant auditTime() throws HsmException {
    throw absent();
  }

  @Override
  public void syncAuditTime(long session, Instant hostTime) throws HsmException {
    throw absent();
  }

  @Override
  public void setAuditDomain(long session, String domain) throws HsmException {
    throw absent();
  }

  @Override
  public String exportAuditSecret(long session) throws HsmException {
    throw absent();
  }

  @Override
  public String importAuditSecret(long session, String file) throws HsmException {
    throw absent();
  }

  @Override
  public VerificationResult verifyAuditLog(long session, List<Path> files) throws HsmException {
    throw absent();
  }

  @Override
  public Optional<Path> rotateAuditLog(long session) throws HsmException {
    throw absent();
  }

  @Override
  public int clearAuditLog(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void logExternal(long session, String message) throws HsmException {
    throw absent();
  }

  @Override
  public String lastTamper() throws HsmException {
    throw absent();
  }

  @Override
  public void restart() throws HsmException {
    throw absent();
  }

  @Override
  public Map<Integer, HsmUtilization.PartitionUsage> utilization(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void resetUtilization(long session) throws HsmException {
    throw absent();
  }

  @Override
  public HsmInfo hsmInfo() throws HsmException {
    throw absent();
  }

  @Override
  public Hsm.StmStrings stmTransport(long session) throws HsmException {
    throw absent();
  }

  @Override
  public String stmRecover(long session, String randomUserString) throws HsmException {
    throw absent();
  }

  @Override
  public String stmVerificationString(long session, String randomUserString) throws HsmException {
    throw absent();
  }

  @Override
  public void initHsm(
      long session, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException {
    throw absent();
  }

  @Override
  public void zeroize(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void factoryReset() throws HsmException {
    throw absent();
  }

  @Override
  public PolicyValues hsmPolicies() throws HsmException {
    throw absent();
  }

  @Override
  public String exportHsmPolicyTemplate() throws HsmException {
    throw absent();
  }

  @Override
  public void changeHsmPolicy(long session, int policy, int value) throws HsmException {
    throw absent();
  }

  @Override
  public void createPartition(long session, int targetSlot, int version) throws HsmException {
    throw absent();
  }

  @Override
  public void deletePartition(long session, int targetSlot) throws HsmException {
    throw absent();
  }

  @Override
  public PartitionInfo partitionInfo() throws HsmException {
    throw absent();
  }

  @Override
  public PolicyValues partitionPolicies() throws HsmException {
    throw absent();
  }

  @Override
  public String exportPartitionPolicyTemplate() throws HsmException {
    throw absent();
  }

  @Override
  public void initPartition(
      long session, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException {
    throw absent();
  }

  @Override
  public void changePartitionPolicy(long session, int policy, int value) throws HsmException {
    throw absent();
  }

  @Override
  public long createObject(long session, Attributes template) throws HsmException {
    throw absent();
  }

  @Override
  public long copyObject(long session, long handle, Attributes template) throws HsmException {
    throw absent();
  }

  @Override
  public void destroyObject(long session, long handle) throws HsmException {
    throw absent();
  }

  @Override
  public List<Long> findObjects(long session, Attributes template) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] getAttribute(long session, long handle, long type) throws HsmException {
    throw absent();
  }

  @Override
  public Attributes getAttributes(long session, long handle) throws HsmException {
    throw absent();
  }

  @Override
  public void setAttributes(long session, long handle, Attributes change) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] generateRandom(long session, int length) throws HsmException {
    throw absent();
  }

  // ---- SKS

  @Override
  public SmkInfo smkInfo(long session) throws HsmException {
    throw absent();
  }

  @Override
  public void rolloverSmk(long session) throws HsmException {
    throw absent();
  }

  @Override
  public int sksExtractSize(long session, SksExtractRequest request) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] sksExtract(long session, SksExtractRequest request) throws HsmException {
    throw absent();
  }

  @Override
  public long[] sksInsert(long session, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    throw absent();
  }

  @Override
  public List<byte[]> sksSignFromBlob(
      long session, byte[] blob, SksAuthorization authorization, Mechanism m, List<byte[]> inputs)
      throws HsmException {
    throw absent();
  }

  @Override
  public String toString() {
    return "PlaceholderSlot[" + slotId + ", " + generation + "]";
  }

  // ---- cloning and backup

  @Override
  public byte[] cloningDomainFingerprint() throws HsmException {
    throw absent();
  }

  @Override
  public Optional<byte[]> smkFingerprint() throws HsmException {
    throw absent();
  }

  @Override
  public byte[] cloningTarget(long session) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] cloneObjectOut(long session, long handle, byte[] target, boolean network)
      throws HsmException {
    throw absent();
  }

  @Override
  public long cloneObjectIn(long session, byte[] payload, boolean network) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] cloneSmkOut(long session, byte[] target, boolean network) throws HsmException {
    throw absent();
  }

  @Override
  public void cloneSmkIn(long session, byte[] payload, boolean network) throws HsmException {
    throw absent();
  }

  @Override
  public BackupReport backupPartition(
      long session, Slot backupSlot, long backupSession, String container, boolean append)
      throws HsmException {
    throw absent();
  }

  @Override
  public BackupReport restorePartition(
      long session, Slot backupSlot, long backupSession, String container) throws HsmException {
    throw absent();
  }

  @Override
  public List<BackupContainerInfo> listBackups(long backupSession) throws HsmException {
    throw absent();
  }

  @Override
  public void deleteBackup(long backupSession, String container) throws HsmException {
    throw absent();
  }

  // ---- cryptography

  @Override
  public List<MechanismInfo> mechanisms() throws HsmException {
    throw absent();
  }

  @Override
  public MechanismInfo mechanismInfo(long mechanism) throws HsmException {
    throw absent();
  }

  @Override
  public long generateKey(long session, Mechanism m, Attributes template) throws HsmException {
    throw absent();
  }

  @Override
  public long[] generateKeyPair(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    throw absent();
  }

  @Override
  public void signInit(long session, Mechanism m, long key) throws HsmException {
    throw absent();
  }

  @Override
  public void signUpdate(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] signFinal(long session) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] sign(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] sign(long session, Mechanism m, long key, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public void verifyInit(long session, Mechanism m, long key) throws HsmException {
    throw absent();
  }

  @Override
  public void verifyUpdate(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public void verifyFinal(long session, byte[] signature) throws HsmException {
    throw absent();
  }

  @Override
  public void verify(long session, byte[] data, byte[] signature) throws HsmException {
    throw absent();
  }

  @Override
  public void verify(long session, Mechanism m, long key, byte[] data, byte[] signature)
      throws HsmException {
    throw absent();
  }

  @Override
  public void verifyWithPublicKey(
      long session, Mechanism m, PublicKey key, byte[] data, byte[] signature) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] encryptInit(long session, Mechanism m, long key) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] encryptUpdate(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] encryptFinal(long session) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] encrypt(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public HsmCrypto.Encrypted encrypt(long session, Mechanism m, long key, byte[] data)
      throws HsmException {
    throw absent();
  }

  @Override
  public byte[] encryptWithPublicKey(long session, Mechanism m, PublicKey key, byte[] data)
      throws HsmException {
    throw absent();
  }

  @Override
  public void decryptInit(long session, Mechanism m, long key) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] decryptUpdate(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] decryptFinal(long session) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] decrypt(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] decrypt(long session, Mechanism m, long key, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public void digestInit(long session, Mechanism m) throws HsmException {
    throw absent();
  }

  @Override
  public void digestUpdate(long session, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public void digestKey(long session, long key) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] digestFinal(long session) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] digest(long session, Mechanism m, byte[] data) throws HsmException {
    throw absent();
  }

  @Override
  public void seedRandom(long session, byte[] seed) throws HsmException {
    throw absent();
  }

  @Override
  public byte[] wrapKey(long session, Mechanism m, long wrappingKey, long key) throws HsmException {
    throw absent();
  }

  @Override
  public long unwrapKey(
      long session, Mechanism m, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException {
    throw absent();
  }

  @Override
  public long deriveKey(long session, Mechanism m, long baseKey, Attributes template)
      throws HsmException {
    throw absent();
  }

  @Override
  public HsmCrypto.Encapsulated encapsulate(
      long session, Mechanism m, long publicKey, Attributes template) throws HsmException {
    throw absent();
  }

  @Override
  public long decapsulate(
      long session, Mechanism m, long privateKey, byte[] ciphertext, Attributes template)
      throws HsmException {
    throw absent();
  }
}
