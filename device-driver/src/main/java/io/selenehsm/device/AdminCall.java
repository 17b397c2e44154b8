package io.selenehsm.device;

import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.HsmUtilization;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Map;

/**
 * Administration of the HSM and its partitions: initialization, policies, partitions, Secure
 * Transport Mode, tamper, restart and utilization.
 */
public sealed interface AdminCall<R> extends SlotCall<R> {

  /** The device this slot is on; answers on either kind of slot. */
  record GetHsmInfo() implements AdminCall<HsmInfo> {
    @Override
    public HsmInfo run(EngineAccess e) throws HsmException {
      return e.command(h -> h.info());
    }

    @Override
    public GetHsmInfo withHandles(HandleMap map) {
      return this;
    }
  }

  /** Puts the HSM into Secure Transport Mode. */
  record StmTransport(long session) implements AdminCall<StmStrings> {
    @Override
    public StmStrings run(EngineAccess e) throws HsmException {
      return e.command(h -> StmStrings.of(h.stmTransport(session)));
    }

    @Override
    public StmTransport withHandles(HandleMap map) throws HsmException {
      return new StmTransport(map.session(session));
    }
  }

  /** Leaves Secure Transport Mode; the verification string. */
  record StmRecover(long session, String randomUserString) implements AdminCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.stmRecover(session, randomUserString));
    }

    @Override
    public StmRecover withHandles(HandleMap map) throws HsmException {
      return new StmRecover(map.session(session), randomUserString);
    }
  }

  /** The string {@code stm recover} would show, computed while the HSM stays in STM. */
  record StmVerificationString(long session, String randomUserString) implements AdminCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.stmVerificationString(session, randomUserString));
    }

    @Override
    public StmVerificationString withHandles(HandleMap map) throws HsmException {
      return new StmVerificationString(map.session(session), randomUserString);
    }
  }

  /** Initializes the HSM with a password-authenticated HSM SO. */
  record InitHsm(long session, String label, char[] soPin, String domain, String policyTemplate)
      implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.initHsm(session, label, soPin, domain, policyTemplate));
    }

    @Override
    public InitHsm withHandles(HandleMap map) throws HsmException {
      return new InitHsm(map.session(session), label, soPin, domain, policyTemplate);
    }
  }

  /** Initializes the HSM with a PED-authenticated HSM SO (blue iKeys, M of N). */
  record InitHsmWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.quorum().initHsm(session, label, domain, policyTemplate, ped, m, n));
    }

    @Override
    public InitHsmWithPed withHandles(HandleMap map) throws HsmException {
      return new InitHsmWithPed(map.session(session), label, domain, policyTemplate, ped, m, n);
    }
  }

  /** Zeroizes the HSM. */
  record Zeroize(long session) implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.zeroize(session));
    }

    @Override
    public Zeroize withHandles(HandleMap map) throws HsmException {
      return new Zeroize(map.session(session));
    }
  }

  /** Returns the HSM to its factory state. */
  record FactoryReset() implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.factoryReset());
    }

    @Override
    public FactoryReset withHandles(HandleMap map) {
      return this;
    }
  }

  /** The HSM's capabilities and policies. */
  record GetHsmPolicies() implements AdminCall<PolicyValues> {
    @Override
    public PolicyValues run(EngineAccess e) throws HsmException {
      return e.command(h -> h.hsmPolicies());
    }

    @Override
    public GetHsmPolicies withHandles(HandleMap map) {
      return this;
    }
  }

  /** The HSM policy template. */
  record ExportHsmPolicyTemplate() implements AdminCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.exportHsmPolicyTemplate());
    }

    @Override
    public ExportHsmPolicyTemplate withHandles(HandleMap map) {
      return this;
    }
  }

  /** Changes one HSM policy. */
  record ChangeHsmPolicy(long session, int policy, int value) implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.changeHsmPolicy(session, policy, value));
    }

    @Override
    public ChangeHsmPolicy withHandles(HandleMap map) throws HsmException {
      return new ChangeHsmPolicy(map.session(session), policy, value);
    }
  }

  /**
   * Creates the application partition shown in slot {@code targetSlot} (version 0 = V0, 1 = V1).
   */
  record CreatePartition(long session, int targetSlot, int version) implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(
          h -> h.createPartition(session, e.partitionOfSameDevice(targetSlot), version));
    }

    @Override
    public CreatePartition withHandles(HandleMap map) throws HsmException {
      return new CreatePartition(map.session(session), targetSlot, version);
    }
  }

  /** Deletes the application partition shown in slot {@code targetSlot}. */
  record DeletePartition(long session, int targetSlot) implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.deletePartition(session, e.partitionOfSameDevice(targetSlot)));
    }

    @Override
    public DeletePartition withHandles(HandleMap map) throws HsmException {
      return new DeletePartition(map.session(session), targetSlot);
    }
  }

  /** The partition this slot shows. */
  record GetPartitionInfo() implements AdminCall<PartitionInfo> {
    @Override
    public PartitionInfo run(EngineAccess e) throws HsmException {
      return e.command(h -> h.partitionInfo(e.partition()));
    }

    @Override
    public GetPartitionInfo withHandles(HandleMap map) {
      return this;
    }
  }

  /** The partition's capabilities and policies. */
  record GetPartitionPolicies() implements AdminCall<PolicyValues> {
    @Override
    public PolicyValues run(EngineAccess e) throws HsmException {
      return e.command(h -> h.partitionPolicies(e.partition()));
    }

    @Override
    public GetPartitionPolicies withHandles(HandleMap map) {
      return this;
    }
  }

  /** The partition policy template. */
  record ExportPartitionPolicyTemplate() implements AdminCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.exportPartitionPolicyTemplate(e.partition()));
    }

    @Override
    public ExportPartitionPolicyTemplate withHandles(HandleMap map) {
      return this;
    }
  }

  /** Initializes the partition with a password-authenticated Partition SO. */
  record InitPartition(
      long session, String label, char[] poPin, String domain, String policyTemplate)
      implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.initPartition(session, label, poPin, domain, policyTemplate));
    }

    @Override
    public InitPartition withHandles(HandleMap map) throws HsmException {
      return new InitPartition(map.session(session), label, poPin, domain, policyTemplate);
    }
  }

  /** Initializes the partition with a PED-authenticated Partition SO. */
  record InitPartitionWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(
          h -> h.quorum().initPartition(session, label, domain, policyTemplate, ped, m, n));
    }

    @Override
    public InitPartitionWithPed withHandles(HandleMap map) throws HsmException {
      return new InitPartitionWithPed(
          map.session(session), label, domain, policyTemplate, ped, m, n);
    }
  }

  /** Changes one partition policy. */
  record ChangePartitionPolicy(long session, int policy, int value) implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.changePartitionPolicy(session, policy, value));
    }

    @Override
    public ChangePartitionPolicy withHandles(HandleMap map) throws HsmException {
      return new ChangePartitionPolicy(map.session(session), policy, value);
    }
  }

  /** The last tamper event the HSM recorded, or null. */
  record LastTamper() implements AdminCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.lastTamper());
    }

    @Override
    public LastTamper withHandles(HandleMap map) {
      return this;
    }
  }

  /** Restarts the device: sessions end, a tamper halt clears. */
  record Restart() implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      e.restart();
      return null;
    }

    @Override
    public Restart withHandles(HandleMap map) {
      return this;
    }
  }

  /** Partition utilization counters (HSM SO; HSM policy 49). */
  record Utilization(long session)
      implements AdminCall<Map<Integer, HsmUtilization.PartitionUsage>> {
    @Override
    public Map<Integer, HsmUtilization.PartitionUsage> run(EngineAccess e) throws HsmException {
      return e.command(h -> h.utilization().show(session));
    }

    @Override
    public Utilization withHandles(HandleMap map) throws HsmException {
      return new Utilization(map.session(session));
    }
  }

  /** Resets the partition utilization counters (HSM SO). */
  record ResetUtilization(long session) implements AdminCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.utilization().reset(session));
    }

    @Override
    public ResetUtilization withHandles(HandleMap map) throws HsmException {
      return new ResetUtilization(map.session(session));
    }
  }
}
