package io.selenehsm.firmware;

import static io.selenehsm.firmware.SecOpsFixture.AU_PW;
import static io.selenehsm.firmware.SecOpsFixture.PW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.AuditCategory;
import io.selenehsm.firmware.audit.AuditCodes;
import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.audit.AuditRecord;
import io.selenehsm.firmware.audit.AuditRole;
import io.selenehsm.firmware.audit.AuditSecret;
import io.selenehsm.firmware.audit.AuditVerifier;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.store.FlashStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log as the engine runs it: what is recorded, who manages it, where it lives. */
class HsmAuditTest {
  @AfterEach
  void closeDevices() {
    SecOpsFixture.closeDurable();
  }

  private static List<AuditRecord> records(Hsm hsm, AuditEvent event) {
    return hsm.audit().bufferedRecords().stream().filter(r -> r.event() == event).toList();
  }

  private static long code(ThrowingRunnable r) {
    return assertThrows(HsmException.class, r::run).returnCode();
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void commandsAreRecordedWithOutcomeReturnCodeAndRole() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7001").initialized().withPartition(1, 0);
    f.hsm.audit().configure(f.admin, "evmask all");
    long s = f.hsm.openSession(1, 3, true);
    assertEquals(
        Ckr.PIN_INCORRECT,
        code(() -> f.hsm.login(s, Role.CRYPTO_OFFICER, "wrong-pass1".toCharArray())));
    f.hsm.login(s, Role.CRYPTO_OFFICER, SecOpsFixture.CO_PW);
    f.hsm.logout(s);

    List<AuditRecord> logins = records(f.hsm, AuditEvent.LOGIN);
    AuditRecord failed = logins.get(0);
    assertEquals(Ckr.PIN_INCORRECT, failed.returnCode());
    assertEquals("1", failed.partition());
    AuditRecord ok = logins.get(1);
    assertEquals(Ckr.OK, ok.returnCode());
    assertEquals(AuditRole.CRYPTO_OFFICER, ok.role());
    assertEquals(0, ok.role().id(), "the CO's role id in the vendor's event log is 0");
    AuditRecord logout = records(f.hsm, AuditEvent.LOGOUT).get(0);
    assertEquals(AuditRole.CRYPTO_OFFICER, logout.role(), "a logout names who logged out");
    assertEquals(AuditCategory.ACCESS, logout.category());
  }

  @Test
  void unconditionalEventsAreRecordedWithAnEmptyMask() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7002");
    f.hsm.initHsm(f.admin, "hsm", PW, "domain", null);
    f.hsm.login(f.admin, Role.HSM_SO, PW);
    f.hsm.createPartition(f.admin, 1, 0);
    f.auditor();
    assertEquals(1, records(f.hsm, AuditEvent.INIT_TOKEN).size());
    assertEquals(1, records(f.hsm, AuditEvent.CREATE_AUDIT_ROLE).size());
    assertTrue(records(f.hsm, AuditEvent.CREATE_PARTITION).isEmpty(), "masked out by default");
    assertTrue(records(f.hsm, AuditEvent.LOGIN).isEmpty());
  }

  @Test
  void onceTheAuditorExistsOnlyItConfiguresOrClearsTheLog() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7003").initialized();
    f.hsm.audit().configure(f.admin, "interval hourly");
    long au = f.auditor();
    assertEquals(
        Ckr.USER_NOT_AUTHORIZED, code(() -> f.hsm.audit().configure(f.admin, "evmask all")));
    assertEquals(Ckr.USER_NOT_AUTHORIZED, code(() -> f.hsm.audit().clear(f.admin)));
    assertEquals(
        Ckr.USER_NOT_AUTHORIZED, code(() -> f.hsm.audit().syncTime(f.admin, Instant.now())));
    f.hsm.audit().configure(au, "evmask access:failure,keymgmt");
    assertEquals("access:failure,keymgmt", f.hsm.audit().config().mask().format());
    assertEquals(Ckr.ARGUMENTS_BAD, code(() -> f.hsm.audit().configure(au, "evmask bogus")));
    assertEquals(
        "access:failure,keymgmt",
        f.hsm.audit().config().mask().format(),
        "a bad setting leaves the configuration untouched");
    assertEquals(
        Ckr.USER_NOT_LOGGED_IN,
        code(() -> f.hsm.audit().configure(f.hsm.openSession(0, 44, true), "evmask all")));
  }

  @Test
  void logFullRefusesOrdinaryCommandsUntilTheAuditorClears() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7004").initialized().withPartition(1, 0);
    long au = f.auditor();
    f.hsm.audit().configure(au, "evmask all");
    int capacity = f.hsm.audit().status().capacity();
    for (int i = 0; i < capacity && !f.hsm.audit().status().full(); i++) {
      f.hsm.audit().logExternal(f.partition, "filler " + i);
    }
    assertTrue(f.hsm.audit().status().full());
    Attributes data = Attributes.builder().set(Cka.CLASS, Cko.DATA).set(Cka.PRIVATE, false).build();
    assertEquals(AuditCodes.LOG_FULL, code(() -> f.hsm.createObject(f.partition, data)));
    assertEquals(AuditCodes.LOG_FULL, code(() -> f.hsm.audit().logExternal(f.partition, "x")));
    long other = f.hsm.openSession(1, 77, true);
    f.hsm.login(other, Role.CRYPTO_OFFICER, SecOpsFixture.CO_PW);
    assertTrue(f.hsm.audit().clear(au) >= capacity);
    assertFalse(f.hsm.audit().status().full());
    f.hsm.createObject(f.partition, data);
    assertEquals(1, records(f.hsm, AuditEvent.LOG_CLEAR).size());
  }

  @Test
  void theLogSurvivesRestartAndLostRecordsHaltTheDevice(@TempDir Path dir) throws Exception {
    SecOpsFixture f = SecOpsFixture.durable("7005", dir).initialized();
    f.hsm.audit().configure(f.admin, "evmask all");
    f.hsm.createPartition(f.admin, 1, 0);
    long last = f.hsm.audit().status().lastSequence();
    byte[] head = f.hsm.audit().lastHmac();
    f.hsm.restart();
    assertFalse(f.hsm.isHalted());
    assertEquals(last, f.hsm.audit().status().lastSequence());
    assertTrue(java.util.Arrays.equals(head, f.hsm.audit().lastHmac()));
    assertEquals("all", f.hsm.audit().config().mask().format());

    f.hsm.commit(
        new FlashStore.Batch().delete(String.format("%s%016x", HsmAudit.RECORD_PREFIX, last)));
    f.hsm.restart();
    assertTrue(f.hsm.isHalted(), "a store that lost its newest audit record is an SDI failure");
    f.hsm.factoryReset();
    assertFalse(f.hsm.isHalted());
    assertEquals(0, f.hsm.audit().status().lastSequence(), "factory reset starts a fresh log");
  }

  @Test
  void zeroizeKeepsTheLogFactoryResetReplacesIt() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7006").initialized();
    f.hsm.audit().configure(f.admin, "evmask all");
    long au = f.auditor();
    f.hsm.audit().setDomain(au, "auditdomain");
    String fingerprint = f.hsm.audit().secretFingerprint();
    long before = f.hsm.audit().status().lastSequence();
    f.hsm.zeroize(f.admin);
    assertEquals(fingerprint, f.hsm.audit().secretFingerprint());
    assertEquals("all", f.hsm.audit().config().mask().format());
    AuditRecord z = records(f.hsm, AuditEvent.ZEROIZE).get(0);
    assertTrue(z.sequence() > before, "the chain continues across zeroize");
    long au2 = f.hsm.openSession(0, 10, true);
    f.hsm.login(au2, Role.AUDITOR, AU_PW);
    f.hsm.audit().exportSecret(au2);

    f.hsm.factoryReset();
    assertNotEquals(fingerprint, f.hsm.audit().secretFingerprint());
    assertEquals("none", f.hsm.audit().config().mask().format());
    assertFalse(f.hsm.hasAuditor());
  }

  @Test
  void anotherHsmOfTheDomainVerifiesTheLogAndFindsTampering(@TempDir Path tmp) throws Exception {
    SecOpsFixture a = SecOpsFixture.inMemory("7007").initialized().withPartition(1, 0);
    long auA = a.auditor();
    a.hsm.audit().setDomain(auA, "auditdomain");
    a.hsm.audit().configure(auA, "evmask all");
    a.hsm.audit().configure(auA, "path " + tmp.resolve("logs"));
    a.hsm
        .crypto()
        .generateKey(
            a.partition,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder().set(Cka.VALUE_LEN, 32L).set(Cka.ENCRYPT, true).build());
    a.hsm.audit().logExternal(a.partition, "nightly batch done");
    Path file = a.hsm.audit().rotate(auA).orElseThrow();
    String exported = a.hsm.audit().exportSecret(auA);

    SecOpsFixture b = SecOpsFixture.inMemory("7008").initialized();
    long auB = b.auditor();
    b.hsm.audit().setDomain(auB, "auditdomain");
    String ownB = b.hsm.audit().secretFingerprint();
    assertEquals("7007", b.hsm.audit().importSecret(auB, exported));
    assertEquals(ownB, b.hsm.audit().secretFingerprint(), "the own secret is kept");
    VerificationResult good = b.hsm.audit().verify(auB, List.of(file));
    assertTrue(good.ok(), good.toString());

    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int at = 0;
    while (!lines.get(at).contains("nightly")) {
      at++;
    }
    lines.set(at, lines.get(at).replace("nightly", "NIGHTLY"));
    Path forged = tmp.resolve("forged.log");
    Files.write(forged, lines);
    VerificationResult bad = b.hsm.audit().verify(auB, List.of(forged));
    assertFalse(bad.ok());

    SecOpsFixture c = SecOpsFixture.inMemory("7009").initialized();
    long auC = c.auditor();
    c.hsm.audit().setDomain(auC, "otherdomain");
    assertEquals(Ckr.WRAPPED_KEY_INVALID, code(() -> c.hsm.audit().importSecret(auC, exported)));
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        code(() -> c.hsm.audit().verify(auC, List.of(file))),
        "without the secret of HSM 7007 its logs cannot be verified");
    assertTrue(
        AuditSecret.importWrapped(exported, "auditdomain".getBytes(StandardCharsets.UTF_8))
            .hsmSerial()
            .equals("7007"));
  }

  @Test
  void theWholeChainVerifiesAgainstTheStoredHead(@TempDir Path tmp) throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7010").initialized().withPartition(1, 0);
    long au = f.auditor();
    f.hsm.audit().configure(au, "evmask all");
    f.hsm.audit().configure(au, "path " + tmp);
    // records are 448 bytes: a file holds nine, and the verifications below stay in the HSM
    f.hsm.audit().configure(au, "size 4k");
    for (int i = 0; i < 30; i++) {
      f.hsm.audit().logExternal(f.partition, "message " + i);
    }
    f.hsm.audit().rotate(au);
    List<Path> files = AuditVerifier.rotatedFiles(tmp, "7010");
    assertTrue(files.size() > 2, "size-based rotation wrote several files: " + files);
    VerificationResult all = f.hsm.audit().verify(au, files);
    assertTrue(all.ok(), all.toString());
    VerificationResult older = f.hsm.audit().verify(au, files.subList(0, files.size() - 1));
    assertTrue(older.ok(), "older files prove their own continuity");

    Path newest = files.get(files.size() - 1);
    List<String> lines = Files.readAllLines(newest);
    Files.write(newest, lines.subList(0, lines.size() - 1));
    VerificationResult cut = f.hsm.audit().verify(au, files);
    assertFalse(cut.ok(), "a record cut from the newest file is found against the stored head");
  }

  @Test
  void anOlderFileIsProvenByTheRecordThatFollowsIt(@TempDir Path tmp) throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7011").initialized().withPartition(1, 0);
    long au = f.auditor();
    f.hsm.audit().configure(au, "evmask all");
    f.hsm.audit().configure(au, "path " + tmp);
    f.hsm.audit().configure(au, "size 4k");
    for (int i = 0; i < 30; i++) {
      f.hsm.audit().logExternal(f.partition, "message " + (char) ('a' + i % 26));
    }
    f.hsm.audit().rotate(au);
    List<Path> files = AuditVerifier.rotatedFiles(tmp, "7011");
    List<Path> older = files.subList(0, 2);
    Path target = older.get(1);
    List<String> lines = new ArrayList<>(Files.readAllLines(target));
    int last = lines.size() - 1;

    // rewrite the text of the file's newest record and its digest in the raw data: a well-formed
    // line anyone can make without the log secret
    String edited = withText(lines.get(last), "EDITED");
    AuditRecord.parse(edited);
    lines.set(last, edited);
    Files.write(target, lines);
    VerificationResult forged = f.hsm.audit().verify(au, older);
    assertFalse(forged.ok(), "the next file's first record refutes the edited one");
    assertEquals(VerificationResult.Reason.BAD_HMAC, forged.failure().get().reason());
    int position = Files.readAllLines(older.get(0)).size() + last;
    assertEquals(position, forged.failure().get().index(), forged.toString());

    Files.write(target, lines.subList(0, last));
    VerificationResult cut = f.hsm.audit().verify(au, older);
    assertEquals(VerificationResult.Reason.TRUNCATED, cut.failure().get().reason(), cut.toString());
    assertEquals(position, cut.failure().get().index());
  }

  @Test
  void recordsTheAuditorClearedAreAnExplainedGapNotATruncation(@TempDir Path tmp) throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7012").initialized().withPartition(1, 0);
    long au = f.auditor();
    f.hsm.audit().configure(au, "evmask all");
    f.hsm.audit().configure(au, "path " + tmp);
    f.hsm.audit().logExternal(f.partition, "kept");
    Path kept = f.hsm.audit().rotate(au).orElseThrow();
    for (int i = 0; i < 3; i++) {
      f.hsm.audit().logExternal(f.partition, "discarded " + i);
    }
    assertTrue(f.hsm.audit().clear(au) > 0);
    f.hsm.audit().logExternal(f.partition, "after the clear");
    Path later = f.hsm.audit().rotate(au).orElseThrow();
    assertEquals(AuditEvent.LOG_CLEAR, AuditRecord.parse(Files.readAllLines(later).get(0)).event());

    VerificationResult r = f.hsm.audit().verify(au, List.of(kept));
    assertTrue(r.ok(), "a gap before the LOG_CLEAR record is the cleared range: " + r);
  }

  /**
   * {@code line} with {@code extra} added to its event text and the text digest in its raw data
   * recomputed (raw bytes 24..48: the first 24 bytes of SHA-256 over the 256-character field).
   */
  private static String withText(String line, String extra) throws Exception {
    String message = line.substring(29, 285).stripTrailing();
    // six leading fields, then the event's own text when it has one
    message += message.split(" ", 7).length == 7 ? extra : " " + extra;
    String field = message + " ".repeat(256 - message.length());
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(field.getBytes(StandardCharsets.US_ASCII));
    String hex = java.util.HexFormat.of().withUpperCase().formatHex(digest, 0, 24);
    return line.substring(0, 29) + field + line.substring(285, 351 + 48) + hex;
  }

  @Test
  void timeSyncOffsetsTheAuditClock() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7011").initialized();
    f.hsm.audit().configure(f.admin, "evmask all");
    Instant target = Instant.parse("2031-03-01T12:00:00Z");
    f.hsm.audit().syncTime(f.admin, target);
    Instant now = f.hsm.audit().time();
    assertTrue(Duration.between(target, now).abs().toSeconds() < 5, now.toString());
    AuditRecord sync = records(f.hsm, AuditEvent.LOG_SET_TIME).get(0);
    assertTrue(!sync.time().isBefore(target));
  }

  @Test
  void keyUsageRecordsKindAndFirstUse() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7012").initialized().withPartition(1, 0);
    f.hsm.audit().configure(f.admin, "evmask firstsym,asym");
    long key =
        f.hsm
            .crypto()
            .generateKey(
                f.partition,
                Mechanism.of(Ckm.AES_KEY_GEN),
                Attributes.builder()
                    .set(Cka.VALUE_LEN, 16L)
                    .set(Cka.SIGN, true)
                    .set(Cka.KEY_TYPE, Ckk.AES)
                    .build());
    byte[] data = "data".getBytes(StandardCharsets.UTF_8);
    f.hsm.crypto().sign(f.partition, Mechanism.of(Ckm.AES_CMAC), key, data);
    f.hsm.crypto().sign(f.partition, Mechanism.of(Ckm.AES_CMAC), key, data);
    List<AuditRecord> signs = records(f.hsm, AuditEvent.SIGN);
    assertEquals(1, signs.size(), "only the first use of a symmetric key is wanted");
    assertEquals(AuditCategory.SYMMETRIC_KEY_USAGE, signs.get(0).category());
    f.hsm.audit().configure(f.admin, "evmask sym:failure");
    assertEquals(
        Ckr.OBJECT_HANDLE_INVALID,
        code(() -> f.hsm.crypto().sign(f.partition, Mechanism.of(Ckm.AES_CMAC), 999, data)));
    AuditRecord failed = records(f.hsm, AuditEvent.SIGN).get(1);
    assertEquals(Ckr.OBJECT_HANDLE_INVALID, failed.returnCode());
  }

  @Test
  void externalMessagesAreCheckedAndRecorded() throws Exception {
    SecOpsFixture f = SecOpsFixture.inMemory("7013").initialized().withPartition(1, 0);
    f.hsm.audit().configure(f.admin, "evmask external");
    f.hsm.audit().logExternal(f.partition, "deploy 42 started");
    assertEquals(
        "deploy 42 started", records(f.hsm, AuditEvent.LOG_EXTERNAL_MESSAGE).get(0).text());
    assertEquals(Ckr.ARGUMENTS_BAD, code(() -> f.hsm.audit().logExternal(f.partition, "")));
    assertEquals(
        Ckr.ARGUMENTS_BAD, code(() -> f.hsm.audit().logExternal(f.partition, "line\nbreak")));
    assertEquals(
        Ckr.ARGUMENTS_BAD, code(() -> f.hsm.audit().logExternal(f.partition, "x".repeat(1025))));
  }
}
