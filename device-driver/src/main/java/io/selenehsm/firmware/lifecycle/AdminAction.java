package io.selenehsm.firmware.lifecycle;

import static io.selenehsm.firmware.lifecycle.AdminAction.Fate.DESTROYED;
import static io.selenehsm.firmware.lifecycle.AdminAction.Fate.RESET;
import static io.selenehsm.firmware.lifecycle.AdminAction.Fate.UNCHANGED;

/**
 * The administrative actions with security- and content-affecting outcomes, and what each one does
 * to the device's parts. This table drives the engine: {@code Lifecycle} applies exactly what a row
 * says, and the lifecycle tests check the device against the same rows.
 */
public enum AdminAction {
  //                   domain     hsmSo      auditor    partitions  hsmPolicies rpv
  FACTORY_RESET(DESTROYED, DESTROYED, DESTROYED, DESTROYED, RESET, DESTROYED),
  ZEROIZE(DESTROYED, DESTROYED, UNCHANGED, DESTROYED, UNCHANGED, UNCHANGED),
  DESTRUCTIVE_POLICY(UNCHANGED, UNCHANGED, UNCHANGED, DESTROYED, UNCHANGED, UNCHANGED),
  HARD_INIT(DESTROYED, DESTROYED, UNCHANGED, DESTROYED, UNCHANGED, UNCHANGED),
  SOFT_INIT(UNCHANGED, UNCHANGED, UNCHANGED, DESTROYED, UNCHANGED, UNCHANGED);

  /** What happens to one part of the device. */
  public enum Fate {
    UNCHANGED,
    DESTROYED,
    RESET
  }

  private final Fate domain;
  private final Fate hsmSo;
  private final Fate auditor;

  /** Application partitions with their SO, roles and contents. */
  private final Fate partitions;

  private final Fate hsmPolicies;
  private final Fate rpv;

  AdminAction(Fate domain, Fate hsmSo, Fate auditor, Fate partitions, Fate hsmPolicies, Fate rpv) {
    this.domain = domain;
    this.hsmSo = hsmSo;
    this.auditor = auditor;
    this.partitions = partitions;
    this.hsmPolicies = hsmPolicies;
    this.rpv = rpv;
  }

  public Fate domain() {
    return domain;
  }

  public Fate hsmSo() {
    return hsmSo;
  }

  public Fate auditor() {
    return auditor;
  }

  public Fate partitions() {
    return partitions;
  }

  public Fate hsmPolicies() {
    return hsmPolicies;
  }

  public Fate rpv() {
    return rpv;
  }

  /** Whether the action destroys the device KEK, making everything written before unreadable. */
  public boolean destroysKek() {
    return this == FACTORY_RESET || this == ZEROIZE;
  }
}
