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
 * The Cryptoki-shaped Slot API: what an application or the admin shell can do with one slot. A slot
 * is an admin partition, an application partition, a Backup HSM placeholder or an HA virtual slot.
 * Session handles come from {@link #openSession} and are only valid on the slot that issued them.
 * Every method either succeeds or throws an {@link HsmException} with a {@code CKR_*} code; a
 * removed or failed device answers {@code CKR_TOKEN_NOT_PRESENT} or {@code CKR_DEVICE_ERROR} and
 * never hangs.
 *
 * <p>Admin-slot commands (HSM init, zeroize, policies, partition create/delete) refuse on an
 * application slot with {@code CKR_OPERATION_NOT_ALLOWED}, and partition commands refuse on the
 * admin slot likewise.
 */
public interface Slot {

  int slotId();

  SlotInfo info();

  // ---- sessions and roles
  long openSession(long appId, boolean readWrite) throws HsmException;

  void closeSession(long session) throws HsmException;

  void closeAllSessions(long appId) throws HsmException;

  SessionInfo sessionInfo(long session) throws HsmException;

  void login(long session, Role role, char[] pin) throws HsmException;

  void logout(long session) throws HsmException;

  void initRole(long session, Role role, char[] pin) throws HsmException;

  void changePin(long session, char[] oldPin, char[] newPin) throws HsmException;

  void resetPin(long session, Role target, char[] newPin) throws HsmException;

  // ---- per-key authorization
  /** CA_AuthorizeKey: authorizes a key for this login with its authorization data. */
  void authorizeKey(long session, long key, char[] authData) throws HsmException;

  /** CA_SetAuthorizationData: changes a key's authorization data, knowing the old one. */
  void setAuthorizationData(long session, long key, char[] oldData, char[] newData)
      throws HsmException;

  /** CA_ResetAuthorizationData: the Crypto Officer sets new data and clears the failure counter. */
  void resetAuthorizationData(long session, long key, char[] newData) throws HsmException;

  /** CA_AssignKey: the Crypto Officer makes a key usable by the users. */
  void assignKey(long session, long key) throws HsmException;

  /** Consecutive failed authorizations of a key. */
  long failedKeyAuthorizations(long session, long key) throws HsmException;

  // ---- quorum authentication (PED)
  /** Logs a quorum-authenticated role in through the PED. */
  void loginWithPed(long session, Role role, Ped ped) throws HsmException;

  /** Creates a role whose secret is split M-of-N onto iKeys the PED hands out. */
  void initRoleWithPed(long session, Role role, Ped ped, int m, int n) throws HsmException;

  /** Initializes the HSM with a PED-authenticated HSM SO (blue iKeys, M of N). */
  void initHsmWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException;

  /** Initializes the partition with a PED-authenticated Partition SO. */
  void initPartitionWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException;

  /** Sets the challenge secret applications use while a PED role is activated. */
  void createChallenge(long session, Role role, char[] challenge) throws HsmException;

  /** Ends the activation of the session's role (all roles for the Partition SO). */
  void deactivate(long session) throws HsmException;

  // ---- audit, tamper and utilization
  /** The audit configuration. */
  AuditConfig auditConfig() throws HsmException;

  /**
   * Applies one audit setting: {@code path P}, {@code evmask ...}, {@code interval ...}, {@code
   * size n}.
   */
  void configureAudit(long session, String setting) throws HsmException;

  /** The audit log's status. */
  AuditStatus auditStatus() throws HsmException;

  /** The time the audit log stamps records with. */
  Instant auditTime() throws HsmException;

  /** Sets the audit clock to the host's time. */
  void syncAuditTime(long session, Instant hostTime) throws HsmException;

  /** Sets the audit domain (Auditor). */
  void setAuditDomain(long session, String domain) throws HsmException;

  /** The log secret wrapped under the audit domain. */
  String exportAuditSecret(long session) throws HsmException;

  /** Imports another HSM's log secret; returns that HSM's serial. */
  String importAuditSecret(long session, String file) throws HsmException;

  /** Verifies audit log files, in order. */
  VerificationResult verifyAuditLog(long session, List<Path> files) throws HsmException;

  /** Rotates the records held in the device into a file now. */
  Optional<Path> rotateAuditLog(long session) throws HsmException;

  /** The Auditor empties the in-device log buffer; returns the records discarded. */
  int clearAuditLog(long session) throws HsmException;

  /** CA_LogExternal: an application message written to the audit log. */
  void logExternal(long session, String message) throws HsmException;

  /** The last tamper event the HSM recorded, or null. */
  String lastTamper() throws HsmException;

  /** Restarts the device: sessions end, a tamper halt clears. */
  void restart() throws HsmException;

  /** Partition utilization counters (HSM SO; HSM policy 49). */
  Map<Integer, HsmUtilization.PartitionUsage> utilization(long session) throws HsmException;

  /** Resets the partition utilization counters (HSM SO). */
  void resetUtilization(long session) throws HsmException;

  // ---- admin slot
  HsmInfo hsmInfo() throws HsmException;

  Hsm.StmStrings stmTransport(long session) throws HsmException;

  String stmRecover(long session, String randomUserString) throws HsmException;

  /** The string {@link #stmRecover} would show, computed while the HSM stays in STM. */
  String stmVerificationString(long session, String randomUserString) throws HsmException;

  void initHsm(long session, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException;

  void zeroize(long session) throws HsmException;

  void factoryReset() throws HsmException;

  PolicyValues hsmPolicies() throws HsmException;

  String exportHsmPolicyTemplate() throws HsmException;

  void changeHsmPolicy(long session, int policy, int value) throws HsmException;

  /** Creates the application partition shown in slot {@code targetSlot} (0 = V0, 1 = V1). */
  void createPartition(long session, int targetSlot, int version) throws HsmException;

  void deletePartition(long session, int targetSlot) throws HsmException;

  // ---- application slot
  PartitionInfo partitionInfo() throws HsmException;

  PolicyValues partitionPolicies() throws HsmException;

  String exportPartitionPolicyTemplate() throws HsmException;

  void initPartition(long session, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException;

  void changePartitionPolicy(long session, int policy, int value) throws HsmException;

  long createObject(long session, Attributes template) throws HsmException;

  long copyObject(long session, long handle, Attributes template) throws HsmException;

  void destroyObject(long session, long handle) throws HsmException;

  List<Long> findObjects(long session, Attributes template) throws HsmException;

  byte[] getAttribute(long session, long handle, long type) throws HsmException;

  Attributes getAttributes(long session, long handle) throws HsmException;

  void setAttributes(long session, long handle, Attributes change) throws HsmException;

  byte[] generateRandom(long session, int length) throws HsmException;

  // ---- SKS (application slot, V1 partitions)
  /** The partition's SMK fingerprints (primary, rollover, legacy). */
  SmkInfo smkInfo(long session) throws HsmException;

  /** SMK rollover (Crypto Officer): a new primary; the old one still inserts. */
  void rolloverSmk(long session) throws HsmException;

  /** Size of the blob {@code sksExtract} would produce; nothing is produced or deleted. */
  int sksExtractSize(long session, SksExtractRequest request) throws HsmException;

  /** Extracts objects into one blob sealed under the Primary SMK. */
  byte[] sksExtract(long session, SksExtractRequest request) throws HsmException;

  /** Inserts a blob's objects as session objects; their handles, in blob order. */
  long[] sksInsert(long session, byte[] blob, SksAuthorization authorization) throws HsmException;

  /**
   * HA replication into a V1 partition: inserts a blob's objects as they were extracted (token
   * objects stay token objects), keeping every attribute and the OUID; handles in blob order.
   */
  default long[] sksInsertReplica(long session, byte[] blob) throws HsmException {
    throw new HsmException(
        io.selenehsm.firmware.rc.Ckr.FUNCTION_NOT_SUPPORTED,
        "slot " + slotId() + " holds no application partition to replicate SKS objects into");
  }

  /** Signs every input with the key in the blob without leaving it inserted. */
  List<byte[]> sksSignFromBlob(
      long session, byte[] blob, SksAuthorization authorization, Mechanism m, List<byte[]> inputs)
      throws HsmException;

  // ---- cloning and backup
  /**
   * Eight bytes naming this partition's cloning domain without revealing it: equal for two
   * partitions exactly when they can clone to each other. A status read.
   */
  byte[] cloningDomainFingerprint() throws HsmException;

  /** A fingerprint of this V1 partition's primary SMK; empty when it has none. */
  Optional<byte[]> smkFingerprint() throws HsmException;

  /**
   * Cloning target (application slot) or backup target (a Backup HSM's admin slot): the descriptor
   * a source encrypts its payloads to, naming this device's cloning public key, tagged by the
   * partition's cloning domain. Payloads open only inside this device.
   */
  byte[] cloningTarget(long session) throws HsmException;

  /**
   * Cloning source: the object sealed under the partition's domain key and encrypted to {@code
   * target} (a {@link #cloningTarget} descriptor of a partition of the same domain). {@code
   * network} says the target is on another host, which HSM policy 16 must allow on both ends.
   */
  byte[] cloneObjectOut(long session, long handle, byte[] target, boolean network)
      throws HsmException;

  /** Cloning target: stores the payload's object with every attribute and its OUID. */
  long cloneObjectIn(long session, byte[] payload, boolean network) throws HsmException;

  /** Cloning source for a V1 partition's SMK, encrypted to {@code target} as above. */
  byte[] cloneSmkOut(long session, byte[] target, boolean network) throws HsmException;

  /** Cloning target for an SMK: this V1 partition takes it as its primary SMK. */
  void cloneSmkIn(long session, byte[] payload, boolean network) throws HsmException;

  /**
   * {@code partition archive backup}: this partition's token objects (V0) or SMK (V1) into {@code
   * container} on the Backup HSM whose admin slot is {@code backupSlot}, where {@code
   * backupSession} is logged in as HSM SO. {@code append} adds only what the container lacks, by
   * OUID.
   */
  BackupReport backupPartition(
      long session, Slot backupSlot, long backupSession, String container, boolean append)
      throws HsmException;

  /** {@code partition archive restore}: adds the container's objects this partition lacks. */
  BackupReport restorePartition(long session, Slot backupSlot, long backupSession, String container)
      throws HsmException;

  /** The containers on this Backup HSM (admin slot, HSM SO). */
  List<BackupContainerInfo> listBackups(long backupSession) throws HsmException;

  void deleteBackup(long backupSession, String container) throws HsmException;

  // ---- cryptography (application slot)
  /** The mechanisms the device serves. */
  List<MechanismInfo> mechanisms() throws HsmException;

  MechanismInfo mechanismInfo(long mechanism) throws HsmException;

  /** C_GenerateKey. */
  long generateKey(long session, Mechanism m, Attributes template) throws HsmException;

  /** C_GenerateKeyPair: {public handle, private handle}. */
  long[] generateKeyPair(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException;

  /** C_SignInit. */
  void signInit(long session, Mechanism m, long key) throws HsmException;

  /** C_SignUpdate. */
  void signUpdate(long session, byte[] data) throws HsmException;

  /** C_SignFinal. */
  byte[] signFinal(long session) throws HsmException;

  /** C_Sign after C_SignInit. */
  byte[] sign(long session, byte[] data) throws HsmException;

  /** Single-part sign without session state. */
  byte[] sign(long session, Mechanism m, long key, byte[] data) throws HsmException;

  /** C_VerifyInit. */
  void verifyInit(long session, Mechanism m, long key) throws HsmException;

  /** C_VerifyUpdate. */
  void verifyUpdate(long session, byte[] data) throws HsmException;

  /** C_VerifyFinal; returns only when valid. */
  void verifyFinal(long session, byte[] signature) throws HsmException;

  /** C_Verify after C_VerifyInit. */
  void verify(long session, byte[] data, byte[] signature) throws HsmException;

  /** Single-part verify without session state. */
  void verify(long session, Mechanism m, long key, byte[] data, byte[] signature)
      throws HsmException;

  /** Verify with a caller's public key (not an object). */
  void verifyWithPublicKey(long session, Mechanism m, PublicKey key, byte[] data, byte[] signature)
      throws HsmException;

  /** C_EncryptInit; returns an HSM-generated IV or an empty array. */
  byte[] encryptInit(long session, Mechanism m, long key) throws HsmException;

  /** C_EncryptUpdate. */
  byte[] encryptUpdate(long session, byte[] data) throws HsmException;

  /** C_EncryptFinal. */
  byte[] encryptFinal(long session) throws HsmException;

  /** C_Encrypt after C_EncryptInit. */
  byte[] encrypt(long session, byte[] data) throws HsmException;

  /** Single-part encrypt without session state. */
  HsmCrypto.Encrypted encrypt(long session, Mechanism m, long key, byte[] data) throws HsmException;

  /** Encrypt to a caller's public key (not an object). */
  byte[] encryptWithPublicKey(long session, Mechanism m, PublicKey key, byte[] data)
      throws HsmException;

  /** C_DecryptInit. */
  void decryptInit(long session, Mechanism m, long key) throws HsmException;

  /** C_DecryptUpdate. */
  byte[] decryptUpdate(long session, byte[] data) throws HsmException;

  /** C_DecryptFinal. */
  byte[] decryptFinal(long session) throws HsmException;

  /** C_Decrypt after C_DecryptInit. */
  byte[] decrypt(long session, byte[] data) throws HsmException;

  /** Single-part decrypt without session state. */
  byte[] decrypt(long session, Mechanism m, long key, byte[] data) throws HsmException;

  /** C_DigestInit. */
  void digestInit(long session, Mechanism m) throws HsmException;

  /** C_DigestUpdate. */
  void digestUpdate(long session, byte[] data) throws HsmException;

  /** C_DigestKey. */
  void digestKey(long session, long key) throws HsmException;

  /** C_DigestFinal. */
  byte[] digestFinal(long session) throws HsmException;

  /** Single-part digest. */
  byte[] digest(long session, Mechanism m, byte[] data) throws HsmException;

  /** C_SeedRandom. */
  void seedRandom(long session, byte[] seed) throws HsmException;

  /** C_WrapKey. */
  byte[] wrapKey(long session, Mechanism m, long wrappingKey, long key) throws HsmException;

  /** C_UnwrapKey. */
  long unwrapKey(long session, Mechanism m, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException;

  /** C_DeriveKey (base key 0 for PBKDF2). */
  long deriveKey(long session, Mechanism m, long baseKey, Attributes template) throws HsmException;

  /** ML-KEM encapsulation to a public key object. */
  HsmCrypto.Encapsulated encapsulate(long session, Mechanism m, long publicKey, Attributes template)
      throws HsmException;

  /** ML-KEM decapsulation. */
  long decapsulate(
      long session, Mechanism m, long privateKey, byte[] ciphertext, Attributes template)
      throws HsmException;
}
