package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.AU_PIN;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.PO_PIN;
import static io.selenehsm.firmware.EngineFixtures.SO_PIN;
import static io.selenehsm.firmware.EngineFixtures.aesKey;
import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static io.selenehsm.firmware.EngineFixtures.coSession;
import static io.selenehsm.firmware.EngineFixtures.dataObject;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures.Command;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every return code the engine produces, provoked by a test: the code, its {@code CKR_} name in the
 * catalogue, a message naming the role, object, partition or policy involved, and — for every
 * refusal that is not itself a counted failure — no change at all to what is stored.
 */
class ReturnCodeCoverageTest {
  private final FakeTime clock = FakeTime.at(Instant.ofEpochMilli(1_700_000_000_000L));
  private Hsm hsm;

  /** Admin session of its own application, not logged in. */
  private long admin;

  @BeforeEach
  void readyDevice() throws HsmException {
    hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions().withTime(clock));
    admin = hsm.openSession(Hsm.ADMIN_PARTITION, 500, true);
    hsm.initRole(admin, Role.AUDITOR, pin(AU_PIN));
  }

  @AfterEach
  void close() {
    hsm.close();
  }

  /** Everything committed to flash plus what the status commands report. */
  private Map<String, String> snapshot() throws HsmException {
    Map<String, String> m = new TreeMap<>();
    // The audit log records refusals too: that is the one store change a refusal may make.
    hsm.storedEntries()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("audit/")) {
                m.put("flash:" + k, HexFormat.of().formatHex(v));
              }
            });
    m.put("info", hsm.info().toString());
    m.put("policies", hsm.hsmPolicies().toString());
    for (int id : hsm.partitionIds()) {
      m.put("partition " + id, hsm.partitionInfo(id).toString());
      m.put("partition policies " + id, hsm.partitionPolicies(id).toString());
    }
    return m;
  }

  /** The command fails with {@code name}'s code and message, and nothing stored changes. */
  private HsmException refused(String name, long code, Command c, String... mentions)
      throws HsmException {
    assertEquals(name, ReturnCodes.nameOf(code), "catalogue name of the code");
    Map<String, String> before = snapshot();
    HsmException e = assertFails(code, c, mentions);
    assertEquals(name, e.codeName());
    assertEquals(before, snapshot(), name + ": a refused command changed stored state");
    return e;
  }

  /** As {@link #refused}, for failures that are counted (and so do change a counter). */
  private HsmException counted(String name, long code, Command c, String... mentions) {
    assertEquals(name, ReturnCodes.nameOf(code));
    return assertFails(code, c, mentions);
  }

  private long session(int partition, boolean rw) throws HsmException {
    return hsm.openSession(partition, APP + 1000 + partition, rw);
  }

  private void setPartitionPolicy(int id, int value) throws HsmException {
    long p = hsm.openSession(1, 900, true);
    hsm.login(p, Role.PARTITION_SO, pin(PO_PIN));
    hsm.changePartitionPolicy(p, id, value);
    hsm.closeSession(p);
  }

  private void setHsmPolicy(int id, int value) throws HsmException {
    long s = hsm.openSession(0, 901, true);
    hsm.login(s, Role.HSM_SO, pin(SO_PIN));
    hsm.changeHsmPolicy(s, id, value);
    hsm.closeSession(s);
  }

  private void initCu() throws HsmException {
    setPartitionPolicy(PartitionPolicies.FORCE_USER_PIN_CHANGE, 0);
    long co = coSession(hsm, 1, 902);
    hsm.initRole(co, Role.CRYPTO_USER, pin("cu-secret-1"));
    hsm.closeSession(co);
  }

  // ------------------------------------------------------------------ passwords

  @Test
  void wrongPasswordIsPinIncorrectAndNamesRoleAndPartition() throws HsmException {
    long s = session(1, true);
    HsmException e =
        counted(
            "CKR_PIN_INCORRECT",
            Ckr.PIN_INCORRECT,
            () -> hsm.login(s, Role.CRYPTO_OFFICER, pin("wrong-password")),
            "role co",
            "serial " + hsm.partitionSerial(1),
            "9 attempt(s) left");
    assertEquals(0x000000A0L, e.returnCode());
    counted(
        "CKR_PIN_INCORRECT",
        Ckr.PIN_INCORRECT,
        () -> hsm.login(admin, Role.HSM_SO, pin("wrong-password")),
        "HSM SO",
        "2 attempt(s)");
    assertEquals(1, hsm.info().soLoginFailures());
  }

  @Test
  void lockedRoleIsPinLockedEvenWithTheRightPassword() throws HsmException {
    setPartitionPolicy(PartitionPolicies.MAX_FAILED_USER_LOGINS, 2);
    long s = session(1, true);
    counted(
        "CKR_PIN_INCORRECT",
        Ckr.PIN_INCORRECT,
        () -> hsm.login(s, Role.CRYPTO_OFFICER, pin("wrong-password")));
    counted(
        "CKR_PIN_LOCKED",
        Ckr.PIN_LOCKED,
        () -> hsm.login(s, Role.CRYPTO_OFFICER, pin("wrong-password")),
        "role co",
        "serial " + hsm.partitionSerial(1),
        "2 failed logins");
    assertTrue(hsm.partitionInfo(1).coLocked());
    refused(
        "CKR_PIN_LOCKED",
        Ckr.PIN_LOCKED,
        () -> hsm.login(s, Role.CRYPTO_OFFICER, pin(CO_PIN)),
        "role co",
        "locked out");
    // The Partition SO may reset a locked-out CO only while HSM policy 15 is 1.
    long po = hsm.openSession(1, 77, true);
    hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
    refused(
        "CKR_USER_NOT_AUTHORIZED",
        Ckr.USER_NOT_AUTHORIZED,
        () -> hsm.resetPin(po, Role.CRYPTO_OFFICER, pin("co-reset-pw1")),
        "HSM policy 15");
  }

  @Test
  void credentialSetByAnotherRoleIsPinExpiredUntilChanged() throws HsmException {
    long co = coSession(hsm, 1, 902);
    hsm.initRole(co, Role.CRYPTO_USER, pin("cu-initial-1"));
    long cu = session(1, true);
    hsm.login(cu, Role.CRYPTO_USER, pin("cu-initial-1"));
    refused(
        "CKR_PIN_EXPIRED",
        Ckr.PIN_EXPIRED,
        () -> hsm.createObject(cu, dataObject("x", false)),
        "role cu",
        "policy 21");
    refused(
        "CKR_PIN_EXPIRED",
        Ckr.PIN_EXPIRED,
        () -> hsm.findObjects(cu, Attributes.empty()),
        "role cu",
        "policy 21");
    hsm.changePin(cu, pin("cu-initial-1"), pin("cu-chosen-1"));
    hsm.createObject(cu, dataObject("x", false));
  }

  @Test
  void passwordOfTheWrongLengthIsPinLenRangeAndIsNeverCounted() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_PIN_LEN_RANGE",
        Ckr.PIN_LEN_RANGE,
        () -> hsm.initRole(co, Role.CRYPTO_USER, pin("short")),
        "cu password",
        "8-255");
    long s = session(1, true);
    refused(
        "CKR_PIN_LEN_RANGE",
        Ckr.PIN_LEN_RANGE,
        () -> hsm.login(s, Role.CRYPTO_OFFICER, pin("x".repeat(256))),
        "at most 255");
  }

  @Test
  void passwordWithForbiddenCharactersIsPinInvalid() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_PIN_INVALID",
        Ckr.PIN_INVALID,
        () -> hsm.initRole(co, Role.CRYPTO_USER, pin(" leading-space")),
        "cu password",
        "space");
    refused(
        "CKR_PIN_INVALID",
        Ckr.PIN_INVALID,
        () -> hsm.initRole(co, Role.CRYPTO_USER, pin("päss-word-1")),
        "cu password",
        "'\\u00e4'");
  }

  @Test
  void missingOrEmptyPasswordIsArgumentsBadAndNeverCounted() throws HsmException {
    long s = session(1, true);
    for (int i = 0; i < 12; i++) {
      refused(
          "CKR_ARGUMENTS_BAD",
          Ckr.ARGUMENTS_BAD,
          () -> hsm.login(s, Role.CRYPTO_OFFICER, new char[0]),
          "no password");
      refused(
          "CKR_ARGUMENTS_BAD",
          Ckr.ARGUMENTS_BAD,
          () -> hsm.login(admin, Role.HSM_SO, null),
          "no password");
    }
    assertEquals(0, hsm.info().soLoginFailures());
    hsm.login(s, Role.CRYPTO_OFFICER, pin(CO_PIN));
  }

  // ------------------------------------------------------------------ login state

  @Test
  void commandsNeedingALoginAreUserNotLoggedIn() throws HsmException {
    refused(
        "CKR_USER_NOT_LOGGED_IN",
        Ckr.USER_NOT_LOGGED_IN,
        () -> hsm.createPartition(admin, 2, 0),
        "so login");
    refused(
        "CKR_USER_NOT_LOGGED_IN", Ckr.USER_NOT_LOGGED_IN, () -> hsm.logout(admin), "not logged in");
    long s = session(1, true);
    refused(
        "CKR_USER_NOT_LOGGED_IN",
        Ckr.USER_NOT_LOGGED_IN,
        () -> hsm.createObject(s, aesKey("k", false)),
        "private objects",
        "Crypto Officer");
  }

  @Test
  void loggingInTwiceIsAlreadyLoggedInAndAnotherRoleIsAnotherAlreadyLoggedIn() throws HsmException {
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    refused(
        "CKR_USER_ALREADY_LOGGED_IN",
        Ckr.USER_ALREADY_LOGGED_IN,
        () -> hsm.login(admin, Role.HSM_SO, pin(SO_PIN)),
        "already logged in as so");
    refused(
        "CKR_USER_ANOTHER_ALREADY_LOGGED_IN",
        Ckr.USER_ANOTHER_ALREADY_LOGGED_IN,
        () -> hsm.login(admin, Role.AUDITOR, pin(AU_PIN)),
        "already logged in as so");
  }

  @Test
  void roleOnTheWrongKindOfPartitionIsUserTypeInvalid() throws HsmException {
    refused(
        "CKR_USER_TYPE_INVALID",
        Ckr.USER_TYPE_INVALID,
        () -> hsm.login(admin, Role.CRYPTO_OFFICER, pin(CO_PIN)),
        "role co",
        "application partition");
    long s = session(1, true);
    refused(
        "CKR_USER_TYPE_INVALID",
        Ckr.USER_TYPE_INVALID,
        () -> hsm.login(s, Role.HSM_SO, pin(SO_PIN)),
        "role so",
        "admin partition");
    refused(
        "CKR_USER_TYPE_INVALID", Ckr.USER_TYPE_INVALID, () -> Role.fromShortName("boss"), "'boss'");
  }

  @Test
  void roleThatMayNotDoSomethingIsUserNotAuthorized() throws HsmException {
    initCu();
    long cu = session(1, true);
    hsm.login(cu, Role.CRYPTO_USER, pin("cu-secret-1"));
    refused(
        "CKR_USER_NOT_AUTHORIZED",
        Ckr.USER_NOT_AUTHORIZED,
        () -> hsm.createObject(cu, aesKey("k", true)),
        "Crypto Officer",
        "cu");
    long po = hsm.openSession(1, 77, true);
    hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
    refused(
        "CKR_USER_NOT_AUTHORIZED",
        Ckr.USER_NOT_AUTHORIZED,
        () -> hsm.initRole(po, Role.CRYPTO_USER, pin("cu-other-11")),
        "needs role co",
        "po");
  }

  @Test
  void roleWithoutCredentialIsUserPinNotInitialized() throws HsmException {
    long s = session(1, true);
    refused(
        "CKR_USER_PIN_NOT_INITIALIZED",
        Ckr.USER_PIN_NOT_INITIALIZED,
        () -> hsm.login(s, Role.CRYPTO_USER, pin("cu-secret-1")),
        "role cu",
        "serial " + hsm.partitionSerial(1));
    try (Hsm fresh = Hsm.open(EngineFixtures.memoryOptions())) {
      long a = fresh.openSession(0, APP, true);
      assertFails(
          Ckr.USER_PIN_NOT_INITIALIZED,
          () -> fresh.login(a, Role.HSM_SO, pin(SO_PIN)),
          "no HSM SO",
          "initialize");
      assertFails(
          Ckr.USER_PIN_NOT_INITIALIZED, () -> fresh.login(a, Role.AUDITOR, pin(AU_PIN)), "Auditor");
    }
  }

  // ------------------------------------------------------------------ thresholds

  @Test
  void thirdWrongSoLoginIsSoLoginFailureThresholdAndZeroizesTheHsm() throws HsmException {
    assertFails(Ckr.ARGUMENTS_BAD, () -> hsm.login(admin, Role.HSM_SO, new char[0])); // not counted
    counted(
        "CKR_PIN_INCORRECT",
        Ckr.PIN_INCORRECT,
        () -> hsm.login(admin, Role.HSM_SO, pin("wrong-one")));
    counted(
        "CKR_PIN_INCORRECT",
        Ckr.PIN_INCORRECT,
        () -> hsm.login(admin, Role.HSM_SO, pin("wrong-two")));
    assertEquals(2, hsm.info().soLoginFailures());
    counted(
        "CKR_SO_LOGIN_FAILURE_THRESHOLD",
        Ckr.SO_LOGIN_FAILURE_THRESHOLD,
        () -> hsm.login(admin, Role.HSM_SO, pin("wrong-three")),
        "HSM SO",
        hsm.serial(),
        "zeroized");
    assertTrue(hsm.isZeroized());
    assertEquals(List.of(), hsm.partitionIds());
    assertTrue(hsm.info().auditorInitialized(), "zeroize keeps the Auditor");
  }

  @Test
  void thirdWrongAuditorLoginLocksTheRoleOutForTenMinutes() throws HsmException {
    for (int i = 0; i < 2; i++) {
      counted(
          "CKR_PIN_INCORRECT",
          Ckr.PIN_INCORRECT,
          () -> hsm.login(admin, Role.AUDITOR, pin("wrong-audit")),
          "Auditor");
    }
    counted(
        "CKR_AUDIT_LOGIN_FAILURE_THRESHOLD",
        Ckr.AUDIT_LOGIN_FAILURE_THRESHOLD,
        () -> hsm.login(admin, Role.AUDITOR, pin("wrong-audit")),
        "Auditor",
        "locked out",
        "10 minutes");
    assertFalse(hsm.isZeroized(), "the HSM is unaffected");
    clock.advance(Duration.ofMinutes(9));
    refused(
        "CKR_AUDIT_LOGIN_TIMEOUT_IN_PROGRESS",
        Ckr.AUDIT_LOGIN_TIMEOUT_IN_PROGRESS,
        () -> hsm.login(admin, Role.AUDITOR, pin(AU_PIN)),
        "Auditor",
        "60 more seconds");
    refused(
        "CKR_AUDIT_LOGIN_TIMEOUT_IN_PROGRESS",
        Ckr.AUDIT_LOGIN_TIMEOUT_IN_PROGRESS,
        () -> hsm.login(admin, Role.AUDITOR, pin("wrong-audit")),
        "Auditor");
    clock.advance(Duration.ofSeconds(61));
    hsm.login(admin, Role.AUDITOR, pin(AU_PIN));
  }

  // ------------------------------------------------------------------ sessions

  @Test
  void unknownOrClosedSessionIsSessionHandleInvalid() throws HsmException {
    refused(
        "CKR_SESSION_HANDLE_INVALID",
        Ckr.SESSION_HANDLE_INVALID,
        () -> hsm.closeSession(987_654),
        "987654");
    long s = session(1, true);
    hsm.closeSession(s);
    refused(
        "CKR_SESSION_HANDLE_INVALID",
        Ckr.SESSION_HANDLE_INVALID,
        () -> hsm.findObjects(s, Attributes.empty()),
        "session " + s);
  }

  @Test
  void tokenObjectOnAReadOnlySessionIsSessionReadOnly() throws HsmException {
    long ro = hsm.openSession(1, 333, false);
    hsm.login(ro, Role.CRYPTO_OFFICER, pin(CO_PIN));
    refused(
        "CKR_SESSION_READ_ONLY",
        Ckr.SESSION_READ_ONLY,
        () -> hsm.createObject(ro, dataObject("t", true)),
        "read-only",
        "session " + ro);
  }

  @Test
  void partitionSoLoginWithReadOnlySessionsIsSessionReadOnlyExists() throws HsmException {
    long ro = hsm.openSession(1, 334, false);
    long rw = hsm.openSession(1, 334, true);
    refused(
        "CKR_SESSION_READ_ONLY_EXISTS",
        Ckr.SESSION_READ_ONLY_EXISTS,
        () -> hsm.login(rw, Role.PARTITION_SO, pin(PO_PIN)),
        "Partition SO",
        "read-only");
    hsm.closeSession(ro);
    hsm.login(rw, Role.PARTITION_SO, pin(PO_PIN));
  }

  // ------------------------------------------------------------------ objects

  @Test
  void objectThatIsNotThereIsObjectHandleInvalid() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_OBJECT_HANDLE_INVALID",
        Ckr.OBJECT_HANDLE_INVALID,
        () -> hsm.destroyObject(co, 4242),
        "handle 4242",
        "serial " + hsm.partitionSerial(1));
    long key = hsm.createObject(co, aesKey("private", true));
    long anonymous = session(1, true);
    refused(
        "CKR_OBJECT_HANDLE_INVALID",
        Ckr.OBJECT_HANDLE_INVALID,
        () -> hsm.getAttributes(anonymous, key),
        "handle " + key);
  }

  @Test
  void unknownAttributeIsAttributeTypeInvalid() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_ATTRIBUTE_TYPE_INVALID",
        Ckr.ATTRIBUTE_TYPE_INVALID,
        () -> hsm.createObject(co, dataObject("x", true).toBuilder().set(0x7777L, true).build()),
        "CKA_0x7777");
    long h = hsm.createObject(co, dataObject("x", true));
    refused(
        "CKR_ATTRIBUTE_TYPE_INVALID",
        Ckr.ATTRIBUTE_TYPE_INVALID,
        () -> hsm.getAttribute(co, h, Cka.MODULUS),
        "CKA_MODULUS",
        "object " + h);
  }

  @Test
  void badlyEncodedOrSizedValueIsAttributeValueInvalid() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_ATTRIBUTE_VALUE_INVALID",
        Ckr.ATTRIBUTE_VALUE_INVALID,
        () ->
            hsm.createObject(
                co, dataObject("x", true).toBuilder().set(Cka.TOKEN, new byte[] {1, 1}).build()),
        "CKA_TOKEN");
    refused(
        "CKR_ATTRIBUTE_VALUE_INVALID",
        Ckr.ATTRIBUTE_VALUE_INVALID,
        () ->
            hsm.createObject(
                co, aesKey("k", true).toBuilder().set(Cka.VALUE, new byte[15]).build()),
        "CKA_VALUE",
        "15 bytes");
  }

  @Test
  void changingAFixedAttributeIsAttributeReadOnly() throws HsmException {
    long co = coSession(hsm, 1, 902);
    long h = hsm.createObject(co, dataObject("x", true));
    refused(
        "CKR_ATTRIBUTE_READ_ONLY",
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.setAttributes(co, h, Attributes.builder().set(Cka.CLASS, Cko.SECRET_KEY).build()),
        "CKA_CLASS",
        "object " + h);
    refused(
        "CKR_ATTRIBUTE_READ_ONLY",
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.createObject(co, dataObject("y", true).toBuilder().set(Cka.LOCAL, true).build()),
        "CKA_LOCAL");
  }

  @Test
  void readingASensitiveValueIsAttributeSensitive() throws HsmException {
    long co = coSession(hsm, 1, 902);
    long k = hsm.createObject(co, aesKey("k", true));
    refused(
        "CKR_ATTRIBUTE_SENSITIVE",
        Ckr.ATTRIBUTE_SENSITIVE,
        () -> hsm.getAttribute(co, k, Cka.VALUE),
        "CKA_VALUE",
        "object " + k);
  }

  @Test
  void templateMissingWhatTheClassNeedsIsTemplateIncomplete() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_TEMPLATE_INCOMPLETE",
        Ckr.TEMPLATE_INCOMPLETE,
        () -> hsm.createObject(co, Attributes.builder().set(Cka.LABEL, "x").build()),
        "CKA_CLASS");
    refused(
        "CKR_TEMPLATE_INCOMPLETE",
        Ckr.TEMPLATE_INCOMPLETE,
        () -> hsm.createObject(co, aesKey("k", true).toBuilder().remove(Cka.VALUE).build()),
        "secret key",
        "CKA_VALUE");
  }

  @Test
  void contradictoryTemplateIsTemplateInconsistent() throws HsmException {
    long co = coSession(hsm, 1, 902);
    refused(
        "CKR_TEMPLATE_INCONSISTENT",
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            hsm.createObject(co, aesKey("k", true).toBuilder().set(Cka.KEY_TYPE, Ckk.RSA).build()),
        "CKA_KEY_TYPE",
        "CKO_SECRET_KEY");
  }

  @Test
  void forbiddenObjectActionIsActionProhibited() throws HsmException {
    // Policy 11 is destructive: set it before the objects exist.
    setPartitionPolicy(PartitionPolicies.CHANGING_KEY_ATTRIBUTES, 0);
    long co = coSession(hsm, 1, 902);
    long h =
        hsm.createObject(
            co, dataObject("keep", true).toBuilder().set(Cka.DESTROYABLE, false).build());
    refused(
        "CKR_ACTION_PROHIBITED",
        Ckr.ACTION_PROHIBITED,
        () -> hsm.destroyObject(co, h),
        "object " + h,
        "CKA_DESTROYABLE");
    long k = hsm.createObject(co, aesKey("k", true));
    refused(
        "CKR_ACTION_PROHIBITED",
        Ckr.ACTION_PROHIBITED,
        () -> hsm.setAttributes(co, k, Attributes.builder().set(Cka.LABEL, "new").build()),
        "partition policy 11",
        "serial " + hsm.partitionSerial(1));
  }

  @Test
  void fullPartitionIsContainerObjectStorageFull() throws HsmException {
    try (Hsm usb = EngineFixtures.readyHsm(HsmOptions.inMemory("4444444", HsmModel.USB_HSM_7))) {
      long co = coSession(usb, 1, 902);
      byte[] big = new byte[1 << 20];
      for (int i = 0; i < 3; i++) {
        usb.createObject(co, dataObject("big" + i, true).toBuilder().set(Cka.VALUE, big).build());
      }
      PartitionInfo before = usb.partitionInfo(1);
      HsmException e =
          assertFails(
              Ckr.CONTAINER_OBJECT_STORAGE_FULL,
              () ->
                  usb.createObject(
                      co, dataObject("big3", true).toBuilder().set(Cka.VALUE, big).build()),
              "serial " + usb.partitionSerial(1),
              "bytes free");
      assertEquals("CKR_CONTAINER_OBJECT_STORAGE_FULL", e.codeName());
      assertEquals(before, usb.partitionInfo(1));
      // A session object does not take token storage.
      usb.createObject(co, dataObject("temp", false).toBuilder().set(Cka.VALUE, big).build());
    }
  }

  @Test
  void growingATokenObjectBeyondTheQuotaIsContainerObjectStorageFull() throws HsmException {
    try (Hsm usb = EngineFixtures.readyHsm(HsmOptions.inMemory("5555555", HsmModel.USB_HSM_7))) {
      long co = coSession(usb, 1, 902);
      long h = usb.createObject(co, dataObject("grows", true));
      PartitionInfo before = usb.partitionInfo(1);
      byte[] tooBig = new byte[(int) before.freeBytes() + 100];
      HsmException e =
          assertFails(
              Ckr.CONTAINER_OBJECT_STORAGE_FULL,
              () -> usb.setAttributes(co, h, Attributes.builder().set(Cka.VALUE, tooBig).build()),
              "serial " + usb.partitionSerial(1),
              "bytes free");
      assertEquals("CKR_CONTAINER_OBJECT_STORAGE_FULL", e.codeName());
      assertEquals(before, usb.partitionInfo(1));
      assertTrue(usb.partitionInfo(1).freeBytes() >= 0);
      // Growing within the quota is fine.
      usb.setAttributes(co, h, Attributes.builder().set(Cka.VALUE, new byte[1000]).build());
    }
  }

  // ------------------------------------------------------------------ device and partitions

  @Test
  void missingPartitionIsTokenNotPresent() throws HsmException {
    refused(
        "CKR_TOKEN_NOT_PRESENT",
        Ckr.TOKEN_NOT_PRESENT,
        () -> hsm.openSession(5, APP, true),
        "partition 5",
        hsm.serial());
    refused(
        "CKR_TOKEN_NOT_PRESENT", Ckr.TOKEN_NOT_PRESENT, () -> hsm.partitionInfo(9), "partition 9");
  }

  @Test
  void objectsOnAnUninitializedPartitionAreTokenNotRecognized() throws HsmException {
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    hsm.createPartition(admin, 2, 0);
    long s = session(2, true);
    refused(
        "CKR_TOKEN_NOT_RECOGNIZED",
        Ckr.TOKEN_NOT_RECOGNIZED,
        () -> hsm.createObject(s, dataObject("x", false)),
        "serial " + hsm.partitionSerial(2),
        "not initialized");
  }

  @Test
  void commandNotAllowedInTheCurrentStateIsOperationNotAllowed() throws HsmException {
    refused(
        "CKR_OPERATION_NOT_ALLOWED",
        Ckr.OPERATION_NOT_ALLOWED,
        () -> hsm.createObject(admin, dataObject("x", false)),
        "admin partition");
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    hsm.changeHsmPolicy(admin, HsmPolicies.MAX_PARTITIONS, 1);
    refused(
        "CKR_OPERATION_NOT_ALLOWED",
        Ckr.OPERATION_NOT_ALLOWED,
        () -> hsm.createPartition(admin, 2, 0),
        "HSM policy 33");
    refused(
        "CKR_OPERATION_NOT_ALLOWED",
        Ckr.OPERATION_NOT_ALLOWED,
        () -> hsm.changeHsmPolicy(admin, HsmPolicies.MAX_PARTITIONS, 0),
        "policy 33",
        "1 partitions");
    hsm.stmTransport(admin);
    refused(
        "CKR_OPERATION_NOT_ALLOWED",
        Ckr.OPERATION_NOT_ALLOWED,
        () -> hsm.deletePartition(admin, 1),
        "Secure Transport Mode",
        hsm.serial());
  }

  @Test
  void creatingWhatExistsIsObjectAlreadyExists() throws HsmException {
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    refused(
        "CKR_OBJECT_ALREADY_EXISTS",
        Ckr.OBJECT_ALREADY_EXISTS,
        () -> hsm.createPartition(admin, 1, 0),
        "partition 1");
  }

  @Test
  void unknownPolicyOrValueIsDataInvalid() throws HsmException {
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    refused(
        "CKR_DATA_INVALID",
        Ckr.DATA_INVALID,
        () -> hsm.changeHsmPolicy(admin, 99, 1),
        "HSM policy 99");
    refused(
        "CKR_DATA_INVALID",
        Ckr.DATA_INVALID,
        () -> hsm.changeHsmPolicy(admin, HsmPolicies.ALLOW_CLONING, 2),
        "policy 7",
        "0-1");
    refused(
        "CKR_DATA_INVALID",
        Ckr.DATA_INVALID,
        () -> hsm.changeHsmPolicy(admin, HsmPolicies.RESTRICTED_RESTORE, 1),
        "policy 55",
        "capability 55");
  }

  @Test
  void malformedArgumentIsArgumentsBad() throws HsmException {
    hsm.login(admin, Role.HSM_SO, pin(SO_PIN));
    refused(
        "CKR_ARGUMENTS_BAD",
        Ckr.ARGUMENTS_BAD,
        () -> hsm.createPartition(admin, 2, 2),
        "version",
        "not 2");
    refused(
        "CKR_ARGUMENTS_BAD",
        Ckr.ARGUMENTS_BAD,
        () -> hsm.createPartition(admin, 101, 0),
        "partition index 101");
    refused(
        "CKR_ARGUMENTS_BAD",
        Ckr.ARGUMENTS_BAD,
        () -> hsm.generateRandom(admin, -1),
        "random length -1");
    long p = session(1, true);
    hsm.login(p, Role.PARTITION_SO, pin(PO_PIN));
    refused(
        "CKR_ARGUMENTS_BAD",
        Ckr.ARGUMENTS_BAD,
        () -> hsm.initPartition(p, "label", pin(PO_PIN), " leading space", null),
        "domain");
  }

  @Test
  void haltedDeviceIsDeviceErrorUntilRestarted() throws HsmException {
    hsm.tamper("chassis opened");
    HsmException e =
        assertFails(
            Ckr.DEVICE_ERROR, () -> hsm.openSession(0, APP, true), "halted", "tamper", "restart");
    assertEquals("CKR_DEVICE_ERROR", e.codeName());
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.login(admin, Role.HSM_SO, pin(SO_PIN)), "halted");
    assertEquals("Hardware Tamper", hsm.status());
    assertNotEquals(null, hsm.lastTamper());
    hsm.restart();
    assertFalse(hsm.isHalted());
    assertEquals(List.of(1), hsm.partitionIds(), "a tamper halt destroys nothing");
  }
}
