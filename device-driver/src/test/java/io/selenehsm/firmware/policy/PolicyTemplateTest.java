package io.selenehsm.firmware.policy;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.DOMAIN;
import static io.selenehsm.firmware.EngineFixtures.PO_PIN;
import static io.selenehsm.firmware.EngineFixtures.SO_PIN;
import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Policy templates ({@code id:"description":value} lines, {@code #} comments): export and parse
 * round-trip; applied at hard init; invalid templates refused with their line number before
 * anything changes; never applied by a soft init.
 */
class PolicyTemplateTest {

  // ------------------------------------------------------------------ round trips

  @Property(tries = 200)
  void hsmTemplateRoundTripsEveryValueTheDeviceAllows(
      @ForAll("hsmPolicyValues") Map<Integer, Integer> chosen) throws HsmException {
    PolicyValues values = PolicyValues.defaults(HsmPolicies.ALL, chosen);
    String text = PolicyTemplate.format(List.of("round trip"), HsmPolicies.ALL, values);
    PolicyValues parsed =
        PolicyTemplate.parse(
            text, "template", HsmPolicies.ALL, HsmPolicies::byId, HsmModel.PCIE_HSM_7::capability);
    assertEquals(values, parsed);
  }

  @Provide
  Arbitrary<Map<Integer, Integer>> hsmPolicyValues() {
    List<Arbitrary<Map.Entry<Integer, Integer>>> entries =
        HsmPolicies.ALL.stream()
            .map(
                d ->
                    Arbitraries.integers()
                        .between(0, Math.min(d.max(), HsmModel.PCIE_HSM_7.capability(d.id())))
                        .map(v -> Map.entry(d.id(), v)))
            .toList();
    return Combinators.combine(entries)
        .as(
            list -> {
              Map<Integer, Integer> m = new HashMap<>();
              list.forEach(e -> m.put(e.getKey(), e.getValue()));
              return m;
            });
  }

  @Property(tries = 200)
  void partitionTemplateRoundTrips(@ForAll("partitionPolicyValues") Map<Integer, Integer> chosen)
      throws HsmException {
    PolicyValues values = PolicyValues.defaults(PartitionPolicies.ALL, chosen);
    String text = PolicyTemplate.format(List.of("round trip"), PartitionPolicies.ALL, values);
    assertEquals(
        values,
        PolicyTemplate.parse(
            text,
            "partition template",
            PartitionPolicies.ALL,
            PartitionPolicies::byId,
            cap -> Integer.MAX_VALUE));
  }

  @Provide
  Arbitrary<Map<Integer, Integer>> partitionPolicyValues() {
    return Combinators.combine(
            PartitionPolicies.ALL.stream()
                .map(d -> Arbitraries.integers().between(0, d.max()).map(v -> Map.entry(d.id(), v)))
                .toList())
        .as(
            list -> {
              Map<Integer, Integer> m = new HashMap<>();
              list.forEach(e -> m.put(e.getKey(), e.getValue()));
              return m;
            });
  }

  @Test
  void exportedHsmTemplateAppliedAtHardInitReproducesThePolicies() throws HsmException {
    try (Hsm source = Hsm.open(EngineFixtures.memoryOptions());
        Hsm target = Hsm.open(HsmOptions.inMemory("2222222", HsmModel.PCIE_HSM_7))) {
      EngineFixtures.initHsm(source);
      long s = source.openSession(0, APP, true);
      source.login(s, Role.HSM_SO, pin(SO_PIN));
      source.changeHsmPolicy(s, HsmPolicies.SO_CAN_RESET_PARTITION_PIN, 1);
      source.changeHsmPolicy(s, HsmPolicies.ALLOW_CLONING, 0);
      source.changeHsmPolicy(s, HsmPolicies.MAX_PARTITIONS, 7);
      String template = source.exportHsmPolicyTemplate();
      assertTrue(template.contains("33:\"Current maximum number of partitions\":7"), template);

      long t = target.openSession(0, APP, true);
      target.initHsm(t, "target", pin(SO_PIN), DOMAIN, template);
      assertEquals(source.hsmPolicies(), target.hsmPolicies());
      assertEquals(7, target.info().maxPartitions());
    }
  }

  @Test
  void exportedPartitionTemplateAppliedAtPartitionInitReproducesThePolicies() throws HsmException {
    try (Hsm hsm = Hsm.open(EngineFixtures.memoryOptions())) {
      EngineFixtures.initHsm(hsm);
      EngineFixtures.createAndInitPartition(hsm, 1);
      long p = hsm.openSession(1, APP, true);
      hsm.login(p, Role.PARTITION_SO, pin(PO_PIN));
      hsm.changePartitionPolicy(p, PartitionPolicies.MAX_FAILED_USER_LOGINS, 4);
      hsm.changePartitionPolicy(p, PartitionPolicies.PARTITION_VERSION, 1);
      hsm.changePartitionPolicy(p, PartitionPolicies.PER_KEY_AUTHORIZATION, 1);
      String template = hsm.exportPartitionPolicyTemplate(1);

      long so = hsm.openSession(0, APP, true);
      hsm.login(so, Role.HSM_SO, pin(SO_PIN));
      hsm.createPartition(so, 2, 0);
      long q = hsm.openSession(2, APP, true);
      hsm.initPartition(q, "copy", pin(PO_PIN), DOMAIN, template);
      assertEquals(hsm.partitionPolicies(1), hsm.partitionPolicies(2));
      assertEquals(1, hsm.partitionInfo(2).version());
    }
  }

  /** The vendor guide's example template (factory defaults of a Luna USB HSM 7), verbatim. */
  private static final String VENDOR_EXAMPLE =
      """
      # HSM Policy template FW Version 7.7.2
      # Sourced from HSM: myLunaUSB, SN: 556677
      # Field format - Policy ID:Policy Description:Policy Value
      6:"Allow masking":1
      7:"Allow cloning":1
      12:"Allow non-FIPS algorithms":1
      15:"SO can reset partition PIN":0
      16:"Allow network replication":1
      21:"Force user PIN change after set/reset":1
      22:"Allow offboard storage":1
      25:"Allow remote PED usage":1
      30:"Allow unmasking":1
      33:"Current maximum number of partitions":1
      37:"Allow MofN":1
      43:"Allow low level math acceleration":1
      49:"Allow Partition Utilization Metrics":0
      56:"Allow User Defined ECC Curves":1
      """;

  @Test
  void theVendorExampleTemplateIsTheFactoryDefaultOfAUsbHsm() throws HsmException {
    try (Hsm usb = Hsm.open(HsmOptions.inMemory("3333333", HsmModel.USB_HSM_7))) {
      PolicyValues factory = usb.hsmPolicies();
      long s = usb.openSession(0, APP, true);
      usb.initHsm(s, "usb", pin(SO_PIN), DOMAIN, VENDOR_EXAMPLE);
      assertEquals(factory, usb.hsmPolicies());
    }
  }

  @Test
  void aPolicyLeftOutOfATemplateTakesTheDevicesFactoryDefault() throws HsmException {
    try (Hsm pcie = Hsm.open(EngineFixtures.memoryOptions())) {
      PolicyValues factory = pcie.hsmPolicies();
      assertEquals(
          HsmModel.PCIE_HSM_7.maxPartitions(),
          factory.get(HsmPolicies.MAX_PARTITIONS),
          "factory default of policy 33");
      long s = pcie.openSession(0, APP, true);
      pcie.initHsm(
          s, "pcie", pin(SO_PIN), DOMAIN, "# only one line\n15:\"SO can reset partition PIN\":1\n");
      assertEquals(factory.with(HsmPolicies.SO_CAN_RESET_PARTITION_PIN, 1), pcie.hsmPolicies());
    }
  }

  // ------------------------------------------------------------------ rejections

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown policy | 6:"Allow masking":1\\n99:"No such policy":1 | 2 | policy 99 does not
          value out of range | 6:"Allow masking":2 | 1 | outside 0-1
          above its capability (55) | #c\\n55:"Enable Restricted Restore":1 | 2 | capability 55
          above capability (33) | 33:"Current maximum number of partitions":101 | 1 | capability 33
          malformed line | 6:"Allow masking":1\\n\\n7 = 1 | 3 | expected id:"description":value
          missing value | 6:"Allow masking": | 1 | expected id:"description":value
          number too large | 6:"Allow masking":99999999999 | 1 | is not a number
          duplicate policy id | 15:"a":1\\n7:"b":1\\n15:"c":0 | 3 | appears twice
          """)
  void invalidHsmTemplateIsRefusedWithItsLineAndChangesNothing(
      String what, String template, int line, String reason) throws HsmException {
    String text = template.replace("\\n", "\n");
    try (Hsm hsm = Hsm.open(EngineFixtures.memoryOptions())) {
      PolicyValues before = hsm.hsmPolicies();
      long s = hsm.openSession(0, APP, true);
      assertFails(
          Ckr.DATA_INVALID,
          () -> hsm.initHsm(s, "label", pin(SO_PIN), DOMAIN, text),
          "line " + line,
          reason);
      assertTrue(hsm.isZeroized(), what + ": the HSM stays uninitialized");
      assertEquals(before, hsm.hsmPolicies(), what + ": no policy changed");
      assertFalse(hsm.info().initialized());
    }
  }

  @Test
  void invalidPartitionTemplateIsRefusedAndThePartitionStaysUninitialized() throws HsmException {
    try (Hsm hsm = Hsm.open(EngineFixtures.memoryOptions())) {
      EngineFixtures.initHsm(hsm);
      long so = hsm.openSession(0, APP, true);
      hsm.login(so, Role.HSM_SO, pin(SO_PIN));
      hsm.createPartition(so, 1, 0);
      PolicyValues before = hsm.partitionPolicies(1);
      long p = hsm.openSession(1, APP, true);
      assertFails(
          Ckr.DATA_INVALID,
          () ->
              hsm.initPartition(
                  p, "part", pin(PO_PIN), DOMAIN, "20:\"Max failed user logins allowed\":11"),
          "line 1",
          "policy 20");
      assertFails(
          Ckr.DATA_INVALID,
          () ->
              hsm.initPartition(
                  p,
                  "part",
                  pin(PO_PIN),
                  DOMAIN,
                  "41:\"Partition version\":0\n40:\"Allow per-key authentication data\":1"),
          "policy 40",
          "policy 41");
      assertFalse(hsm.partitionInfo(1).initialized());
      assertEquals(before, hsm.partitionPolicies(1));
    }
  }

  @Test
  void softInitWithATemplateIsRefusedAndKeepsPartitionsAndPolicies() throws HsmException {
    try (Hsm hsm = Hsm.open(EngineFixtures.memoryOptions())) {
      EngineFixtures.initHsm(hsm);
      EngineFixtures.createAndInitPartition(hsm, 1);
      PolicyValues before = hsm.hsmPolicies();
      long s = hsm.openSession(0, APP, true);
      hsm.login(s, Role.HSM_SO, pin(SO_PIN));
      assertFails(
          Ckr.OPERATION_NOT_ALLOWED,
          () -> hsm.initHsm(s, "again", pin(SO_PIN), null, "15:\"SO can reset partition PIN\":1"),
          "template",
          "zeroized");
      assertEquals(before, hsm.hsmPolicies());
      assertEquals(List.of(1), hsm.partitionIds());
      assertEquals("selene-test", hsm.info().label());
    }
  }
}
