package io.selenehsm.firmware.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HSM policies the SO may change, numbered as on Luna 7 devices. Each policy id equals the
 * capability id that allows it. Destructive ones delete every application partition on change.
 */
public final class HsmPolicies {
  private HsmPolicies() {}

  public static final int ALLOW_MASKING = 6;
  public static final int ALLOW_CLONING = 7;
  public static final int ALLOW_NON_FIPS = 12;
  public static final int SO_CAN_RESET_PARTITION_PIN = 15;
  public static final int ALLOW_NETWORK_REPLICATION = 16;
  public static final int FORCE_USER_PIN_CHANGE = 21;
  public static final int ALLOW_OFFBOARD_STORAGE = 22;
  public static final int ALLOW_REMOTE_PED = 25;
  public static final int ALLOW_UNMASKING = 30;
  public static final int MAX_PARTITIONS = 33;
  public static final int ALLOW_MOFN = 37;
  public static final int ALLOW_MATH_ACCELERATION = 43;
  public static final int ALLOW_UTILIZATION_METRICS = 49;
  public static final int RESTRICTED_RESTORE = 55;
  public static final int ALLOW_USER_DEFINED_CURVES = 56;

  /** All definitions in id order. The default of policy 33 is the device's partition limit. */
  public static final List<PolicyDefinition> ALL =
      List.of(
          new PolicyDefinition(ALLOW_MASKING, "Allow masking", 1, 1, false, 6),
          new PolicyDefinition(ALLOW_CLONING, "Allow cloning", 1, 1, true, 7),
          new PolicyDefinition(ALLOW_NON_FIPS, "Allow non-FIPS algorithms", 1, 1, true, 12),
          new PolicyDefinition(
              SO_CAN_RESET_PARTITION_PIN, "SO can reset partition PIN", 0, 1, true, 15),
          new PolicyDefinition(
              ALLOW_NETWORK_REPLICATION, "Allow network replication", 1, 1, false, 16),
          new PolicyDefinition(
              FORCE_USER_PIN_CHANGE, "Force user PIN change after set/reset", 1, 1, false, 21),
          new PolicyDefinition(ALLOW_OFFBOARD_STORAGE, "Allow offboard storage", 1, 1, true, 22),
          new PolicyDefinition(ALLOW_REMOTE_PED, "Allow remote PED usage", 1, 1, false, 25),
          new PolicyDefinition(ALLOW_UNMASKING, "Allow unmasking", 1, 1, false, 30),
          new PolicyDefinition(
              MAX_PARTITIONS, "Current maximum number of partitions", 1, 255, false, 33),
          new PolicyDefinition(ALLOW_MOFN, "Allow MofN", 1, 1, false, 37),
          new PolicyDefinition(
              ALLOW_MATH_ACCELERATION, "Allow low level math acceleration", 1, 1, false, 43),
          new PolicyDefinition(
              ALLOW_UTILIZATION_METRICS, "Allow Partition Utilization Metrics", 0, 1, false, 49),
          new PolicyDefinition(RESTRICTED_RESTORE, "Enable Restricted Restore", 0, 1, false, 55),
          new PolicyDefinition(
              ALLOW_USER_DEFINED_CURVES, "Allow User Defined ECC Curves", 1, 1, true, 56));

  private static final Map<Integer, PolicyDefinition> BY_ID =
      ALL.stream().collect(Collectors.toMap(PolicyDefinition::id, Function.identity()));

  public static Optional<PolicyDefinition> byId(int id) {
    return Optional.ofNullable(BY_ID.get(id));
  }
}
