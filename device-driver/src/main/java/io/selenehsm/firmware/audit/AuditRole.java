package io.selenehsm.firmware.audit;

/**
 * Who a record is attributed to. The numeric ids are the ones the vendor's event log reports; they
 * are unique only within one partition kind (admin or application), which is why a record pairs the
 * role with its partition.
 */
public enum AuditRole {
  ADMINISTRATOR(true, 0, "admin"),
  HSM_SO(true, 1, "so"),
  AUDITOR(true, 8, "au"),
  PARTITION_SO(false, 1, "po"),
  CRYPTO_OFFICER(false, 0, "co"),
  LIMITED_CRYPTO_OFFICER(false, 9, "lco"),
  CRYPTO_USER(false, 5, "cu");

  private final boolean adminPartition;
  private final int id;
  private final String shellName;

  AuditRole(boolean adminPartition, int id, String shellName) {
    this.adminPartition = adminPartition;
    this.id = id;
    this.shellName = shellName;
  }

  /** True for roles of the admin partition, false for application-partition roles. */
  public boolean onAdminPartition() {
    return adminPartition;
  }

  /** The role id written into records. */
  public int id() {
    return id;
  }

  /** The name the shell uses ({@code role login -name co}). */
  public String shellName() {
    return shellName;
  }

  /** The role with this id on a partition of the given kind, or {@code null}. */
  static AuditRole byId(boolean adminPartition, int id) {
    for (AuditRole r : values()) {
      if (r.adminPartition == adminPartition && r.id == id) {
        return r;
      }
    }
    return null;
  }
}
