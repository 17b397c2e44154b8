package io.selenehsm.firmware.lifecycle;

/**
 * Partition-level actions that destroy content. Both partition initializations destroy the
 * Partition SO, the partition roles and the contents while leaving the HSM untouched; a destructive
 * partition policy change or V1-to-V0 conversion erases the contents only.
 */
public enum PartitionAction {
  HARD_INIT(true, true),
  SOFT_INIT(true, true),
  DESTRUCTIVE_POLICY(false, true);

  private final boolean destroysRoles;
  private final boolean destroysContents;

  PartitionAction(boolean destroysRoles, boolean destroysContents) {
    this.destroysRoles = destroysRoles;
    this.destroysContents = destroysContents;
  }

  /** Partition SO, CO, CU and LCO. */
  public boolean destroysRoles() {
    return destroysRoles;
  }

  public boolean destroysContents() {
    return destroysContents;
  }
}
