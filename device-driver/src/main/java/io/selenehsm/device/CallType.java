package io.selenehsm.device;

/**
 * Every call of the Slot API by name, with what a slot and a router need to know of it: its {@link
 * CallKind}, the kind of slot it belongs on, its name in messages and its command class. The device
 * service names calls on the wire by these constants.
 */
public enum CallType {
  // session and login
  OPEN_SESSION(
      LoginCall.OpenSession.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "open session",
      CommandClass.DEFAULT),
  CLOSE_SESSION(
      LoginCall.CloseSession.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "close session",
      CommandClass.DEFAULT),
  CLOSE_ALL_SESSIONS(
      LoginCall.CloseAllSessions.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "close all sessions",
      CommandClass.DEFAULT),
  GET_SESSION_INFO(
      LoginCall.GetSessionInfo.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "session info",
      CommandClass.DEFAULT),
  LOGIN(
      LoginCall.Login.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "role login",
      CommandClass.DEFAULT),
  LOGOUT(
      LoginCall.Logout.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "role logout",
      CommandClass.DEFAULT),
  INIT_ROLE(
      LoginCall.InitRole.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "role init",
      CommandClass.DEFAULT),
  CHANGE_PIN(
      LoginCall.ChangePin.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "role changepw",
      CommandClass.DEFAULT),
  RESET_PIN(
      LoginCall.ResetPin.class,
      CallKind.SESSION,
      CallScope.EITHER,
      "role resetpw",
      CommandClass.DEFAULT),
  LOGIN_WITH_PED(
      LoginCall.LoginWithPed.class,
      CallKind.ADMIN,
      CallScope.EITHER,
      "role login -iped",
      CommandClass.DEFAULT),
  INIT_ROLE_WITH_PED(
      LoginCall.InitRoleWithPed.class,
      CallKind.ADMIN,
      CallScope.EITHER,
      "role init -iped",
      CommandClass.DEFAULT),
  CREATE_CHALLENGE(
      LoginCall.CreateChallenge.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "role createchallenge",
      CommandClass.DEFAULT),
  DEACTIVATE(
      LoginCall.Deactivate.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "role deactivate",
      CommandClass.DEFAULT),
  // object management
  CREATE_OBJECT(
      ObjectCall.CreateObject.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "create object",
      CommandClass.DEFAULT),
  COPY_OBJECT(
      ObjectCall.CopyObject.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "copy object",
      CommandClass.DEFAULT),
  DESTROY_OBJECT(
      ObjectCall.DestroyObject.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "destroy object",
      CommandClass.DEFAULT),
  FIND_OBJECTS(
      ObjectCall.FindObjects.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "find objects",
      CommandClass.DEFAULT),
  GET_ATTRIBUTE(
      ObjectCall.GetAttribute.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "get attribute",
      CommandClass.DEFAULT),
  GET_ATTRIBUTES(
      ObjectCall.GetAttributes.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "get attributes",
      CommandClass.DEFAULT),
  GET_OBJECT_SIZE(
      ObjectCall.GetObjectSize.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "get object size",
      CommandClass.DEFAULT),
  SET_ATTRIBUTES(
      ObjectCall.SetAttributes.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "set attributes",
      CommandClass.DEFAULT),
  GENERATE_RANDOM(
      ObjectCall.GenerateRandom.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "generate random",
      CommandClass.DEFAULT),
  AUTHORIZE_KEY(
      ObjectCall.AuthorizeKey.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "authorize key",
      CommandClass.DEFAULT),
  SET_AUTHORIZATION_DATA(
      ObjectCall.SetAuthorizationData.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "set authorization data",
      CommandClass.DEFAULT),
  RESET_AUTHORIZATION_DATA(
      ObjectCall.ResetAuthorizationData.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "reset authorization data",
      CommandClass.DEFAULT),
  ASSIGN_KEY(
      ObjectCall.AssignKey.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "assign key",
      CommandClass.DEFAULT),
  FAILED_KEY_AUTHORIZATIONS(
      ObjectCall.FailedKeyAuthorizations.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "key authorization count",
      CommandClass.DEFAULT),
  // single-part crypto
  GET_MECHANISMS(
      CryptoCall.GetMechanisms.class,
      CallKind.STATUS,
      CallScope.EITHER,
      "mechanisms",
      CommandClass.DEFAULT),
  GET_MECHANISM_INFO(
      CryptoCall.GetMechanismInfo.class,
      CallKind.STATUS,
      CallScope.EITHER,
      "mechanism info",
      CommandClass.DEFAULT),
  GENERATE_KEY(
      CryptoCall.GenerateKey.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.KEYPAIR_GEN),
  GENERATE_KEY_PAIR(
      CryptoCall.GenerateKeyPair.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.KEYPAIR_GEN),
  SIGN(
      CryptoCall.Sign.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY(
      CryptoCall.Verify.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_WITH_PUBLIC_KEY(
      CryptoCall.VerifyWithPublicKey.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT(
      CryptoCall.Encrypt.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_WITH_PUBLIC_KEY(
      CryptoCall.EncryptWithPublicKey.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT(
      CryptoCall.Decrypt.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST(
      CryptoCall.Digest.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SEED_RANDOM(
      CryptoCall.SeedRandom.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  WRAP_KEY(
      CryptoCall.WrapKey.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  UNWRAP_KEY(
      CryptoCall.UnwrapKey.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DERIVE_KEY(
      CryptoCall.DeriveKey.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCAPSULATE(
      CryptoCall.Encapsulate.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECAPSULATE(
      CryptoCall.Decapsulate.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  // multi-part crypto
  SIGN_INIT(
      MultiPartCall.SignInit.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SIGN_UPDATE(
      MultiPartCall.SignUpdate.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SIGN_FINAL(
      MultiPartCall.SignFinal.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SIGN_INITIALIZED(
      MultiPartCall.SignInitialized.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_INIT(
      MultiPartCall.VerifyInit.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_UPDATE(
      MultiPartCall.VerifyUpdate.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_FINAL(
      MultiPartCall.VerifyFinal.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_INITIALIZED(
      MultiPartCall.VerifyInitialized.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_INIT(
      MultiPartCall.EncryptInit.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_UPDATE(
      MultiPartCall.EncryptUpdate.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_FINAL(
      MultiPartCall.EncryptFinal.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_INITIALIZED(
      MultiPartCall.EncryptInitialized.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_INIT(
      MultiPartCall.DecryptInit.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_UPDATE(
      MultiPartCall.DecryptUpdate.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_FINAL(
      MultiPartCall.DecryptFinal.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_INITIALIZED(
      MultiPartCall.DecryptInitialized.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_INIT(
      MultiPartCall.DigestInit.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_UPDATE(
      MultiPartCall.DigestUpdate.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_KEY(
      MultiPartCall.DigestKey.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_FINAL(
      MultiPartCall.DigestFinal.class,
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  // administration
  GET_HSM_INFO(
      AdminCall.GetHsmInfo.class,
      CallKind.STATUS,
      CallScope.EITHER,
      "hsm showinfo",
      CommandClass.DEFAULT),
  STM_TRANSPORT(
      AdminCall.StmTransport.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "stm transport",
      CommandClass.DEFAULT),
  STM_RECOVER(
      AdminCall.StmRecover.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "stm recover",
      CommandClass.DEFAULT),
  STM_VERIFICATION_STRING(
      AdminCall.StmVerificationString.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "stm recover",
      CommandClass.DEFAULT),
  INIT_HSM(
      AdminCall.InitHsm.class, CallKind.ADMIN, CallScope.ADMIN, "hsm init", CommandClass.DEFAULT),
  INIT_HSM_WITH_PED(
      AdminCall.InitHsmWithPed.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm init -iped",
      CommandClass.DEFAULT),
  ZEROIZE(
      AdminCall.Zeroize.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm zeroize",
      CommandClass.DEFAULT),
  FACTORY_RESET(
      AdminCall.FactoryReset.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm factoryreset",
      CommandClass.DEFAULT),
  GET_HSM_POLICIES(
      AdminCall.GetHsmPolicies.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm showpolicies",
      CommandClass.DEFAULT),
  EXPORT_HSM_POLICY_TEMPLATE(
      AdminCall.ExportHsmPolicyTemplate.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm showpolicies -exporttemplate",
      CommandClass.DEFAULT),
  CHANGE_HSM_POLICY(
      AdminCall.ChangeHsmPolicy.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm changehsmpolicy",
      CommandClass.DEFAULT),
  CREATE_PARTITION(
      AdminCall.CreatePartition.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "partition create",
      CommandClass.DEFAULT),
  DELETE_PARTITION(
      AdminCall.DeletePartition.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "partition delete",
      CommandClass.DEFAULT),
  GET_PARTITION_INFO(
      AdminCall.GetPartitionInfo.class,
      CallKind.STATUS,
      CallScope.APPLICATION,
      "partition showinfo",
      CommandClass.DEFAULT),
  GET_PARTITION_POLICIES(
      AdminCall.GetPartitionPolicies.class,
      CallKind.STATUS,
      CallScope.APPLICATION,
      "partition showpolicies",
      CommandClass.DEFAULT),
  EXPORT_PARTITION_POLICY_TEMPLATE(
      AdminCall.ExportPartitionPolicyTemplate.class,
      CallKind.STATUS,
      CallScope.APPLICATION,
      "partition showpolicies -exporttemplate",
      CommandClass.DEFAULT),
  INIT_PARTITION(
      AdminCall.InitPartition.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "partition init",
      CommandClass.DEFAULT),
  INIT_PARTITION_WITH_PED(
      AdminCall.InitPartitionWithPed.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "partition init -iped",
      CommandClass.DEFAULT),
  CHANGE_PARTITION_POLICY(
      AdminCall.ChangePartitionPolicy.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "partition changepolicy",
      CommandClass.DEFAULT),
  LAST_TAMPER(
      AdminCall.LastTamper.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm tampershow",
      CommandClass.DEFAULT),
  RESTART(
      AdminCall.Restart.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm restart",
      CommandClass.DEFAULT),
  UTILIZATION(
      AdminCall.Utilization.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm showutilization",
      CommandClass.DEFAULT),
  RESET_UTILIZATION(
      AdminCall.ResetUtilization.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "hsm resetutilization",
      CommandClass.DEFAULT),
  // audit
  GET_AUDIT_CONFIG(
      AuditCall.GetAuditConfig.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit config show",
      CommandClass.DEFAULT),
  CONFIGURE_AUDIT(
      AuditCall.ConfigureAudit.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit config",
      CommandClass.DEFAULT),
  GET_AUDIT_STATUS(
      AuditCall.GetAuditStatus.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit status",
      CommandClass.DEFAULT),
  GET_AUDIT_TIME(
      AuditCall.GetAuditTime.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit time get",
      CommandClass.DEFAULT),
  SYNC_AUDIT_TIME(
      AuditCall.SyncAuditTime.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit time sync",
      CommandClass.DEFAULT),
  SET_AUDIT_DOMAIN(
      AuditCall.SetAuditDomain.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "role setdomain",
      CommandClass.DEFAULT),
  EXPORT_AUDIT_SECRET(
      AuditCall.ExportAuditSecret.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit export",
      CommandClass.DEFAULT),
  IMPORT_AUDIT_SECRET(
      AuditCall.ImportAuditSecret.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit import",
      CommandClass.DEFAULT),
  VERIFY_AUDIT_LOG(
      AuditCall.VerifyAuditLog.class,
      CallKind.ADMIN,
      CallScope.EITHER,
      "audit verify",
      CommandClass.DEFAULT),
  ROTATE_AUDIT_LOG(
      AuditCall.RotateAuditLog.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit rotate",
      CommandClass.DEFAULT),
  CLEAR_AUDIT_LOG(
      AuditCall.ClearAuditLog.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "audit clear",
      CommandClass.DEFAULT),
  LOG_EXTERNAL(
      AuditCall.LogExternal.class,
      CallKind.ADMIN,
      CallScope.EITHER,
      "audit logmsg",
      CommandClass.DEFAULT),
  // SKS
  GET_SMK_INFO(
      SksCall.GetSmkInfo.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "smk show",
      CommandClass.DEFAULT),
  ROLLOVER_SMK(
      SksCall.RolloverSmk.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "smk rollover",
      CommandClass.DEFAULT),
  SKS_EXTRACT_SIZE(
      SksCall.SksExtractSize.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "sks extract",
      CommandClass.DEFAULT),
  SKS_EXTRACT(
      SksCall.SksExtract.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "sks extract",
      CommandClass.DEFAULT),
  SKS_INSERT(
      SksCall.SksInsert.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "sks insert",
      CommandClass.DEFAULT),
  SKS_INSERT_REPLICA(
      SksCall.SksInsertReplica.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "sks insert",
      CommandClass.DEFAULT),
  SKS_SIGN_FROM_BLOB(
      SksCall.SksSignFromBlob.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "sks multisign",
      CommandClass.DEFAULT),
  // cloning and backup
  CLONING_DOMAIN_FINGERPRINT(
      CloningCall.CloningDomainFingerprint.class,
      CallKind.STATUS,
      CallScope.APPLICATION,
      "partition domain fingerprint",
      CommandClass.DEFAULT),
  SMK_FINGERPRINT(
      CloningCall.SmkFingerprint.class,
      CallKind.STATUS,
      CallScope.APPLICATION,
      "partition SMK fingerprint",
      CommandClass.DEFAULT),
  CLONING_TARGET(
      CloningCall.CloningTarget.class,
      CallKind.READ,
      CallScope.EITHER,
      "cloning target",
      CommandClass.DEFAULT),
  CLONE_OBJECT_OUT(
      CloningCall.CloneObjectOut.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "clone object",
      CommandClass.CLONING),
  CLONE_OBJECT_IN(
      CloningCall.CloneObjectIn.class,
      CallKind.CREATE,
      CallScope.APPLICATION,
      "clone object",
      CommandClass.CLONING),
  CLONE_SMK_OUT(
      CloningCall.CloneSmkOut.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "clone SMK",
      CommandClass.CLONING),
  CLONE_SMK_IN(
      CloningCall.CloneSmkIn.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "clone SMK",
      CommandClass.CLONING),
  BACKUP_PARTITION(
      CloningCall.BackupPartition.class,
      CallKind.READ,
      CallScope.APPLICATION,
      "partition archive backup",
      CommandClass.CLONING),
  RESTORE_PARTITION(
      CloningCall.RestorePartition.class,
      CallKind.CHANGE,
      CallScope.APPLICATION,
      "partition archive restore",
      CommandClass.CLONING),
  LIST_BACKUPS(
      CloningCall.ListBackups.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "partition archive list",
      CommandClass.CLONING),
  DELETE_BACKUP(
      CloningCall.DeleteBackup.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "partition archive delete",
      CommandClass.CLONING),
  // the steps of a backup and a restore, so the Backup HSM can be another host's (appended: the
  // device service names calls by ordinal). ADMIN kind: an HA group backs up through
  // BACKUP_PARTITION, never step by step.
  STORE_BACKUP(
      CloningCall.StoreBackup.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "partition archive backup (Backup HSM side)",
      CommandClass.CLONING),
  FETCH_BACKUP(
      CloningCall.FetchBackup.class,
      CallKind.ADMIN,
      CallScope.ADMIN,
      "partition archive restore (Backup HSM side)",
      CommandClass.CLONING),
  BACKUP_OUT(
      CloningCall.BackupOut.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "partition archive backup (partition side)",
      CommandClass.CLONING),
  RESTORE_SECURITY(
      CloningCall.RestoreSecurity.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "partition archive restore (target report)",
      CommandClass.DEFAULT),
  RESTORE_IN(
      CloningCall.RestoreIn.class,
      CallKind.ADMIN,
      CallScope.APPLICATION,
      "partition archive restore (partition side)",
      CommandClass.CLONING);

  /** The record class of each call, for {@link #of}: one lookup per class, then a field read. */
  private static final ClassValue<CallType> BY_CLASS =
      new ClassValue<>() {
        @Override
        protected CallType computeValue(Class<?> type) {
          for (CallType t : values()) {
            if (t.record == type) {
              return t;
            }
          }
          throw new IllegalArgumentException(type + " is no Slot call");
        }
      };

  private final Class<? extends SlotCall<?>> record;
  private final CallKind kind;
  private final CallScope scope;
  private final String command;
  private final CommandClass commandClass;

  CallType(
      Class<? extends SlotCall<?>> record,
      CallKind kind,
      CallScope scope,
      String command,
      CommandClass commandClass) {
    this.record = record;
    this.kind = kind;
    this.scope = scope;
    this.command = command;
    this.commandClass = commandClass;
  }

  /** The type of a call value. */
  public static CallType of(SlotCall<?> call) {
    return BY_CLASS.get(call.getClass());
  }

  /** The record class that carries this call. */
  public Class<? extends SlotCall<?>> record() {
    return record;
  }

  public CallKind kind() {
    return kind;
  }

  public CallScope scope() {
    return scope;
  }

  public String command() {
    return command;
  }

  public CommandClass commandClass() {
    return commandClass;
  }
}
