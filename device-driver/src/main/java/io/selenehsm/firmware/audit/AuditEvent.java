package io.selenehsm.firmware.audit;

import static io.selenehsm.firmware.audit.AuditCategory.ACCESS;
import static io.selenehsm.firmware.audit.AuditCategory.HSM_MANAGEMENT;
import static io.selenehsm.firmware.audit.AuditCategory.KEY_MANAGEMENT;
import static io.selenehsm.firmware.audit.AuditCategory.LOG_EXTERNAL;
import static io.selenehsm.firmware.audit.AuditCategory.LOG_MANAGEMENT;

/**
 * The auditable commands, each with its category and how it is treated by the mask and when the
 * in-device buffer is full.
 *
 * <ul>
 *   <li>{@link Treatment#UNCONDITIONAL}: always recorded, whatever the mask, and even when the
 *       buffer is full (device life-cycle and security events the auditor must never miss).
 *   <li>{@link Treatment#PROCEEDS_WHEN_FULL}: the command may run while the log is full, so that
 *       the auditor can log in and repair the situation; its record is written into a small reserve
 *       and dropped once that is exhausted.
 *   <li>{@link Treatment#ORDINARY}: refused with {@code CKR_LOG_FULL} while the log is full.
 * </ul>
 *
 * <p>Key-usage events have no fixed category: whether a signature is asymmetric or symmetric (HMAC)
 * depends on the key, so the engine names the kind in {@link AuditEntry}.
 */
public enum AuditEvent {
  // access
  LOGIN(ACCESS, Treatment.PROCEEDS_WHEN_FULL),
  LOGOUT(ACCESS, Treatment.PROCEEDS_WHEN_FULL),
  LOGOUT_OTHER(ACCESS, Treatment.PROCEEDS_WHEN_FULL),
  OPEN_SESSION(ACCESS, Treatment.PROCEEDS_WHEN_FULL),
  CLOSE_SESSION(ACCESS, Treatment.PROCEEDS_WHEN_FULL),
  CLOSE_ALL_SESSIONS(ACCESS),
  MODIFY_OBJECT(ACCESS),
  OPEN_ACCESS(ACCESS),
  CLOSE_ACCESS(ACCESS),
  HA_LOGIN(ACCESS),
  // HSM management
  ZEROIZE(HSM_MANAGEMENT, Treatment.UNCONDITIONAL),
  DECOMMISSION(HSM_MANAGEMENT, Treatment.UNCONDITIONAL),
  TAMPER(HSM_MANAGEMENT, Treatment.UNCONDITIONAL),
  /** HSM or partition initialisation; an HSM init also creates the HSM SO. */
  INIT_TOKEN(HSM_MANAGEMENT, Treatment.UNCONDITIONAL),
  SET_PIN(HSM_MANAGEMENT),
  INIT_PIN(HSM_MANAGEMENT),
  CREATE_PARTITION(HSM_MANAGEMENT),
  DELETE_PARTITION(HSM_MANAGEMENT),
  SEED_RANDOM(HSM_MANAGEMENT),
  SELF_TEST(HSM_MANAGEMENT),
  SET_HSM_POLICY(HSM_MANAGEMENT),
  SET_DESTRUCTIVE_HSM_POLICY(HSM_MANAGEMENT),
  SET_PARTITION_POLICY(HSM_MANAGEMENT),
  SET_CAPABILITY(HSM_MANAGEMENT),
  SET_PARTITION_SIZE(HSM_MANAGEMENT),
  CREATE_LOGIN_CHALLENGE(HSM_MANAGEMENT),
  FIRMWARE_UPDATE(HSM_MANAGEMENT),
  STM_TRANSPORT(HSM_MANAGEMENT),
  STM_RECOVER(HSM_MANAGEMENT),
  // key management
  CREATE_OBJECT(KEY_MANAGEMENT),
  COPY_OBJECT(KEY_MANAGEMENT),
  DESTROY_OBJECT(KEY_MANAGEMENT),
  DESTROY_MULTIPLE_OBJECTS(KEY_MANAGEMENT),
  GENERATE_KEY(KEY_MANAGEMENT),
  GENERATE_KEY_PAIR(KEY_MANAGEMENT),
  WRAP_KEY(KEY_MANAGEMENT),
  UNWRAP_KEY(KEY_MANAGEMENT),
  DERIVE_KEY(KEY_MANAGEMENT),
  GENERATE_RANDOM(KEY_MANAGEMENT),
  CLONE_AS_SOURCE(KEY_MANAGEMENT),
  CLONE_AS_TARGET(KEY_MANAGEMENT),
  GENERATE_DOMAIN(KEY_MANAGEMENT),
  MOFN_GENERATE(KEY_MANAGEMENT),
  MOFN_ACTIVATE(KEY_MANAGEMENT),
  EXTRACT(KEY_MANAGEMENT),
  INSERT(KEY_MANAGEMENT),
  MODIFY_USAGE_COUNT(KEY_MANAGEMENT),
  AUTHORIZE_KEY(KEY_MANAGEMENT),
  SET_AUTHORIZATION_DATA(KEY_MANAGEMENT),
  RESET_AUTHORIZATION_DATA(KEY_MANAGEMENT),
  ASSIGN_KEY(KEY_MANAGEMENT),
  INCREMENT_FAILED_AUTH_COUNT(KEY_MANAGEMENT),
  // key usage: category chosen per record (symmetric or asymmetric key)
  ENCRYPT_INIT(null),
  ENCRYPT(null),
  ENCRYPT_FINAL(null),
  DECRYPT_INIT(null),
  DECRYPT(null),
  DECRYPT_FINAL(null),
  SIGN_INIT(null),
  SIGN(null),
  SIGN_FINAL(null),
  VERIFY_INIT(null),
  VERIFY(null),
  VERIFY_FINAL(null),
  DIGEST_KEY(null),
  // external messages
  LOG_EXTERNAL_MESSAGE(LOG_EXTERNAL),
  // log management
  LOG_SET_TIME(LOG_MANAGEMENT),
  LOG_GET_TIME(LOG_MANAGEMENT),
  LOG_SET_CONFIG(LOG_MANAGEMENT, Treatment.PROCEEDS_WHEN_FULL),
  LOG_GET_CONFIG(LOG_MANAGEMENT, Treatment.PROCEEDS_WHEN_FULL),
  LOG_VERIFY(LOG_MANAGEMENT),
  LOG_IMPORT_SECRET(LOG_MANAGEMENT),
  LOG_EXPORT_SECRET(LOG_MANAGEMENT),
  /** Creation of the Auditor role. */
  CREATE_AUDIT_ROLE(LOG_MANAGEMENT, Treatment.UNCONDITIONAL),
  /** The auditor emptied the in-device buffer; always recorded so that the gap is explained. */
  LOG_CLEAR(LOG_MANAGEMENT, Treatment.UNCONDITIONAL);

  /** How an event is treated by the mask and by a full log; see the class comment. */
  public enum Treatment {
    ORDINARY,
    PROCEEDS_WHEN_FULL,
    UNCONDITIONAL
  }

  private final AuditCategory category;
  private final Treatment treatment;

  AuditEvent(AuditCategory category) {
    this(category, Treatment.ORDINARY);
  }

  AuditEvent(AuditCategory category, Treatment treatment) {
    this.category = category;
    this.treatment = treatment;
  }

  /** The fixed category, or {@code null} for key-usage events. */
  public AuditCategory category() {
    return category;
  }

  public boolean isKeyUsage() {
    return category == null;
  }

  public Treatment treatment() {
    return treatment;
  }

  public boolean isUnconditional() {
    return treatment == Treatment.UNCONDITIONAL;
  }

  /** True if the command may run while the log is full. */
  public boolean isExemptFromLogFull() {
    return treatment != Treatment.ORDINARY;
  }
}
