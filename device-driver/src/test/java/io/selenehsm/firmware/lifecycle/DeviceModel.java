package io.selenehsm.firmware.lifecycle;

import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyDefinition;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must exist on the device, kept by the stateful tests independently of the engine. Every
 * content-affecting action is applied through {@link SeedRow}, a transcription of the vendor's
 * "Security Effects of Administrative Actions" tables, so the engine's own {@link AdminAction}
 * table is never its own oracle.
 */
final class DeviceModel {

  /** One column of the seed table: what happens to a part of the device. */
  enum Effect {
    UNCHANGED,
    DESTROYED,
    RESET
  }

  /**
   * The rows of the seeds' table, as the seeds write them (domain, HSM SO, partition SO, auditor,
   * partition roles, contents, HSM policies, RPV). Factory reset: everything destroyed and policies
   * reset; zeroize: auditor, policies and RPV unchanged; destructive policy: partitions destroyed
   * only; hard init: like zeroize; soft init: partitions destroyed, SO and domain kept.
   */
  enum SeedRow {
    //            domain     hsmSo      partSo     auditor    partRoles  contents   policies   rpv
    FACTORY_RESET(
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.RESET,
        Effect.DESTROYED),
    ZEROIZE(
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.UNCHANGED),
    DESTRUCTIVE_POLICY(
        Effect.UNCHANGED,
        Effect.UNCHANGED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.UNCHANGED),
    HARD_INIT(
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.UNCHANGED),
    SOFT_INIT(
        Effect.UNCHANGED,
        Effect.UNCHANGED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.DESTROYED,
        Effect.DESTROYED,
        Effect.UNCHANGED,
        Effect.UNCHANGED);

    final Effect domain;
    final Effect hsmSo;
    final Effect partitionSo;
    final Effect auditor;
    final Effect partitionRoles;
    final Effect contents;
    final Effect hsmPolicies;
    final Effect rpv;

    SeedRow(
        Effect domain,
        Effect hsmSo,
        Effect partitionSo,
        Effect auditor,
        Effect partitionRoles,
        Effect contents,
        Effect hsmPolicies,
        Effect rpv) {
      this.domain = domain;
      this.hsmSo = hsmSo;
      this.partitionSo = partitionSo;
      this.auditor = auditor;
      this.partitionRoles = partitionRoles;
      this.contents = contents;
      this.hsmPolicies = hsmPolicies;
      this.rpv = rpv;
    }
  }

  /** A role secret and its login state. */
  static final class Cred {
    String pin;
    int failures;
    boolean locked;
    boolean mustChange;

    Cred(String pin, boolean mustChange) {
      this.pin = pin;
      this.mustChange = mustChange;
    }

    @Override
    public String toString() {
      return "Cred{failures="
          + failures
          + ", locked="
          + locked
          + ", mustChange="
          + mustChange
          + "}";
    }
  }

  /** An application partition. */
  static final class Part {
    String label;
    Cred po;
    Cred co;
    Cred cu;
    final TreeMap<Integer, Integer> policies = new TreeMap<>();

    /** Labels of token data objects (public) and token AES keys (private). */
    final Set<String> publicObjects = new LinkedHashSet<>();

    final Set<String> privateObjects = new LinkedHashSet<>();

    Part(int version) {
      for (PolicyDefinition d : PartitionPolicies.ALL) {
        policies.put(d.id(), d.defaultValue());
      }
      policies.put(PartitionPolicies.PARTITION_VERSION, version);
      policies.put(PartitionPolicies.PER_KEY_AUTHORIZATION, version);
    }

    boolean initialized() {
      return po != null;
    }

    int objectCount() {
      return publicObjects.size() + privateObjects.size();
    }

    void destroyContents() {
      publicObjects.clear();
      privateObjects.clear();
    }

    /** Partition init (hard or soft): new Partition SO, every other role and the contents gone. */
    void init(String newLabel, String poPin) {
      label = newLabel;
      po = new Cred(poPin, false);
      co = null;
      cu = null;
      destroyContents();
    }

    /** Partition SO lockout: the partition is erased and left uninitialized, policies kept. */
    void erase() {
      label = null;
      po = null;
      co = null;
      cu = null;
      destroyContents();
    }

    int loginLimit() {
      return policies.get(PartitionPolicies.MAX_FAILED_USER_LOGINS);
    }
  }

  final int maxPartitions;
  boolean stm;

  /** The HSM SO exists (the device is not zeroized). */
  boolean initialized;

  String label;
  String domain;
  Cred so;
  Cred auditor;
  long auditorLockedUntil;
  boolean rpv;
  final TreeMap<Integer, Integer> hsmPolicies = new TreeMap<>();
  final TreeMap<Integer, Part> partitions = new TreeMap<>();

  DeviceModel(int maxPartitions, boolean shipInStm) {
    this.maxPartitions = maxPartitions;
    this.stm = shipInStm;
    resetPolicies();
  }

  private void resetPolicies() {
    hsmPolicies.clear();
    for (PolicyDefinition d : HsmPolicies.ALL) {
      hsmPolicies.put(d.id(), d.defaultValue());
    }
    // The default of policy 33 is the device's partition limit.
    hsmPolicies.put(HsmPolicies.MAX_PARTITIONS, maxPartitions);
  }

  boolean hsmPolicyOn(int id) {
    return hsmPolicies.get(id) != 0;
  }

  /** Whether a new CO/CU credential must be changed before use (HSM and partition policy 21). */
  boolean forcedChange(Part p) {
    return hsmPolicyOn(HsmPolicies.FORCE_USER_PIN_CHANGE)
        && p.policies.get(PartitionPolicies.FORCE_USER_PIN_CHANGE) != 0;
  }

  /** Applies one row of the seeds' table. */
  void apply(SeedRow row) {
    if (row.domain == Effect.DESTROYED) {
      domain = null;
    }
    if (row.hsmSo == Effect.DESTROYED) {
      so = null;
      initialized = false;
      label = null;
    }
    if (row.auditor == Effect.DESTROYED) {
      auditor = null;
      auditorLockedUntil = 0;
    }
    if (row.contents == Effect.DESTROYED) {
      // "HSM/Destroyed": every application partition with its SO, roles and objects.
      partitions.clear();
    } else {
      for (Part p : partitions.values()) {
        if (row.partitionSo == Effect.DESTROYED) {
          p.po = null;
        }
        if (row.partitionRoles == Effect.DESTROYED) {
          p.co = null;
          p.cu = null;
        }
      }
    }
    if (row.hsmPolicies == Effect.RESET) {
      resetPolicies();
    }
    if (row.rpv == Effect.DESTROYED) {
      rpv = false;
    }
  }

  void hardInit(String newLabel, String soPin, String newDomain) {
    apply(SeedRow.HARD_INIT);
    initialized = true;
    label = newLabel;
    domain = newDomain;
    so = new Cred(soPin, false);
  }

  void softInit(String newLabel) {
    apply(SeedRow.SOFT_INIT);
    label = newLabel;
  }

  Map<Integer, Integer> partitionPolicies(int id) {
    return new HashMap<>(partitions.get(id).policies);
  }
}
