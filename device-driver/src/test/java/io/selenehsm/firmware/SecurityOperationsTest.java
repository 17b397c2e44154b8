package io.selenehsm.firmware;

import static io.selenehsm.firmware.SecOpsFixture.CO_PW;
import static io.selenehsm.firmware.SecOpsFixture.PW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.HsmUtilization.Metric;
import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.quorum.IKey;
import io.selenehsm.firmware.quorum.ScriptedPed;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STM, tamper, quorum authentication, per-key authorization and utilization metrics. */
class SecurityOperationsTest {
  @AfterEach
  void closeDevices() {
    SecOpsFixture.closeDurable();
  }

  private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

  private static long code(HsmAuditTest.ThrowingRunnable r) {
    return assertThrows(HsmException.class, r::run).returnCode();
  }

  private static long aesMacKey(SecOpsFixture f) throws HsmException {
    return f.hsm
        .crypto()
        .generateKey(
            f.partition,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.SIGN, true)
                .set(Cka.VERIFY, true)
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.TOKEN, true)
                .build());
  }

  // ---------------------------------------------------------------- STM

  @Test
  void oneFailedSoLoginChangesTheStmVerificationString() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("9001").initialized();
    Hsm.StmStrings quiet = f.hsm.stmTransport(f.admin);
    assertEquals(
        quiet.verificationString(),
        f.hsm.stmRecover(f.admin, quiet.randomUserString()),
        "nothing changed in transit");

    Hsm.StmStrings shipped = f.hsm.stmTransport(f.admin);
    long other = f.hsm.openSession(0, 5, true);
    assertEquals(
        Ckr.PIN_INCORRECT,
        code(() -> f.hsm.login(other, Role.HSM_SO, "wrong-pass1".toCharArray())));
    f.hsm.login(other, Role.HSM_SO, PW);
    assertNotEquals(
        shipped.verificationString(),
        f.hsm.stmRecover(f.admin, shipped.randomUserString()),
        "one failed SO login changes the device state, even when" + " a successful login follows");
    assertFalse(f.hsm.isInTransportMode());
  }

  @Test
  void onlyLimitedOperationsRunInTransportMode() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("9002").initialized();
    f.hsm.stmTransport(f.admin);
    assertEquals(Ckr.OPERATION_NOT_ALLOWED, code(() -> f.hsm.createPartition(f.admin, 1, 0)));
    f.hsm.stmRecover(f.admin, "ANY-STRING");
    f.hsm.createPartition(f.admin, 1, 0);
  }

  // ---------------------------------------------------------------- tamper

  @Test
  void tamperHaltsDeactivatesLogsAndRestartRecovers(@TempDir Path dir) throws Exception {
    SecOpsFixture f = SecOpsFixture.durable("9003", dir).initialized().withPartition(1, 0);
    f.hsm.tamper("over temperature");
    assertTrue(f.hsm.isHalted());
    assertEquals(Ckr.DEVICE_ERROR, code(() -> f.hsm.openSession(1, 3, true)));
    assertTrue(f.hsm.lastTamper().startsWith("over temperature at "), f.hsm.lastTamper());
    assertTrue(f.hsm.status().toLowerCase(Locale.ROOT).contains("tamper"), f.hsm.status());
    f.hsm.restart();
    assertFalse(f.hsm.isHalted());
    assertTrue(
        f.hsm.audit().bufferedRecords().stream()
            .anyMatch(r -> r.event() == AuditEvent.TAMPER && r.text().equals("over temperature")),
        "the tamper is recorded whatever the event mask, and kept across the restart");
    long s = f.hsm.openSession(1, 3, true);
    f.hsm.login(s, Role.CRYPTO_OFFICER, CO_PW);
  }

  // ---------------------------------------------------------------- quorum

  @Test
  void quorumHsmSoNeedsAnyMDistinctSplits() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("9004");
    ScriptedPed ped = new ScriptedPed();
    f.hsm.quorum().initHsm(f.admin, "pedhsm", "domain", null, ped, 2, 3);
    List<IKey> blue = ped.issued();
    assertEquals(3, blue.size());
    assertTrue(f.hsm.quorum().isQuorumRole(0, Role.HSM_SO));

    long s = f.hsm.openSession(0, 2, true);
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        code(() -> f.hsm.quorum().login(s, Role.HSM_SO, new ScriptedPed().insert(blue.get(0)))),
        "fewer than M never authenticate");
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        code(
            () ->
                f.hsm
                    .quorum()
                    .login(
                        s,
                        Role.HSM_SO,
                        new ScriptedPed().insert(blue.get(1), blue.get(1).duplicate()))),
        "a split and its duplicate count once");
    assertEquals(0, f.hsm.info().soLoginFailures(), "presenting no credential is no attempt");

    List<IKey> foreign =
        IKey.mint(blue.get(0).color(), "other", new byte[32], 2, 3, new SecureRandom());
    assertEquals(
        Ckr.PIN_INCORRECT,
        code(
            () ->
                f.hsm
                    .quorum()
                    .login(
                        s, Role.HSM_SO, new ScriptedPed().insert(foreign.get(0), foreign.get(1)))));
    assertEquals(1, f.hsm.info().soLoginFailures(), "wrong iKeys count like a wrong password");

    assertEquals(
        Ckr.USER_TYPE_INVALID,
        code(() -> f.hsm.login(s, Role.HSM_SO, PW)),
        "a quorum role has no password login");
    f.hsm.quorum().login(s, Role.HSM_SO, new ScriptedPed().insert(blue.get(2), blue.get(0)));
    assertEquals(Role.HSM_SO, f.hsm.sessionInfo(s).role());
    assertEquals(0, f.hsm.info().soLoginFailures());
    f.hsm.createPartition(s, 1, 0);
  }

  @Test
  void activationLetsApplicationsUseTheChallengeUntilRestartOrTamper(@TempDir Path dir)
      throws Exception {
    SecOpsFixture f = SecOpsFixture.durable("9005", dir).initialized();
    f.hsm.createPartition(f.admin, 1, 0);
    long po = f.hsm.openSession(1, 2, true);
    f.hsm.initPartition(po, "part", PW, "domain", null);
    f.hsm.login(po, Role.PARTITION_SO, PW);
    f.hsm.changePartitionPolicy(po, PartitionPolicies.ALLOW_ACTIVATION, 1);
    ScriptedPed ped = new ScriptedPed();
    f.hsm.quorum().initRole(po, Role.CRYPTO_OFFICER, ped, 1, 2);
    List<IKey> black = ped.issued();
    f.hsm.quorum().createChallenge(po, Role.CRYPTO_OFFICER, "challenge1".toCharArray());

    long app = f.hsm.openSession(1, 7, true);
    assertEquals(
        Ckr.USER_TYPE_INVALID,
        code(() -> f.hsm.login(app, Role.CRYPTO_OFFICER, "challenge1".toCharArray())),
        "not activated yet");
    long ped1 = f.hsm.openSession(1, 8, true);
    f.hsm.quorum().login(ped1, Role.CRYPTO_OFFICER, new ScriptedPed().insert(black.get(1)));
    assertTrue(f.hsm.quorum().isActivated(1, Role.CRYPTO_OFFICER));
    assertEquals(
        Ckr.PIN_INCORRECT,
        code(() -> f.hsm.login(app, Role.CRYPTO_OFFICER, "challenge2".toCharArray())));
    f.hsm.login(app, Role.CRYPTO_OFFICER, "challenge1".toCharArray());
    assertEquals(Role.CRYPTO_OFFICER, f.hsm.sessionInfo(app).role());

    f.hsm.restart();
    assertFalse(f.hsm.quorum().isActivated(1, Role.CRYPTO_OFFICER), "policy 23 is off");

    long ped2 = f.hsm.openSession(1, 9, true);
    f.hsm.quorum().login(ped2, Role.CRYPTO_OFFICER, new ScriptedPed().insert(black.get(0)));
    assertTrue(f.hsm.quorum().isActivated(1, Role.CRYPTO_OFFICER));
    f.hsm.tamper("under voltage");
    f.hsm.restart();
    assertFalse(f.hsm.quorum().isActivated(1, Role.CRYPTO_OFFICER), "a tamper deactivates");
  }

  @Test
  void autoActivationSurvivesARestart(@TempDir Path dir) throws Exception {
    SecOpsFixture f = SecOpsFixture.durable("9006", dir).initialized();
    f.hsm.createPartition(f.admin, 1, 0);
    long po = f.hsm.openSession(1, 2, true);
    f.hsm.initPartition(po, "part", PW, "domain", null);
    f.hsm.login(po, Role.PARTITION_SO, PW);
    f.hsm.changePartitionPolicy(po, PartitionPolicies.ALLOW_ACTIVATION, 1);
    f.hsm.changePartitionPolicy(po, PartitionPolicies.ALLOW_AUTO_ACTIVATION, 1);
    ScriptedPed ped = new ScriptedPed();
    f.hsm.quorum().initRole(po, Role.CRYPTO_OFFICER, ped, 1, 1);
    long s = f.hsm.openSession(1, 3, true);
    f.hsm.quorum().login(s, Role.CRYPTO_OFFICER, new ScriptedPed().insert(ped.issued()));
    f.hsm.restart();
    assertTrue(f.hsm.quorum().isActivated(1, Role.CRYPTO_OFFICER));
  }

  // ---------------------------------------------------------------- per-key authorization

  @Test
  void usersNeedAnAssignedKeyTheyAuthorized() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("9007").initialized().withPartition(1, 1);
    f.hsm.initRole(f.partition, Role.CRYPTO_USER, PW);
    long key = aesMacKey(f);
    Mechanism cmac = Mechanism.of(Ckm.AES_CMAC);
    f.hsm.crypto().sign(f.partition, cmac, key, DATA);
    f.hsm.keyAuthorization().resetAuthorizationData(f.partition, key, "keyauth1".toCharArray());

    long cu = f.hsm.openSession(1, 20, true);
    f.hsm.login(cu, Role.CRYPTO_USER, PW);
    f.hsm.changePin(cu, PW, "cu-password2".toCharArray());
    assertEquals(
        Ckr.USER_NOT_AUTHORIZED,
        code(() -> f.hsm.crypto().sign(cu, cmac, key, DATA)),
        "not assigned");
    assertEquals(
        Ckr.USER_NOT_AUTHORIZED,
        code(() -> f.hsm.keyAuthorization().assignKey(cu, key)),
        "only the Crypto Officer assigns");
    f.hsm.keyAuthorization().assignKey(f.partition, key);
    assertEquals(
        Ckr.USER_NOT_AUTHORIZED,
        code(() -> f.hsm.crypto().sign(cu, cmac, key, DATA)),
        "not authorized in this login");
    assertEquals(
        Ckr.PIN_INCORRECT,
        code(() -> f.hsm.keyAuthorization().authorizeKey(cu, key, "wrong".toCharArray())));
    assertEquals(1, f.hsm.keyAuthorization().failedAuthorizations(f.partition, key));
    f.hsm.keyAuthorization().authorizeKey(cu, key, "keyauth1".toCharArray());
    assertEquals(0, f.hsm.keyAuthorization().failedAuthorizations(f.partition, key));
    f.hsm.crypto().sign(cu, cmac, key, DATA);

    f.hsm
        .keyAuthorization()
        .setAuthorizationData(cu, key, "keyauth1".toCharArray(), "keyauth2".toCharArray());
    long cu2 = f.hsm.openSession(1, 20, true);
    assertEquals(
        Ckr.USER_NOT_AUTHORIZED,
        code(() -> f.hsm.crypto().sign(cu2, cmac, key, DATA)),
        "an authorization belongs to the session that made it");
    int limit = f.hsm.partitionPolicies(1).get(PartitionPolicies.MAX_FAILED_USER_LOGINS);
    for (int i = 0; i < limit; i++) {
      assertEquals(
          Ckr.PIN_INCORRECT,
          code(() -> f.hsm.keyAuthorization().authorizeKey(cu2, key, "keyauth1".toCharArray())));
    }
    assertEquals(
        Ckr.PIN_LOCKED,
        code(() -> f.hsm.keyAuthorization().authorizeKey(cu2, key, "keyauth2".toCharArray())),
        "locked even with the right data");
    f.hsm.keyAuthorization().resetAuthorizationData(f.partition, key, "keyauth3".toCharArray());
    f.hsm.keyAuthorization().authorizeKey(cu2, key, "keyauth3".toCharArray());
    assertEquals(
        Ckr.ATTRIBUTE_SENSITIVE,
        code(() -> f.hsm.getAttribute(f.partition, key, Cka.AUTH_DATA)),
        "authorization data is never readable");
  }

  @Test
  void perKeyCommandsNeedAV1PartitionWithPolicy40() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("9008").initialized().withPartition(1, 0);
    long key = aesMacKey(f);
    assertEquals(
        Ckr.OPERATION_NOT_ALLOWED,
        code(() -> f.hsm.keyAuthorization().assignKey(f.partition, key)));
    assertEquals(
        Ckr.ATTRIBUTE_READ_ONLY,
        code(
            () ->
                f.hsm.createObject(
                    f.partition,
                    Attributes.builder()
                        .set(Cka.CLASS, 0L)
                        .set(Cka.AUTH_DATA, new byte[4])
                        .build())));
  }

  // ---------------------------------------------------------------- utilization

  @Test
  void utilizationCountsRequestsIncludingFailedOnes(@TempDir Path dir) throws Exception {
    SecOpsFixture f = SecOpsFixture.durable("9009", dir).initialized().withPartition(1, 0);
    assertEquals(
        Ckr.OPERATION_NOT_ALLOWED,
        code(() -> f.hsm.utilization().show(f.admin)),
        "policy 49 is 0 by default");
    f.hsm.changeHsmPolicy(f.admin, HsmPolicies.ALLOW_UTILIZATION_METRICS, 1);
    long key = aesMacKey(f);
    Mechanism cmac = Mechanism.of(Ckm.AES_CMAC);
    byte[] mac = f.hsm.crypto().sign(f.partition, cmac, key, DATA);
    f.hsm.crypto().sign(f.partition, cmac, key, DATA);
    f.hsm.crypto().verify(f.partition, cmac, key, DATA, mac);
    assertThrows(
        HsmException.class,
        () ->
            f.hsm
                .crypto()
                .verify(f.partition, cmac, key, "other".getBytes(StandardCharsets.UTF_8), mac));
    assertThrows(
        HsmException.class,
        () -> f.hsm.crypto().encrypt(f.partition, Mechanism.of(Ckm.AES_ECB), 4242, new byte[16]));

    HsmUtilization.PartitionUsage u = f.hsm.utilization().show(f.admin).get(1);
    assertEquals(2L, u.requests().get(Metric.SIGN));
    assertEquals(2L, u.requests().get(Metric.VERIFY), "a failed verification is a request");
    assertEquals(1L, u.requests().get(Metric.ENCRYPT));
    assertEquals(1L, u.requests().get(Metric.KEY_GENERATE));
    assertEquals(0L, u.requests().get(Metric.DECRYPT));
    assertEquals(Ckr.USER_TYPE_INVALID, code(() -> f.hsm.utilization().show(f.partition)));

    f.hsm.utilization().reset(f.admin);
    assertEquals(0L, f.hsm.utilization().show(f.admin).get(1).requests().get(Metric.SIGN));
    f.hsm.crypto().sign(f.partition, cmac, key, DATA);
    f.hsm.restart();
    long so = f.hsm.openSession(0, 1, true);
    f.hsm.login(so, Role.HSM_SO, PW);
    HsmUtilization.PartitionUsage after = f.hsm.utilization().show(so).get(1);
    assertEquals(0L, after.requests().get(Metric.SIGN), "a restart starts the counters again");
    assertNull(after.since());
  }
}
