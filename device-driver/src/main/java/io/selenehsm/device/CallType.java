package io.selenehsm.device;

/**
 * Every call of the Slot API by name, with what a slot and a router need to know of it: its {@link
 * CallKind}, the kind of slot it belongs on, its name in messages and its command class. The device
 * service names calls on the wire by these constants.
 */
public enum CallType {
  // session and login
  OPEN_SESSION(CallKind.SESSION, CallScope.EITHER, "open session", CommandClass.DEFAULT),
  CLOSE_SESSION(CallKind.SESSION, CallScope.EITHER, "close session", CommandClass.DEFAULT),
  CLOSE_ALL_SESSIONS(
      CallKind.SESSION, CallScope.EITHER, "close all sessions", CommandClass.DEFAULT),
  GET_SESSION_INFO(CallKind.SESSION, CallScope.EITHER, "session info", CommandClass.DEFAULT),
  LOGIN(CallKind.SESSION, CallScope.EITHER, "role login", CommandClass.DEFAULT),
  LOGOUT(CallKind.SESSION, CallScope.EITHER, "role logout", CommandClass.DEFAULT),
  INIT_ROLE(CallKind.SESSION, CallScope.EITHER, "role init", CommandClass.DEFAULT),
  CHANGE_PIN(CallKind.SESSION, CallScope.EITHER, "role changepw", CommandClass.DEFAULT),
  RESET_PIN(CallKind.SESSION, CallScope.EITHER, "role resetpw", CommandClass.DEFAULT),
  LOGIN_WITH_PED(CallKind.ADMIN, CallScope.EITHER, "role login -iped", CommandClass.DEFAULT),
  INIT_ROLE_WITH_PED(CallKind.ADMIN, CallScope.EITHER, "role init -iped", CommandClass.DEFAULT),
  CREATE_CHALLENGE(
      CallKind.ADMIN, CallScope.APPLICATION, "role createchallenge", CommandClass.DEFAULT),
  DEACTIVATE(CallKind.ADMIN, CallScope.APPLICATION, "role deactivate", CommandClass.DEFAULT),
  // object management
  CREATE_OBJECT(CallKind.CREATE, CallScope.APPLICATION, "create object", CommandClass.DEFAULT),
  COPY_OBJECT(CallKind.CREATE, CallScope.APPLICATION, "copy object", CommandClass.DEFAULT),
  DESTROY_OBJECT(CallKind.CHANGE, CallScope.APPLICATION, "destroy object", CommandClass.DEFAULT),
  FIND_OBJECTS(CallKind.READ, CallScope.APPLICATION, "find objects", CommandClass.DEFAULT),
  GET_ATTRIBUTE(CallKind.READ, CallScope.APPLICATION, "get attribute", CommandClass.DEFAULT),
  GET_ATTRIBUTES(CallKind.READ, CallScope.APPLICATION, "get attributes", CommandClass.DEFAULT),
  GET_OBJECT_SIZE(CallKind.READ, CallScope.APPLICATION, "get object size", CommandClass.DEFAULT),
  SET_ATTRIBUTES(CallKind.CHANGE, CallScope.APPLICATION, "set attributes", CommandClass.DEFAULT),
  GENERATE_RANDOM(CallKind.READ, CallScope.APPLICATION, "generate random", CommandClass.DEFAULT),
  AUTHORIZE_KEY(CallKind.CHANGE, CallScope.APPLICATION, "authorize key", CommandClass.DEFAULT),
  SET_AUTHORIZATION_DATA(
      CallKind.CHANGE, CallScope.APPLICATION, "set authorization data", CommandClass.DEFAULT),
  RESET_AUTHORIZATION_DATA(
      CallKind.CHANGE, CallScope.APPLICATION, "reset authorization data", CommandClass.DEFAULT),
  ASSIGN_KEY(CallKind.CHANGE, CallScope.APPLICATION, "assign key", CommandClass.DEFAULT),
  FAILED_KEY_AUTHORIZATIONS(
      CallKind.READ, CallScope.APPLICATION, "key authorization count", CommandClass.DEFAULT),
  // single-part crypto
  GET_MECHANISMS(CallKind.STATUS, CallScope.EITHER, "mechanisms", CommandClass.DEFAULT),
  GET_MECHANISM_INFO(CallKind.STATUS, CallScope.EITHER, "mechanism info", CommandClass.DEFAULT),
  GENERATE_KEY(
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.KEYPAIR_GEN),
  GENERATE_KEY_PAIR(
      CallKind.CREATE,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.KEYPAIR_GEN),
  SIGN(CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  VERIFY(CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  VERIFY_WITH_PUBLIC_KEY(
      CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  ENCRYPT(CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  ENCRYPT_WITH_PUBLIC_KEY(
      CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  DECRYPT(CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  DIGEST(CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  SEED_RANDOM(
      CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  WRAP_KEY(CallKind.READ, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  UNWRAP_KEY(
      CallKind.CREATE, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  DERIVE_KEY(
      CallKind.CREATE, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  ENCAPSULATE(
      CallKind.CREATE, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  DECAPSULATE(
      CallKind.CREATE, CallScope.APPLICATION, "a cryptographic operation", CommandClass.DEFAULT),
  // multi-part crypto
  SIGN_INIT(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SIGN_UPDATE(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SIGN_FINAL(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  SIGN_INITIALIZED(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_INIT(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_UPDATE(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_FINAL(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  VERIFY_INITIALIZED(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_INIT(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_UPDATE(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_FINAL(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  ENCRYPT_INITIALIZED(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_INIT(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_UPDATE(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_FINAL(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DECRYPT_INITIALIZED(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_INIT(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_UPDATE(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_KEY(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  DIGEST_FINAL(
      CallKind.MULTI_PART,
      CallScope.APPLICATION,
      "a cryptographic operation",
      CommandClass.DEFAULT),
  // administration
  GET_HSM_INFO(CallKind.STATUS, CallScope.EITHER, "hsm showinfo", CommandClass.DEFAULT),
  STM_TRANSPORT(CallKind.ADMIN, CallScope.ADMIN, "stm transport", CommandClass.DEFAULT),
  STM_RECOVER(CallKind.ADMIN, CallScope.ADMIN, "stm recover", CommandClass.DEFAULT),
  STM_VERIFICATION_STRING(CallKind.ADMIN, CallScope.ADMIN, "stm recover", CommandClass.DEFAULT),
  INIT_HSM(CallKind.ADMIN, CallScope.ADMIN, "hsm init", CommandClass.DEFAULT),
  INIT_HSM_WITH_PED(CallKind.ADMIN, CallScope.ADMIN, "hsm init -iped", CommandClass.DEFAULT),
  ZEROIZE(CallKind.ADMIN, CallScope.ADMIN, "hsm zeroize", CommandClass.DEFAULT),
  FACTORY_RESET(CallKind.ADMIN, CallScope.ADMIN, "hsm factoryreset", CommandClass.DEFAULT),
  GET_HSM_POLICIES(CallKind.ADMIN, CallScope.ADMIN, "hsm showpolicies", CommandClass.DEFAULT),
  EXPORT_HSM_POLICY_TEMPLATE(
      CallKind.ADMIN, CallScope.ADMIN, "hsm showpolicies -exporttemplate", CommandClass.DEFAULT),
  CHANGE_HSM_POLICY(CallKind.ADMIN, CallScope.ADMIN, "hsm changehsmpolicy", CommandClass.DEFAULT),
  CREATE_PARTITION(CallKind.ADMIN, CallScope.ADMIN, "partition create", CommandClass.DEFAULT),
  DELETE_PARTITION(CallKind.ADMIN, CallScope.ADMIN, "partition delete", CommandClass.DEFAULT),
  GET_PARTITION_INFO(
      CallKind.STATUS, CallScope.APPLICATION, "partition showinfo", CommandClass.DEFAULT),
  GET_PARTITION_POLICIES(
      CallKind.STATUS, CallScope.APPLICATION, "partition showpolicies", CommandClass.DEFAULT),
  EXPORT_PARTITION_POLICY_TEMPLATE(
      CallKind.STATUS,
      CallScope.APPLICATION,
      "partition showpolicies -exporttemplate",
      CommandClass.DEFAULT),
  INIT_PARTITION(CallKind.ADMIN, CallScope.APPLICATION, "partition init", CommandClass.DEFAULT),
  INIT_PARTITION_WITH_PED(
      CallKind.ADMIN, CallScope.APPLICATION, "partition init -iped", CommandClass.DEFAULT),
  CHANGE_PARTITION_POLICY(
      CallKind.ADMIN, CallScope.APPLICATION, "partition changepolicy", CommandClass.DEFAULT),
  LAST_TAMPER(CallKind.ADMIN, CallScope.ADMIN, "hsm tampershow", CommandClass.DEFAULT),
  RESTART(CallKind.ADMIN, CallScope.ADMIN, "hsm restart", CommandClass.DEFAULT),
  UTILIZATION(CallKind.ADMIN, CallScope.ADMIN, "hsm showutilization", CommandClass.DEFAULT),
  RESET_UTILIZATION(CallKind.ADMIN, CallScope.ADMIN, "hsm resetutilization", CommandClass.DEFAULT),
  // audit
  GET_AUDIT_CONFIG(CallKind.ADMIN, CallScope.ADMIN, "audit config show", CommandClass.DEFAULT),
  CONFIGURE_AUDIT(CallKind.ADMIN, CallScope.ADMIN, "audit config", CommandClass.DEFAULT),
  GET_AUDIT_STATUS(CallKind.ADMIN, CallScope.ADMIN, "audit status", CommandClass.DEFAULT),
  GET_AUDIT_TIME(CallKind.ADMIN, CallScope.ADMIN, "audit time get", CommandClass.DEFAULT),
  SYNC_AUDIT_TIME(CallKind.ADMIN, CallScope.ADMIN, "audit time sync", CommandClass.DEFAULT),
  SET_AUDIT_DOMAIN(CallKind.ADMIN, CallScope.ADMIN, "role setdomain", CommandClass.DEFAULT),
  EXPORT_AUDIT_SECRET(CallKind.ADMIN, CallScope.ADMIN, "audit export", CommandClass.DEFAULT),
  IMPORT_AUDIT_SECRET(CallKind.ADMIN, CallScope.ADMIN, "audit import", CommandClass.DEFAULT),
  VERIFY_AUDIT_LOG(CallKind.ADMIN, CallScope.EITHER, "audit verify", CommandClass.DEFAULT),
  ROTATE_AUDIT_LOG(CallKind.ADMIN, CallScope.ADMIN, "audit rotate", CommandClass.DEFAULT),
  CLEAR_AUDIT_LOG(CallKind.ADMIN, CallScope.ADMIN, "audit clear", CommandClass.DEFAULT),
  LOG_EXTERNAL(CallKind.ADMIN, CallScope.EITHER, "audit logmsg", CommandClass.DEFAULT),
  // SKS
  GET_SMK_INFO(CallKind.READ, CallScope.APPLICATION, "smk show", CommandClass.DEFAULT),
  ROLLOVER_SMK(CallKind.CHANGE, CallScope.APPLICATION, "smk rollover", CommandClass.DEFAULT),
  SKS_EXTRACT_SIZE(CallKind.READ, CallScope.APPLICATION, "sks extract", CommandClass.DEFAULT),
  SKS_EXTRACT(CallKind.READ, CallScope.APPLICATION, "sks extract", CommandClass.DEFAULT),
  SKS_INSERT(CallKind.CREATE, CallScope.APPLICATION, "sks insert", CommandClass.DEFAULT),
  SKS_INSERT_REPLICA(CallKind.CREATE, CallScope.APPLICATION, "sks insert", CommandClass.DEFAULT),
  SKS_SIGN_FROM_BLOB(CallKind.READ, CallScope.APPLICATION, "sks multisign", CommandClass.DEFAULT),
  // cloning and backup
  CLONING_DOMAIN_FINGERPRINT(
      CallKind.STATUS, CallScope.APPLICATION, "partition domain fingerprint", CommandClass.DEFAULT),
  SMK_FINGERPRINT(
      CallKind.STATUS, CallScope.APPLICATION, "partition SMK fingerprint", CommandClass.DEFAULT),
  CLONING_TARGET(CallKind.READ, CallScope.EITHER, "cloning target", CommandClass.DEFAULT),
  CLONE_OBJECT_OUT(CallKind.READ, CallScope.APPLICATION, "clone object", CommandClass.CLONING),
  CLONE_OBJECT_IN(CallKind.CREATE, CallScope.APPLICATION, "clone object", CommandClass.CLONING),
  CLONE_SMK_OUT(CallKind.READ, CallScope.APPLICATION, "clone SMK", CommandClass.CLONING),
  CLONE_SMK_IN(CallKind.CHANGE, CallScope.APPLICATION, "clone SMK", CommandClass.CLONING),
  BACKUP_PARTITION(
      CallKind.READ, CallScope.APPLICATION, "partition archive backup", CommandClass.CLONING),
  RESTORE_PARTITION(
      CallKind.CHANGE, CallScope.APPLICATION, "partition archive restore", CommandClass.CLONING),
  LIST_BACKUPS(CallKind.ADMIN, CallScope.ADMIN, "partition archive list", CommandClass.CLONING),
  DELETE_BACKUP(CallKind.ADMIN, CallScope.ADMIN, "partition archive delete", CommandClass.CLONING);

  private final CallKind kind;
  private final CallScope scope;
  private final String command;
  private final CommandClass commandClass;

  CallType(CallKind kind, CallScope scope, String command, CommandClass commandClass) {
    this.kind = kind;
    this.scope = scope;
    this.command = command;
    this.commandClass = commandClass;
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
