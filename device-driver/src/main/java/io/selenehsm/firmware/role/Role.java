package io.selenehsm.firmware.role;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Locale;

/**
 * The roles of the device. HSM SO and Auditor live on the admin partition; the others on an
 * application partition. {@link #logId()} is the role id the audit log reports.
 */
public enum Role {
  HSM_SO("so", true, 1),
  AUDITOR("au", true, 8),
  PARTITION_SO("po", false, 1),
  CRYPTO_OFFICER("co", false, 0),
  CRYPTO_USER("cu", false, 5),
  LIMITED_CRYPTO_OFFICER("lco", false, 9);

  private final String shortName;
  private final boolean admin;
  private final int logId;

  Role(String shortName, boolean admin, int logId) {
    this.shortName = shortName;
    this.admin = admin;
    this.logId = logId;
  }

  /** The name the admin shell uses: so, au, po, co, cu, lco. */
  public String shortName() {
    return shortName;
  }

  /** True for roles of the admin partition (HSM SO, Auditor). */
  public boolean isAdmin() {
    return admin;
  }

  public int logId() {
    return logId;
  }

  /** True for roles that may use keys: CO, CU and LCO. */
  public boolean isCryptoRole() {
    return this == CRYPTO_OFFICER || this == CRYPTO_USER || this == LIMITED_CRYPTO_OFFICER;
  }

  public static Role fromShortName(String name) throws HsmException {
    String n = name.toLowerCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.shortName.equals(n)) {
        return r;
      }
    }
    throw new HsmException(
        Ckr.USER_TYPE_INVALID, "unknown role '" + name + "'; expected so, au, po, co, cu or lco");
  }
}
