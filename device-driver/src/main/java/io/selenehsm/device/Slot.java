package io.selenehsm.device;

import io.selenehsm.firmware.GeneratedKeyPair;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.HsmUtilization;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditStatus;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupPayloads;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.clone.TargetSecurity;
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
 *
 * <p>Every call is a {@link SlotCall} value run by {@link #call}, the one method an implementation
 * provides besides {@link #slotId} and {@link #info}; the typed methods below are conveniences that
 * build the value and run it. Session handles come from {@link #openSession} and are only valid on
 * the slot that issued them. Every call either succeeds or throws an {@link HsmException} with a
 * {@code CKR_*} code; a removed or failed device answers {@code CKR_TOKEN_NOT_PRESENT} or {@code
 * CKR_DEVICE_ERROR} and never hangs.
 *
 * <p>Admin-slot calls (HSM init, zeroize, policies, partition create/delete) refuse on an
 * application slot with {@code CKR_OPERATION_NOT_ALLOWED}, and partition calls refuse on the admin
 * slot likewise (see {@link CallScope}).
 */
public interface Slot {

  int slotId();

  /** What the slot shows now; never waits on a hung device and never throws. */
  SlotInfo info();

  /** Runs one call on this slot. */
  <R> R call(SlotCall<R> call) throws HsmException;

  // ---- session and login (LoginCall)

  /** C_OpenSession for application {@code appId}; the new session's handle. */
  default long openSession(long appId, boolean readWrite) throws HsmException {
    return call(new LoginCall.OpenSession(appId, readWrite));
  }

  /** C_CloseSession. */
  default void closeSession(long session) throws HsmException {
    call(new LoginCall.CloseSession(session));
  }

  /** C_CloseAllSessions of one application. */
  default void closeAllSessions(long appId) throws HsmException {
    call(new LoginCall.CloseAllSessions(appId));
  }

  /** C_GetSessionInfo. */
  default SessionInfo sessionInfo(long session) throws HsmException {
    return call(new LoginCall.GetSessionInfo(session));
  }

  /** C_Login. */
  default void login(long session, Role role, char[] pin) throws HsmException {
    call(new LoginCall.Login(session, role, pin));
  }

  /** C_Logout. */
  default void logout(long session) throws HsmException {
    call(new LoginCall.Logout(session));
  }

  /** C_InitPIN and its kin: creates a role's secret. */
  default void initRole(long session, Role role, char[] pin) throws HsmException {
    call(new LoginCall.InitRole(session, role, pin));
  }

  /** C_SetPIN: the logged-in role changes its own secret. */
  default void changePin(long session, char[] oldPin, char[] newPin) throws HsmException {
    call(new LoginCall.ChangePin(session, oldPin, newPin));
  }

  /** Resets another role's secret. */
  default void resetPin(long session, Role target, char[] newPin) throws HsmException {
    call(new LoginCall.ResetPin(session, target, newPin));
  }

  /** Logs a quorum-authenticated role in through the PED. */
  default void loginWithPed(long session, Role role, Ped ped) throws HsmException {
    call(new LoginCall.LoginWithPed(session, role, ped));
  }

  /** Creates a role whose secret is split M-of-N onto iKeys the PED hands out. */
  default void initRoleWithPed(long session, Role role, Ped ped, int m, int n) throws HsmException {
    call(new LoginCall.InitRoleWithPed(session, role, ped, m, n));
  }

  /** Sets the challenge secret applications use while a PED role is activated. */
  default void createChallenge(long session, Role role, char[] challenge) throws HsmException {
    call(new LoginCall.CreateChallenge(session, role, challenge));
  }

  /** Ends the activation of the session's role (all roles for the Partition SO). */
  default void deactivate(long session) throws HsmException {
    call(new LoginCall.Deactivate(session));
  }

  // ---- object management (ObjectCall)

  /** C_CreateObject. */
  default long createObject(long session, Attributes template) throws HsmException {
    return call(new ObjectCall.CreateObject(session, template));
  }

  /** C_CopyObject. */
  default long copyObject(long session, long handle, Attributes template) throws HsmException {
    return call(new ObjectCall.CopyObject(session, handle, template));
  }

  /** C_DestroyObject. */
  default void destroyObject(long session, long handle) throws HsmException {
    call(new ObjectCall.DestroyObject(session, handle));
  }

  /** C_FindObjects: the handles of every object matching the template. */
  default List<Long> findObjects(long session, Attributes template) throws HsmException {
    return call(new ObjectCall.FindObjects(session, template));
  }

  /** C_GetAttributeValue of one attribute. */
  default byte[] getAttribute(long session, long handle, long attributeType) throws HsmException {
    return call(new ObjectCall.GetAttribute(session, handle, attributeType));
  }

  /** Every attribute the session may read. */
  default Attributes getAttributes(long session, long handle) throws HsmException {
    return call(new ObjectCall.GetAttributes(session, handle));
  }

  /** C_GetObjectSize: the bytes the object takes in the partition's storage. */
  default long objectSize(long session, long handle) throws HsmException {
    return call(new ObjectCall.GetObjectSize(session, handle));
  }

  /** C_SetAttributeValue. */
  default void setAttributes(long session, long handle, Attributes change) throws HsmException {
    call(new ObjectCall.SetAttributes(session, handle, change));
  }

  /** C_GenerateRandom. */
  default byte[] generateRandom(long session, int length) throws HsmException {
    return call(new ObjectCall.GenerateRandom(session, length));
  }

  /** CA_AuthorizeKey: authorizes a key for this login with its authorization data. */
  default void authorizeKey(long session, long key, char[] authData) throws HsmException {
    call(new ObjectCall.AuthorizeKey(session, key, authData));
  }

  /** CA_SetAuthorizationData: changes a key's authorization data, knowing the old one. */
  default void setAuthorizationData(long session, long key, char[] oldData, char[] newData)
      throws HsmException {
    call(new ObjectCall.SetAuthorizationData(session, key, oldData, newData));
  }

  /** CA_ResetAuthorizationData: the Crypto Officer sets new data and clears the failure counter. */
  default void resetAuthorizationData(long session, long key, char[] newData) throws HsmException {
    call(new ObjectCall.ResetAuthorizationData(session, key, newData));
  }

  /** CA_AssignKey: the Crypto Officer makes a key usable by the users. */
  default void assignKey(long session, long key) throws HsmException {
    call(new ObjectCall.AssignKey(session, key));
  }

  /** Consecutive failed authorizations of a key. */
  default long failedKeyAuthorizations(long session, long key) throws HsmException {
    return call(new ObjectCall.FailedKeyAuthorizations(session, key));
  }

  // ---- single-part crypto (CryptoCall)

  /** The mechanisms the device serves. */
  default List<MechanismInfo> mechanisms() throws HsmException {
    return call(new CryptoCall.GetMechanisms());
  }

  /** C_GetMechanismInfo. */
  default MechanismInfo mechanismInfo(long mechanism) throws HsmException {
    return call(new CryptoCall.GetMechanismInfo(mechanism));
  }

  /** C_GenerateKey. */
  default long generateKey(long session, Mechanism mechanism, Attributes template)
      throws HsmException {
    return call(new CryptoCall.GenerateKey(session, mechanism, template));
  }

  /** C_GenerateKeyPair: {public handle, private handle}. */
  default long[] generateKeyPair(
      long session, Mechanism mechanism, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    return generateKeyPairObjects(session, mechanism, publicTemplate, privateTemplate).handles();
  }

  /**
   * C_GenerateKeyPair with each half's readable attributes (what C_GetAttributeValue would answer
   * right after), so the caller builds its key objects without a second call.
   */
  default GeneratedKeyPair generateKeyPairObjects(
      long session, Mechanism mechanism, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    return call(
        new CryptoCall.GenerateKeyPair(session, mechanism, publicTemplate, privateTemplate));
  }

  /** Single-part sign without session state. */
  default byte[] sign(long session, Mechanism mechanism, long key, byte[] data)
      throws HsmException {
    return call(new CryptoCall.Sign(session, mechanism, key, data));
  }

  /** Single-part verify without session state; returns only when valid. */
  default void verify(long session, Mechanism mechanism, long key, byte[] data, byte[] signature)
      throws HsmException {
    call(new CryptoCall.Verify(session, mechanism, key, data, signature));
  }

  /** Verify with a caller's public key (not an object). */
  default void verifyWithPublicKey(
      long session, Mechanism mechanism, PublicKey key, byte[] data, byte[] signature)
      throws HsmException {
    call(new CryptoCall.VerifyWithPublicKey(session, mechanism, key, data, signature));
  }

  /** Single-part encrypt without session state. */
  default Encrypted encrypt(long session, Mechanism mechanism, long key, byte[] data)
      throws HsmException {
    return call(new CryptoCall.Encrypt(session, mechanism, key, data));
  }

  /** Encrypt to a caller's public key (not an object). */
  default byte[] encryptWithPublicKey(long session, Mechanism mechanism, PublicKey key, byte[] data)
      throws HsmException {
    return call(new CryptoCall.EncryptWithPublicKey(session, mechanism, key, data));
  }

  /** Single-part decrypt without session state. */
  default byte[] decrypt(long session, Mechanism mechanism, long key, byte[] data)
      throws HsmException {
    return call(new CryptoCall.Decrypt(session, mechanism, key, data));
  }

  /** Single-part digest. */
  default byte[] digest(long session, Mechanism mechanism, byte[] data) throws HsmException {
    return call(new CryptoCall.Digest(session, mechanism, data));
  }

  /** C_SeedRandom. */
  default void seedRandom(long session, byte[] seed) throws HsmException {
    call(new CryptoCall.SeedRandom(session, seed));
  }

  /** C_WrapKey. */
  default byte[] wrapKey(long session, Mechanism mechanism, long wrappingKey, long key)
      throws HsmException {
    return call(new CryptoCall.WrapKey(session, mechanism, wrappingKey, key));
  }

  /** C_UnwrapKey. */
  default long unwrapKey(
      long session, Mechanism mechanism, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException {
    return call(new CryptoCall.UnwrapKey(session, mechanism, unwrappingKey, wrapped, template));
  }

  /** C_DeriveKey (base key 0 for PBKDF2). */
  default long deriveKey(long session, Mechanism mechanism, long baseKey, Attributes template)
      throws HsmException {
    return call(new CryptoCall.DeriveKey(session, mechanism, baseKey, template));
  }

  /** ML-KEM encapsulation to a public key object: the ciphertext and the new secret's handle. */
  default Encapsulated encapsulate(
      long session, Mechanism mechanism, long publicKey, Attributes template) throws HsmException {
    return call(new CryptoCall.Encapsulate(session, mechanism, publicKey, template));
  }

  /** ML-KEM decapsulation: the new secret's handle. */
  default long decapsulate(
      long session, Mechanism mechanism, long privateKey, byte[] ciphertext, Attributes template)
      throws HsmException {
    return call(new CryptoCall.Decapsulate(session, mechanism, privateKey, ciphertext, template));
  }

  // ---- multi-part crypto (MultiPartCall)

  /** C_SignInit. */
  default void signInit(long session, Mechanism mechanism, long key) throws HsmException {
    call(new MultiPartCall.SignInit(session, mechanism, key));
  }

  /** C_SignUpdate. */
  default void signUpdate(long session, byte[] data) throws HsmException {
    call(new MultiPartCall.SignUpdate(session, data));
  }

  /** C_SignFinal. */
  default byte[] signFinal(long session) throws HsmException {
    return call(new MultiPartCall.SignFinal(session));
  }

  /** C_Sign after C_SignInit. */
  default byte[] sign(long session, byte[] data) throws HsmException {
    return call(new MultiPartCall.SignInitialized(session, data));
  }

  /** C_VerifyInit. */
  default void verifyInit(long session, Mechanism mechanism, long key) throws HsmException {
    call(new MultiPartCall.VerifyInit(session, mechanism, key));
  }

  /** C_VerifyUpdate. */
  default void verifyUpdate(long session, byte[] data) throws HsmException {
    call(new MultiPartCall.VerifyUpdate(session, data));
  }

  /** C_VerifyFinal; returns only when valid. */
  default void verifyFinal(long session, byte[] signature) throws HsmException {
    call(new MultiPartCall.VerifyFinal(session, signature));
  }

  /** C_Verify after C_VerifyInit. */
  default void verify(long session, byte[] data, byte[] signature) throws HsmException {
    call(new MultiPartCall.VerifyInitialized(session, data, signature));
  }

  /** C_EncryptInit; returns an HSM-generated IV or an empty array. */
  default byte[] encryptInit(long session, Mechanism mechanism, long key) throws HsmException {
    return call(new MultiPartCall.EncryptInit(session, mechanism, key));
  }

  /** C_EncryptUpdate. */
  default byte[] encryptUpdate(long session, byte[] data) throws HsmException {
    return call(new MultiPartCall.EncryptUpdate(session, data));
  }

  /** C_EncryptFinal. */
  default byte[] encryptFinal(long session) throws HsmException {
    return call(new MultiPartCall.EncryptFinal(session));
  }

  /** C_Encrypt after C_EncryptInit. */
  default byte[] encrypt(long session, byte[] data) throws HsmException {
    return call(new MultiPartCall.EncryptInitialized(session, data));
  }

  /** C_DecryptInit. */
  default void decryptInit(long session, Mechanism mechanism, long key) throws HsmException {
    call(new MultiPartCall.DecryptInit(session, mechanism, key));
  }

  /** C_DecryptUpdate. */
  default byte[] decryptUpdate(long session, byte[] data) throws HsmException {
    return call(new MultiPartCall.DecryptUpdate(session, data));
  }

  /** C_DecryptFinal. */
  default byte[] decryptFinal(long session) throws HsmException {
    return call(new MultiPartCall.DecryptFinal(session));
  }

  /** C_Decrypt after C_DecryptInit. */
  default byte[] decrypt(long session, byte[] data) throws HsmException {
    return call(new MultiPartCall.DecryptInitialized(session, data));
  }

  /** C_DigestInit. */
  default void digestInit(long session, Mechanism mechanism) throws HsmException {
    call(new MultiPartCall.DigestInit(session, mechanism));
  }

  /** C_DigestUpdate. */
  default void digestUpdate(long session, byte[] data) throws HsmException {
    call(new MultiPartCall.DigestUpdate(session, data));
  }

  /** C_DigestKey. */
  default void digestKey(long session, long key) throws HsmException {
    call(new MultiPartCall.DigestKey(session, key));
  }

  /** C_DigestFinal. */
  default byte[] digestFinal(long session) throws HsmException {
    return call(new MultiPartCall.DigestFinal(session));
  }

  // ---- administration (AdminCall)

  /** The device this slot is on; answers on either kind of slot. */
  default HsmInfo hsmInfo() throws HsmException {
    return call(new AdminCall.GetHsmInfo());
  }

  /** Puts the HSM into Secure Transport Mode. */
  default StmStrings stmTransport(long session) throws HsmException {
    return call(new AdminCall.StmTransport(session));
  }

  /** Leaves Secure Transport Mode; the verification string. */
  default String stmRecover(long session, String randomUserString) throws HsmException {
    return call(new AdminCall.StmRecover(session, randomUserString));
  }

  /** The string {@code stm recover} would show, computed while the HSM stays in STM. */
  default String stmVerificationString(long session, String randomUserString) throws HsmException {
    return call(new AdminCall.StmVerificationString(session, randomUserString));
  }

  /** Initializes the HSM with a password-authenticated HSM SO. */
  default void initHsm(
      long session, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException {
    call(new AdminCall.InitHsm(session, label, soPin, domain, policyTemplate));
  }

  /** Initializes the HSM with a PED-authenticated HSM SO (blue iKeys, M of N). */
  default void initHsmWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    call(new AdminCall.InitHsmWithPed(session, label, domain, policyTemplate, ped, m, n));
  }

  /** Zeroizes the HSM. */
  default void zeroize(long session) throws HsmException {
    call(new AdminCall.Zeroize(session));
  }

  /** Returns the HSM to its factory state. */
  default void factoryReset() throws HsmException {
    call(new AdminCall.FactoryReset());
  }

  /** The HSM's capabilities and policies. */
  default PolicyValues hsmPolicies() throws HsmException {
    return call(new AdminCall.GetHsmPolicies());
  }

  /** The HSM policy template. */
  default String exportHsmPolicyTemplate() throws HsmException {
    return call(new AdminCall.ExportHsmPolicyTemplate());
  }

  /** Changes one HSM policy. */
  default void changeHsmPolicy(long session, int policy, int value) throws HsmException {
    call(new AdminCall.ChangeHsmPolicy(session, policy, value));
  }

  /**
   * Creates the application partition shown in slot {@code targetSlot} (version 0 = V0, 1 = V1).
   */
  default void createPartition(long session, int targetSlot, int version) throws HsmException {
    call(new AdminCall.CreatePartition(session, targetSlot, version));
  }

  /** Deletes the application partition shown in slot {@code targetSlot}. */
  default void deletePartition(long session, int targetSlot) throws HsmException {
    call(new AdminCall.DeletePartition(session, targetSlot));
  }

  /** The partition this slot shows. */
  default PartitionInfo partitionInfo() throws HsmException {
    return call(new AdminCall.GetPartitionInfo());
  }

  /** The partition's capabilities and policies. */
  default PolicyValues partitionPolicies() throws HsmException {
    return call(new AdminCall.GetPartitionPolicies());
  }

  /** The partition policy template. */
  default String exportPartitionPolicyTemplate() throws HsmException {
    return call(new AdminCall.ExportPartitionPolicyTemplate());
  }

  /** Initializes the partition with a password-authenticated Partition SO. */
  default void initPartition(
      long session, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException {
    call(new AdminCall.InitPartition(session, label, poPin, domain, policyTemplate));
  }

  /** Initializes the partition with a PED-authenticated Partition SO. */
  default void initPartitionWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    call(new AdminCall.InitPartitionWithPed(session, label, domain, policyTemplate, ped, m, n));
  }

  /** Changes one partition policy. */
  default void changePartitionPolicy(long session, int policy, int value) throws HsmException {
    call(new AdminCall.ChangePartitionPolicy(session, policy, value));
  }

  /** The last tamper event the HSM recorded, or null. */
  default String lastTamper() throws HsmException {
    return call(new AdminCall.LastTamper());
  }

  /** Restarts the device: sessions end, a tamper halt clears. */
  default void restart() throws HsmException {
    call(new AdminCall.Restart());
  }

  /** Partition utilization counters (HSM SO; HSM policy 49). */
  default Map<Integer, HsmUtilization.PartitionUsage> utilization(long session)
      throws HsmException {
    return call(new AdminCall.Utilization(session));
  }

  /** Resets the partition utilization counters (HSM SO). */
  default void resetUtilization(long session) throws HsmException {
    call(new AdminCall.ResetUtilization(session));
  }

  // ---- audit (AuditCall)

  /** The audit configuration. */
  default AuditConfig auditConfig() throws HsmException {
    return call(new AuditCall.GetAuditConfig());
  }

  /**
   * Applies one audit setting: {@code path P}, {@code evmask ...}, {@code interval ...}, {@code
   * size n}.
   */
  default void configureAudit(long session, String setting) throws HsmException {
    call(new AuditCall.ConfigureAudit(session, setting));
  }

  /** The audit log's status. */
  default AuditStatus auditStatus() throws HsmException {
    return call(new AuditCall.GetAuditStatus());
  }

  /** The time the audit log stamps records with. */
  default Instant auditTime() throws HsmException {
    return call(new AuditCall.GetAuditTime());
  }

  /** Sets the audit clock to the host's time. */
  default void syncAuditTime(long session, Instant hostTime) throws HsmException {
    call(new AuditCall.SyncAuditTime(session, hostTime));
  }

  /** Sets the audit domain (Auditor). */
  default void setAuditDomain(long session, String domain) throws HsmException {
    call(new AuditCall.SetAuditDomain(session, domain));
  }

  /** The log secret wrapped under the audit domain. */
  default String exportAuditSecret(long session) throws HsmException {
    return call(new AuditCall.ExportAuditSecret(session));
  }

  /** Imports another HSM's log secret; returns that HSM's serial. */
  default String importAuditSecret(long session, String file) throws HsmException {
    return call(new AuditCall.ImportAuditSecret(session, file));
  }

  /** Verifies audit log files, in order. */
  default VerificationResult verifyAuditLog(long session, List<Path> files) throws HsmException {
    return call(new AuditCall.VerifyAuditLog(session, files));
  }

  /** Rotates the records held in the device into a file now. */
  default Optional<Path> rotateAuditLog(long session) throws HsmException {
    return call(new AuditCall.RotateAuditLog(session));
  }

  /** The Auditor empties the in-device log buffer; returns the records discarded. */
  default int clearAuditLog(long session) throws HsmException {
    return call(new AuditCall.ClearAuditLog(session));
  }

  /** CA_LogExternal: an application message written to the audit log. */
  default void logExternal(long session, String message) throws HsmException {
    call(new AuditCall.LogExternal(session, message));
  }

  // ---- SKS (SksCall)

  /** The partition's SMK fingerprints (primary, rollover, legacy). */
  default SmkInfo smkInfo(long session) throws HsmException {
    return call(new SksCall.GetSmkInfo(session));
  }

  /** SMK rollover (Crypto Officer): a new primary; the old one still inserts. */
  default void rolloverSmk(long session) throws HsmException {
    call(new SksCall.RolloverSmk(session));
  }

  /** Size of the blob {@code sksExtract} would produce; nothing is produced or deleted. */
  default int sksExtractSize(long session, SksExtractRequest request) throws HsmException {
    return call(new SksCall.SksExtractSize(session, request));
  }

  /** Extracts objects into one blob sealed under the Primary SMK. */
  default byte[] sksExtract(long session, SksExtractRequest request) throws HsmException {
    return call(new SksCall.SksExtract(session, request));
  }

  /** Inserts a blob's objects as session objects; their handles, in blob order. */
  default long[] sksInsert(long session, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    return call(new SksCall.SksInsert(session, blob, authorization));
  }

  /**
   * HA replication into a V1 partition: inserts a blob's objects as they were extracted (token
   * objects stay token objects), keeping every attribute and the OUID; handles in blob order.
   */
  default long[] sksInsertReplica(long session, byte[] blob) throws HsmException {
    return call(new SksCall.SksInsertReplica(session, blob));
  }

  /** Signs every input with the key in the blob without leaving it inserted. */
  default List<byte[]> sksSignFromBlob(
      long session,
      byte[] blob,
      SksAuthorization authorization,
      Mechanism mechanism,
      List<byte[]> inputs)
      throws HsmException {
    return call(new SksCall.SksSignFromBlob(session, blob, authorization, mechanism, inputs));
  }

  // ---- cloning and backup (CloningCall)

  /**
   * Eight bytes naming this partition's cloning domain without revealing it: equal for two
   * partitions exactly when they can clone to each other. A status read.
   */
  default byte[] cloningDomainFingerprint() throws HsmException {
    return call(new CloningCall.CloningDomainFingerprint());
  }

  /** A fingerprint of this V1 partition's primary SMK; empty when it has none. */
  default Optional<byte[]> smkFingerprint() throws HsmException {
    return call(new CloningCall.SmkFingerprint());
  }

  /**
   * Cloning target (application slot) or backup target (a Backup HSM's admin slot): the descriptor
   * a source encrypts its payloads to, naming this device's cloning public key, tagged by the
   * partition's cloning domain. Payloads open only inside this device.
   */
  default byte[] cloningTarget(long session) throws HsmException {
    return call(new CloningCall.CloningTarget(session));
  }

  /**
   * Cloning source: the object sealed under the partition's domain key and encrypted to {@code
   * target} (a cloning-target descriptor of a partition of the same domain). {@code network} says
   * the target is on another host, which HSM policy 16 must allow on both ends.
   */
  default byte[] cloneObjectOut(long session, long handle, byte[] target, boolean network)
      throws HsmException {
    return call(new CloningCall.CloneObjectOut(session, handle, target, network));
  }

  /** Cloning target: stores the payload's object with every attribute and its OUID. */
  default long cloneObjectIn(long session, byte[] payload, boolean network) throws HsmException {
    return call(new CloningCall.CloneObjectIn(session, payload, network));
  }

  /** Cloning source for a V1 partition's SMK, encrypted to {@code target} as for objects. */
  default byte[] cloneSmkOut(long session, byte[] target, boolean network) throws HsmException {
    return call(new CloningCall.CloneSmkOut(session, target, network));
  }

  /** Cloning target for an SMK: this V1 partition takes it as its primary SMK. */
  default void cloneSmkIn(long session, byte[] payload, boolean network) throws HsmException {
    call(new CloningCall.CloneSmkIn(session, payload, network));
  }

  /**
   * {@code partition archive backup}: this partition's token objects (V0) or SMK (V1) into {@code
   * container} on the Backup HSM whose admin slot is {@code backupSlot}, where {@code
   * backupSession} is logged in as HSM SO. {@code append} adds only what the container lacks, by
   * OUID.
   */
  default BackupReport backupPartition(
      long session, Slot backupSlot, long backupSession, String container, boolean append)
      throws HsmException {
    return call(
        new CloningCall.BackupPartition(session, backupSlot, backupSession, container, append));
  }

  /** {@code partition archive restore}: adds the container's objects this partition lacks. */
  default BackupReport restorePartition(
      long session, Slot backupSlot, long backupSession, String container) throws HsmException {
    return call(new CloningCall.RestorePartition(session, backupSlot, backupSession, container));
  }

  /** The containers on this Backup HSM (admin slot, HSM SO session). */
  default List<BackupContainerInfo> listBackups(long session) throws HsmException {
    return call(new CloningCall.ListBackups(session));
  }

  /** Deletes a container on this Backup HSM (admin slot, HSM SO session). */
  default void deleteBackup(long session, String container) throws HsmException {
    call(new CloningCall.DeleteBackup(session, container));
  }

  // ---- the steps of a backup or restore (PartitionBackup drives them between two slots)

  /** Backup HSM side: files payloads encrypted to this Backup HSM in {@code container}. */
  default BackupReport storeBackup(
      long session, String container, String source, List<byte[]> payloads, boolean append)
      throws HsmException {
    return call(new CloningCall.StoreBackup(session, container, source, payloads, append));
  }

  /** Backup HSM side: the container's payloads re-encrypted to {@code restoreTarget}. */
  default List<byte[]> fetchBackup(
      long session, String container, TargetSecurity target, byte[] restoreTarget)
      throws HsmException {
    return call(new CloningCall.FetchBackup(session, container, target, restoreTarget));
  }

  /** Partition side: this partition's backup payloads encrypted to {@code backupTarget}. */
  default BackupPayloads backupOut(long session, byte[] backupTarget, boolean remote)
      throws HsmException {
    return call(new CloningCall.BackupOut(session, backupTarget, remote));
  }

  /** Partition side: what this partition reports of itself as a restore target. */
  default TargetSecurity restoreSecurity() throws HsmException {
    return call(new CloningCall.RestoreSecurity());
  }

  /** Partition side: adds the payloads' objects this partition lacks. */
  default BackupReport restoreIn(
      long session, String container, List<byte[]> payloads, boolean remote) throws HsmException {
    return call(new CloningCall.RestoreIn(session, container, payloads, remote));
  }
}
