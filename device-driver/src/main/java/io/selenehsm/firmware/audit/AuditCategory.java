package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * The classes of event an auditor can switch on in the {@link EventMask}. Every record carries one
 * of the categories for which {@link #isFirstUseOnly()} is false; the two first-use-only categories
 * exist only in the mask, where they admit a key-usage record when the key is used for the first
 * time.
 */
public enum AuditCategory {
  ACCESS("access"),
  HSM_MANAGEMENT("mgmt"),
  KEY_MANAGEMENT("keymgmt"),
  ASYMMETRIC_KEY_USAGE("asym"),
  FIRST_ASYMMETRIC_KEY_USAGE("firstasym"),
  SYMMETRIC_KEY_USAGE("sym"),
  FIRST_SYMMETRIC_KEY_USAGE("firstsym"),
  LOG_EXTERNAL("external"),
  LOG_MANAGEMENT("logmgmt");

  private final String token;

  AuditCategory(String token) {
    this.token = token;
  }

  /** The short name used in the shell ({@code audit config evmask}) and in log lines. */
  public String token() {
    return token;
  }

  public boolean isFirstUseOnly() {
    return this == FIRST_ASYMMETRIC_KEY_USAGE || this == FIRST_SYMMETRIC_KEY_USAGE;
  }

  /** The first-use-only variant of a key-usage category, or {@code null} for other ones. */
  AuditCategory firstUseVariant() {
    switch (this) {
      case ASYMMETRIC_KEY_USAGE:
        return FIRST_ASYMMETRIC_KEY_USAGE;
      case SYMMETRIC_KEY_USAGE:
        return FIRST_SYMMETRIC_KEY_USAGE;
      default:
        return null;
    }
  }

  public static AuditCategory fromToken(String token) throws HsmException {
    for (AuditCategory c : values()) {
      if (c.token.equals(token)) {
        return c;
      }
    }
    throw new HsmException(
        Ckr.ARGUMENTS_BAD,
        "Unknown audit category '" + token + "'; expected one of " + EventMask.categoryTokens());
  }
}
