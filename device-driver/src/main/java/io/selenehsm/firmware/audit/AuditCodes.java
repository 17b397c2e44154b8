package io.selenehsm.firmware.audit;

/**
 * Vendor return codes of the audit subsystem that {@code Ckr} does not yet list. Values are the
 * vendor's (CKR_VENDOR_DEFINED range) so that the engine can move them into {@code Ckr} unchanged.
 */
public final class AuditCodes {
  private AuditCodes() {}

  /** CKR_LOG_FILE_NOT_OPEN: no rotation path is configured. */
  public static final long LOG_FILE_NOT_OPEN = 0x80000032L;

  /** CKR_LOG_FILE_WRITE_ERROR: a rotated file could not be written. */
  public static final long LOG_FILE_WRITE_ERROR = 0x80000033L;

  /** CKR_LOG_FULL: the in-device buffer is full and the command is not exempt. */
  public static final long LOG_FULL = 0x80000035L;

  /** CKR_LOG_BAD_RECORD_HMAC: verification found a record that is not authentic. */
  public static final long LOG_BAD_RECORD_HMAC = 0x80000037L;
}
