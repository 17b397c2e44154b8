package io.selenehsm.firmware.role;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.AU_PIN;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.PO_PIN;
import static io.selenehsm.firmware.EngineFixtures.SO_PIN;
import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static io.selenehsm.firmware.EngineFixtures.coSession;
import static io.selenehsm.firmware.EngineFixtures.dataObject;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure counters, lockouts, resets and forced password changes, scenario by scenario, as the
 * seeds describe them (the stateful chain covers them at random; these pin each rule down).
 */
class LoginRulesTest {
  private Hsm hsm;

  @BeforeEach
  void hsmWithPolicy15OnAndOnePartition() throws HsmException {
    hsm = Hsm.open(EngineFixtures.memoryOptions());
    EngineFixtures.initHsm(hsm);
    long so = hsm.openSession(0, 1, true);
    hsm.login(so, Role.HSM_SO, pin(SO_PIN));
    // Policy 15 is destructive, so it is set while no partition exists.
    hsm.changeHsmPolicy(so, HsmPolicies.SO_CAN_RESET_PARTITION_PIN, 1);
    hsm.closeSession(so);
    EngineFixtures.createAndInitPartition(hsm, 1);
    EngineFixtures.initCo(hsm, 1);
    partitionPolicy(PartitionPolicies.MAX_FAILED_USER_LOGINS, 3);
  }

  @AfterEach
  void close() {
    hsm.close();
  }

  private void partitionPolicy(int id, int value) throws HsmException {
    long po = hsm.openSession(1, 2, true);
    hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
    hsm.changePartitionPolicy(po, id, value);
    hsm.closeSession(po);
  }

  private void failLogins(long s, Role role, int n) {
    for (int i = 0; i < n; i++) {
      assertFails(Ckr.PIN_INCORRECT, () -> hsm.login(s, role, pin("wrong-password")));
    }
  }

  @Test
  void coLockedOutByPolicy20IsResetByThePartitionSoAndMustChangeItsPassword() throws HsmException {
    long s = hsm.openSession(1, APP, true);
    failLogins(s, Role.CRYPTO_OFFICER, 2);
    assertFails(
        Ckr.PIN_LOCKED,
        () -> hsm.login(s, Role.CRYPTO_OFFICER, pin("wrong-password")),
        "3 failed logins");
    assertTrue(hsm.partitionInfo(1).coLocked());

    long po = hsm.openSession(1, 2, true);
    hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
    hsm.resetPin(po, Role.CRYPTO_OFFICER, pin("co-reset-pw1"));
    assertFalse(hsm.partitionInfo(1).coLocked());

    hsm.login(s, Role.CRYPTO_OFFICER, pin("co-reset-pw1"));
    assertFails(Ckr.PIN_EXPIRED, () -> hsm.createObject(s, dataObject("x", true)), "policy 21");
    hsm.changePin(s, pin("co-reset-pw1"), pin("co-chosen-pw1"));
    hsm.createObject(s, dataObject("x", true));
  }

  @Test
  void withHsmPolicy21OffAResetCredentialNeedNotBeChanged() throws HsmException {
    long so = hsm.openSession(0, 1, true);
    hsm.login(so, Role.HSM_SO, pin(SO_PIN));
    hsm.changeHsmPolicy(so, HsmPolicies.FORCE_USER_PIN_CHANGE, 0);
    assertEquals(List.of(1), hsm.partitionIds(), "policy 21 is not destructive");
    long po = hsm.openSession(1, 2, true);
    hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
    hsm.resetPin(po, Role.CRYPTO_OFFICER, pin("co-reset-pw1"));
    long s = hsm.openSession(1, APP, true);
    hsm.login(s, Role.CRYPTO_OFFICER, pin("co-reset-pw1"));
    hsm.createObject(s, dataObject("x", true));
  }

  @Test
  void cuLockedOutIsResetByTheCryptoOfficer() throws HsmException {
    long co = coSession(hsm, 1, APP);
    hsm.initRole(co, Role.CRYPTO_USER, pin("cu-initial-1"));
    long cu = hsm.openSession(1, APP + 1, true);
    failLogins(cu, Role.CRYPTO_USER, 2);
    assertFails(Ckr.PIN_LOCKED, () -> hsm.login(cu, Role.CRYPTO_USER, pin("wrong-password")));
    assertTrue(hsm.partitionInfo(1).cuLocked());
    hsm.resetPin(co, Role.CRYPTO_USER, pin("cu-reset-pw1"));
    assertFalse(hsm.partitionInfo(1).cuLocked());
    hsm.login(cu, Role.CRYPTO_USER, pin("cu-reset-pw1"));
  }

  @Test
  void failedPartitionSoLoginsEraseThePartition() throws HsmException {
    long co = coSession(hsm, 1, APP);
    hsm.createObject(co, dataObject("x", true));
    long po = hsm.openSession(1, 2, true);
    failLogins(po, Role.PARTITION_SO, 2);
    assertFails(
        Ckr.PIN_LOCKED,
        () -> hsm.login(po, Role.PARTITION_SO, pin("wrong-password")),
        "serial 1234567001",
        "initialized again");
    var info = hsm.partitionInfo(1);
    assertFalse(info.initialized());
    assertFalse(info.coInitialized());
    assertEquals(0, info.objectCount());
    assertEquals(
        3,
        hsm.partitionPolicies(1).get(PartitionPolicies.MAX_FAILED_USER_LOGINS),
        "partition policies survive");
  }

  @Test
  void emptyOrMissingSecretsNeverCount() throws HsmException {
    long s = hsm.openSession(1, APP, true);
    long admin = hsm.openSession(0, APP, true);
    hsm.initRole(admin, Role.AUDITOR, pin(AU_PIN));
    for (int i = 0; i < 10; i++) {
      for (Role r : List.of(Role.CRYPTO_OFFICER, Role.PARTITION_SO)) {
        assertFails(Ckr.ARGUMENTS_BAD, () -> hsm.login(s, r, new char[0]));
        assertFails(Ckr.ARGUMENTS_BAD, () -> hsm.login(s, r, null));
      }
      for (Role r : List.of(Role.HSM_SO, Role.AUDITOR)) {
        assertFails(Ckr.ARGUMENTS_BAD, () -> hsm.login(admin, r, new char[0]));
      }
    }
    // Two wrong ones are still below every limit (3 for these roles).
    failLogins(s, Role.CRYPTO_OFFICER, 2);
    hsm.login(s, Role.CRYPTO_OFFICER, pin(CO_PIN));
    failLogins(admin, Role.HSM_SO, 2);
    assertEquals(2, hsm.info().soLoginFailures());
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    assertEquals(0, hsm.info().soLoginFailures(), "a right password resets the counter");
    assertTrue(hsm.partitionIds().contains(1));
  }

  @Test
  void wrongSoPasswordInASoftInitCountsTowardsZeroization() throws HsmException {
    long so = hsm.openSession(0, 1, true);
    hsm.login(so, Role.HSM_SO, pin(SO_PIN));
    failLogins(hsm.openSession(0, 3, true), Role.HSM_SO, 2);
    assertFails(
        Ckr.SO_LOGIN_FAILURE_THRESHOLD,
        () -> hsm.initHsm(so, "again", pin("wrong-password"), null, null),
        "zeroized");
    assertTrue(hsm.isZeroized());
  }

  @Test
  void stmVerificationStringChangesAfterAFailedSoLogin() throws HsmException {
    long so = hsm.openSession(0, 1, true);
    hsm.login(so, Role.HSM_SO, pin(SO_PIN));
    Hsm.StmStrings shown = hsm.stmTransport(so);
    assertTrue(hsm.isInTransportMode());
    long p = hsm.openSession(1, APP, true);
    assertFails(
        Ckr.OPERATION_NOT_ALLOWED,
        () -> hsm.findObjects(p, Attributes.empty()),
        "Secure Transport Mode");
    hsm.closeSession(p);
    assertEquals(
        shown.verificationString(),
        hsm.stmRecover(so, shown.randomUserString()),
        "nothing changed in transit: the strings match");

    Hsm.StmStrings again = hsm.stmTransport(so);
    long other = hsm.openSession(0, 4, true);
    assertFails(Ckr.PIN_INCORRECT, () -> hsm.login(other, Role.HSM_SO, pin("wrong-password")));
    assertNotEquals(
        again.verificationString(),
        hsm.stmRecover(so, again.randomUserString()),
        "a failed SO login in transit changes the verification string");
    assertFalse(hsm.isInTransportMode());
  }

  @Test
  void seedCharacterSetsAreAccepted() throws HsmException {
    try (Hsm fresh = Hsm.open(EngineFixtures.memoryOptions())) {
      long s = fresh.openSession(0, APP, true);
      // Domain strings may use '-' and '=' (seed list); passwords may use '`'.
      fresh.initHsm(s, "label-1", pin("pass`word-1"), "my-domain=1", null);
      fresh.login(s, Role.HSM_SO, pin("pass`word-1"));
    }
    PasswordRules.checkDomain("abc-DEF=123 !@#$%^*_+[]{}()/:',.~");
    for (String bad : List.of("\"", "&", ";", "<", ">", "?", "\\", "`", "|")) {
      assertFails(Ckr.ARGUMENTS_BAD, () -> PasswordRules.checkDomain("dom" + bad), bad);
    }
  }
}
