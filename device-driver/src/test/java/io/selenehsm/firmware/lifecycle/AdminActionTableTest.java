package io.selenehsm.firmware.lifecycle;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.AU_PIN;
import static io.selenehsm.firmware.EngineFixtures.SO_PIN;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.lifecycle.DeviceModel.Effect;
import io.selenehsm.firmware.lifecycle.DeviceModel.SeedRow;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine's {@link AdminAction} table against the seeds' "Security Effects of Administrative
 * Actions" tables (transcribed in {@link SeedRow}), and each row demonstrated on a device.
 */
class AdminActionTableTest {

  private static AdminAction.Fate fate(Effect e) {
    return AdminAction.Fate.valueOf(e.name());
  }

  @ParameterizedTest
  @EnumSource(AdminAction.class)
  void everyEngineRowSaysWhatTheSeedTableSays(AdminAction action) {
    SeedRow seed = SeedRow.valueOf(action.name());
    assertEquals(fate(seed.domain), action.domain(), "domain");
    assertEquals(fate(seed.hsmSo), action.hsmSo(), "HSM SO");
    assertEquals(fate(seed.auditor), action.auditor(), "auditor");
    assertEquals(fate(seed.contents), action.partitions(), "partitions and contents");
    assertEquals(fate(seed.hsmPolicies), action.hsmPolicies(), "HSM policies");
    assertEquals(fate(seed.rpv), action.rpv(), "RPV");
    assertEquals(
        seed == SeedRow.ZEROIZE || seed == SeedRow.FACTORY_RESET,
        action.destroysKek(),
        "zeroize and factory reset destroy the KEK");
  }

  @Test
  void bothPartitionInitsDestroyRolesAndContentsAndADestructivePolicyOnlyContents() {
    assertTrue(
        PartitionAction.HARD_INIT.destroysRoles() && PartitionAction.HARD_INIT.destroysContents());
    assertTrue(
        PartitionAction.SOFT_INIT.destroysRoles() && PartitionAction.SOFT_INIT.destroysContents());
    assertFalse(PartitionAction.DESTRUCTIVE_POLICY.destroysRoles());
    assertTrue(PartitionAction.DESTRUCTIVE_POLICY.destroysContents());
  }

  /** A device with auditor, a non-default policy and a partition with a CO. */
  private static Hsm populated() throws HsmException {
    Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    long s = hsm.openSession(0, APP, true);
    hsm.initRole(s, Role.AUDITOR, pin(AU_PIN));
    hsm.login(s, Role.HSM_SO, pin(SO_PIN));
    hsm.changeHsmPolicy(s, HsmPolicies.ALLOW_UTILIZATION_METRICS, 1);
    hsm.closeSession(s);
    return hsm;
  }

  @Test
  void zeroizeDestroysSoAndPartitionsButKeepsAuditorAndPolicies() throws HsmException {
    try (Hsm hsm = populated()) {
      PolicyValues policies = hsm.hsmPolicies();
      hsm.zeroize(hsm.openSession(0, APP, true));
      assertTrue(hsm.isZeroized());
      assertEquals(List.of(), hsm.partitionIds());
      assertTrue(hsm.info().auditorInitialized());
      assertEquals(policies, hsm.hsmPolicies());
      assertEquals(null, hsm.info().label());
      hsm.login(hsm.openSession(0, APP + 1, true), Role.AUDITOR, pin(AU_PIN));
    }
  }

  @Test
  void factoryResetDestroysEverythingAndResetsPolicies() throws HsmException {
    try (Hsm hsm = populated();
        Hsm fresh = Hsm.open(EngineFixtures.memoryOptions())) {
      hsm.factoryReset();
      assertTrue(hsm.isZeroized());
      assertEquals(List.of(), hsm.partitionIds());
      assertFalse(hsm.info().auditorInitialized());
      assertEquals(fresh.hsmPolicies(), hsm.hsmPolicies());
    }
  }

  @Test
  void destructivePolicyDestroysPartitionsOnly() throws HsmException {
    try (Hsm hsm = populated()) {
      long s = hsm.openSession(0, APP, true);
      hsm.login(s, Role.HSM_SO, pin(SO_PIN));
      hsm.changeHsmPolicy(s, HsmPolicies.ALLOW_NON_FIPS, 0);
      assertEquals(List.of(), hsm.partitionIds());
      assertFalse(hsm.isZeroized());
      assertTrue(hsm.info().auditorInitialized());
      assertEquals(0, hsm.hsmPolicies().get(HsmPolicies.ALLOW_NON_FIPS));
      assertEquals(1, hsm.hsmPolicies().get(HsmPolicies.ALLOW_UTILIZATION_METRICS));
      hsm.createPartition(s, 1, 0);
    }
  }

  @Test
  void softInitDestroysPartitionsAndKeepsSoAuditorAndPolicies() throws HsmException {
    try (Hsm hsm = populated()) {
      PolicyValues policies = hsm.hsmPolicies();
      long s = hsm.openSession(0, APP, true);
      hsm.login(s, Role.HSM_SO, pin(SO_PIN));
      hsm.initHsm(s, "relabelled", pin(SO_PIN), null, null);
      assertEquals(List.of(), hsm.partitionIds());
      assertEquals("relabelled", hsm.info().label());
      assertTrue(hsm.info().auditorInitialized());
      assertEquals(policies, hsm.hsmPolicies());
      hsm.logout(s);
      hsm.login(s, Role.HSM_SO, pin(SO_PIN));
    }
  }

  @Test
  void hardInitAfterZeroizeKeepsAuditorAndPolicies() throws HsmException {
    try (Hsm hsm = populated()) {
      PolicyValues policies = hsm.hsmPolicies();
      hsm.zeroize(hsm.openSession(0, APP, true));
      long s = hsm.openSession(0, APP + 1, true);
      hsm.initHsm(s, "second life", pin("new-so-pass"), "new-domain", null);
      assertTrue(hsm.info().initialized());
      assertTrue(hsm.info().auditorInitialized());
      assertEquals(policies, hsm.hsmPolicies());
      hsm.login(s, Role.HSM_SO, pin("new-so-pass"));
    }
  }
}
