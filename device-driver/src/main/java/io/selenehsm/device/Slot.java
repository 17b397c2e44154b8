package io.selenehsm.device;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;

/**
 * The Cryptoki-shaped Slot API: what an application or the admin shell can do with one slot.
 * A slot is an admin partition, an application partition, a Backup HSM placeholder or an HA
 * virtual slot. Session handles come from {@link #openSession} and are only valid on the slot
 * that issued them. Every method either succeeds or throws an {@link HsmException} with a
 * {@code CKR_*} code; a removed or failed device answers {@code CKR_TOKEN_NOT_PRESENT} or
 * {@code CKR_DEVICE_ERROR} and never hangs.
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

  // ---- admin slot
  HsmInfo hsmInfo() throws HsmException;

  Hsm.StmStrings stmTransport(long session) throws HsmException;

  String stmRecover(long session, String randomUserString) throws HsmException;

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

  void initPartition(long session, String label, char[] poPin, String domain,
      String policyTemplate) throws HsmException;

  void changePartitionPolicy(long session, int policy, int value) throws HsmException;

  long createObject(long session, Attributes template) throws HsmException;

  long copyObject(long session, long handle, Attributes template) throws HsmException;

  void destroyObject(long session, long handle) throws HsmException;

  List<Long> findObjects(long session, Attributes template) throws HsmException;

  byte[] getAttribute(long session, long handle, long type) throws HsmException;

  Attributes getAttributes(long session, long handle) throws HsmException;

  void setAttributes(long session, long handle, Attributes change) throws HsmException;

  byte[] generateRandom(long session, int length) throws HsmException;
}
