package io.selenehsm.firmware;

import io.selenehsm.firmware.lifecycle.AdminAction;
import io.selenehsm.firmware.lifecycle.AdminAction.Fate;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import java.util.Map;

/**
 * Applies the {@link AdminAction} table to the admin partition's record. The engine calls this for
 * every content-affecting action, so the table is the only description of what survives.
 */
final class Lifecycle {
  private Lifecycle() {}

  /** The device record after {@code action}; partitions are removed by the caller per the row. */
  static DeviceRecord apply(AdminAction action, DeviceRecord before, HsmModel model) {
    byte[] domain = action.domain() == Fate.DESTROYED ? null : before.domain();
    var so = action.hsmSo() == Fate.DESTROYED ? null : before.so();
    var auditor = action.auditor() == Fate.DESTROYED ? null : before.auditor();
    PolicyValues policies =
        action.hsmPolicies() == Fate.RESET ? defaultPolicies(model) : before.policies();
    boolean rpv = action.rpv() != Fate.DESTROYED && before.rpv();
    String label = action.hsmSo() == Fate.DESTROYED ? null : before.label();
    boolean zeroized = action.hsmSo() == Fate.DESTROYED;
    return new DeviceRecord(
        label,
        domain,
        so,
        auditor,
        policies,
        zeroized,
        before.transportMode(),
        before.stmNonce(),
        rpv,
        action == AdminAction.FACTORY_RESET ? null : before.lastTamper());
  }

  static PolicyValues defaultPolicies(HsmModel model) {
    return PolicyValues.defaults(
        HsmPolicies.ALL, Map.of(HsmPolicies.MAX_PARTITIONS, model.maxPartitions()));
  }

  /** A device as it leaves the factory: zeroized, default policies, optionally in STM. */
  static DeviceRecord factoryFresh(HsmModel model, boolean transportMode, byte[] stmNonce) {
    return new DeviceRecord(
        null, null, null, null, defaultPolicies(model), true, transportMode, stmNonce, false, null);
  }
}
