package io.selenehsm.firmware.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The partition policies the Partition SO may change, numbered as on Luna 7 partitions. A
 * destructive change erases the partition's objects; so does turning a V1 partition back to V0.
 */
public final class PartitionPolicies {
  private PartitionPolicies() {}

  public static final int PRIVATE_KEY_CLONING = 0;
  public static final int PRIVATE_KEY_WRAPPING = 1;
  public static final int PRIVATE_KEY_UNWRAPPING = 2;
  public static final int SECRET_KEY_CLONING = 4;
  public static final int SECRET_KEY_WRAPPING = 5;
  public static final int SECRET_KEY_UNWRAPPING = 6;
  public static final int MULTIPURPOSE_KEYS = 10;
  public static final int CHANGING_KEY_ATTRIBUTES = 11;
  public static final int IGNORE_FAILED_CHALLENGES = 15;
  public static final int MAX_FAILED_USER_LOGINS = 20;
  public static final int FORCE_USER_PIN_CHANGE = 21;
  public static final int ALLOW_ACTIVATION = 22;
  public static final int ALLOW_AUTO_ACTIVATION = 23;
  public static final int KEY_MANAGEMENT_FUNCTIONS = 28;
  public static final int RSA_PKCS_MECHANISM = 33;
  public static final int START_END_DATES = 39;
  public static final int PER_KEY_AUTHORIZATION = 40;
  public static final int PARTITION_VERSION = 41;

  /*
   * Selene's own policies, numbered from 1000 so that they never collide with a vendor number.
   * Both are off by default; they relax key-management attack defences (docs/key-management.md).
   */
  /** 1: a secret or private key may be made to both encrypt/decrypt data and wrap/unwrap keys. */
  public static final int DUAL_PURPOSE_KEYS = 1000;

  /** 1: unwrap may produce keys with CKA_SENSITIVE false (the wrapped form has no history). */
  public static final int NON_SENSITIVE_UNWRAP = 1001;

  public static final List<PolicyDefinition> ALL =
      List.of(
          new PolicyDefinition(PRIVATE_KEY_CLONING, "Allow private key cloning", 1, 1, true, -1),
          new PolicyDefinition(PRIVATE_KEY_WRAPPING, "Allow private key wrapping", 0, 1, true, -1),
          new PolicyDefinition(
              PRIVATE_KEY_UNWRAPPING, "Allow private key unwrapping", 1, 1, false, -1),
          new PolicyDefinition(SECRET_KEY_CLONING, "Allow secret key cloning", 1, 1, true, -1),
          new PolicyDefinition(SECRET_KEY_WRAPPING, "Allow secret key wrapping", 1, 1, true, -1),
          new PolicyDefinition(
              SECRET_KEY_UNWRAPPING, "Allow secret key unwrapping", 1, 1, false, -1),
          new PolicyDefinition(MULTIPURPOSE_KEYS, "Allow multipurpose keys", 1, 1, true, -1),
          new PolicyDefinition(
              CHANGING_KEY_ATTRIBUTES, "Allow changing key attributes", 1, 1, true, -1),
          new PolicyDefinition(
              IGNORE_FAILED_CHALLENGES, "Ignore failed challenge responses", 1, 1, false, -1),
          new PolicyDefinition(
              MAX_FAILED_USER_LOGINS, "Max failed user logins allowed", 10, 10, false, -1),
          new PolicyDefinition(
              FORCE_USER_PIN_CHANGE, "Force user PIN change after set/reset", 1, 1, false, -1),
          new PolicyDefinition(ALLOW_ACTIVATION, "Allow activation", 0, 1, false, -1),
          new PolicyDefinition(ALLOW_AUTO_ACTIVATION, "Allow auto-activation", 0, 1, false, -1),
          new PolicyDefinition(
              KEY_MANAGEMENT_FUNCTIONS, "Allow key management functions", 1, 1, false, -1),
          new PolicyDefinition(RSA_PKCS_MECHANISM, "Allow RSA PKCS mechanism", 1, 1, false, -1),
          new PolicyDefinition(START_END_DATES, "Allow Start/End Date Attributes", 0, 1, false, -1),
          new PolicyDefinition(
              PER_KEY_AUTHORIZATION, "Allow per-key authentication data", 0, 1, false, -1),
          new PolicyDefinition(PARTITION_VERSION, "Partition version", 0, 1, false, -1),
          new PolicyDefinition(
              DUAL_PURPOSE_KEYS, "Allow dual-purpose keys (Selene)", 0, 1, false, -1),
          new PolicyDefinition(
              NON_SENSITIVE_UNWRAP, "Allow non-sensitive unwrap (Selene)", 0, 1, false, -1));

  private static final Map<Integer, PolicyDefinition> BY_ID =
      ALL.stream().collect(Collectors.toMap(PolicyDefinition::id, Function.identity()));

  public static Optional<PolicyDefinition> byId(int id) {
    return Optional.ofNullable(BY_ID.get(id));
  }
}
