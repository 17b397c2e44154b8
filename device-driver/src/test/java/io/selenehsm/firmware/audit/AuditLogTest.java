package io.selenehsm.firmware.audit;

import static io.selenehsm.firmware.audit.AuditTestSupport.SERIAL;
import static io.selenehsm.firmware.audit.AuditTestSupport.failed;
import static io.selenehsm.firmware.audit.AuditTestSupport.ok;
import static io.selenehsm.firmware.audit.AuditTestSupport.secret;
import static io.selenehsm.firmware.audit.AuditTestSupport.sign;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.FakeTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private final FakeTime clock = FakeTime.at("2025-03-01T10:00:00Z");
  private final LogSecret secret = secret(7);

  @TempDir Path dir;

  private AuditLog log(int capacity, String evmask) throws HsmException {
    AuditLog log = new AuditLog(SERIAL, secret, clock, capacity);
    log.configure(AuditConfig.DEFAULT.withMask(EventMask.parse(evmask)));
    return log;
  }

  @Test
  void maskSelectsCategoryAndOutcome() throws HsmException {
    AuditLog log = log(100, "keymgmt:failure,access");
    assertTrue(log.record(ok(AuditEvent.GENERATE_KEY)).isEmpty());
    assertTrue(log.record(failed(AuditEvent.GENERATE_KEY)).isPresent());
    assertTrue(log.record(ok(AuditEvent.LOGIN)).isPresent());
    assertTrue(log.record(failed(AuditEvent.LOGIN)).isPresent());
    assertTrue(log.record(ok(AuditEvent.SET_HSM_POLICY)).isEmpty());
    assertEquals(3, log.lastSequence());
  }

  @Test
  void firstUseOnlyCategoriesAdmitOnlyAKeysFirstUse() throws HsmException {
    AuditLog log = log(100, "firstasym");
    assertTrue(log.record(sign(false, true)).isPresent());
    assertTrue(log.record(sign(false, false)).isEmpty());
    assertTrue(log.record(sign(true, true)).isEmpty());
    AuditRecord r = log.bufferedRecords().get(0);
    assertEquals(AuditCategory.ASYMMETRIC_KEY_USAGE, r.category());
    assertEquals(AuditRole.CRYPTO_USER, r.role());
  }

  @Test
  void unconditionalEventsIgnoreTheMask() throws HsmException {
    AuditLog log = log(100, "none");
    for (AuditEvent e :
        List.of(
            AuditEvent.ZEROIZE,
            AuditEvent.INIT_TOKEN,
            AuditEvent.CREATE_AUDIT_ROLE,
            AuditEvent.TAMPER,
            AuditEvent.DECOMMISSION)) {
      assertTrue(log.record(ok(e)).isPresent(), e.toString());
    }
    assertTrue(log.record(ok(AuditEvent.LOGIN)).isEmpty());
  }

  @Test
  void fullLogRefusesOrdinaryCommandsButNotExemptOnes() throws HsmException {
    AuditLog log = log(3, "all");
    for (int i = 0; i < 3; i++) {
      log.record(ok(AuditEvent.GENERATE_KEY));
    }
    assertTrue(log.isFull());
    HsmException refused =
        assertThrows(HsmException.class, () -> log.checkAdmission(AuditEvent.GENERATE_KEY));
    assertEquals(AuditCodes.LOG_FULL, refused.returnCode());
    // masked-out commands are refused too: the device performs nothing it might not record
    assertThrows(HsmException.class, () -> log.checkAdmission(AuditEvent.SEED_RANDOM));
    assertEquals(
        AuditCodes.LOG_FULL,
        assertThrows(HsmException.class, () -> log.record(ok(AuditEvent.GENERATE_KEY)))
            .returnCode());

    log.checkAdmission(AuditEvent.LOGIN);
    log.checkAdmission(AuditEvent.LOG_SET_CONFIG);
    assertTrue(log.record(ok(AuditEvent.LOGIN)).isPresent());
    assertTrue(log.record(ok(AuditEvent.LOG_SET_CONFIG)).isPresent());
    assertTrue(log.record(ok(AuditEvent.ZEROIZE)).isPresent());
    assertEquals(6, log.bufferedRecords().size());
  }

  @Test
  void exemptRecordsBeyondTheReserveAreDroppedButUnconditionalOnesAreKept() throws HsmException {
    AuditLog log = log(2, "all");
    int recorded = 0;
    for (int i = 0; i < 2 + AuditLog.FULL_RESERVE + 5; i++) {
      recorded += log.record(ok(AuditEvent.LOGIN)).isPresent() ? 1 : 0;
    }
    assertEquals(2 + AuditLog.FULL_RESERVE, recorded);
    assertEquals(5, log.status().droppedRecords());
    assertTrue(log.record(ok(AuditEvent.TAMPER)).isPresent());
  }

  @Test
  void clearFreesTheBufferAndRecordsTheDiscardedRange() throws HsmException {
    AuditLog log = log(3, "all");
    for (int i = 0; i < 3; i++) {
      log.record(ok(AuditEvent.GENERATE_KEY));
    }
    assertEquals(3, log.clear());
    assertFalse(log.isFull());
    List<AuditRecord> left = log.bufferedRecords();
    assertEquals(1, left.size());
    assertEquals(AuditEvent.LOG_CLEAR, left.get(0).event());
    assertEquals(4, left.get(0).sequence());
    assertEquals("cleared 3 records, sequence 1 to 3", left.get(0).text());
    log.checkAdmission(AuditEvent.GENERATE_KEY);
  }

  @Test
  void nothingRotatesWithoutAPath() throws HsmException {
    AuditLog log = log(100, "all");
    log.configure(log.config().withInterval(RotationInterval.HOURLY));
    log.record(ok(AuditEvent.GENERATE_KEY));
    clock.advance(Duration.ofDays(3));
    assertEquals(Optional.empty(), log.rotateIfDue());
    assertEquals(1, log.bufferedRecords().size());
    assertEquals(
        AuditCodes.LOG_FILE_NOT_OPEN, assertThrows(HsmException.class, log::rotate).returnCode());
  }

  @Test
  void rotatesHourlyOnTheInjectedClock() throws HsmException, IOException {
    AuditLog log = log(100, "all");
    log.configure(log.config().withPath(dir).withInterval(RotationInterval.HOURLY));
    log.record(ok(AuditEvent.GENERATE_KEY));
    clock.setInstant(java.time.Instant.parse("2025-03-01T10:59:59Z"));
    log.record(ok(AuditEvent.GENERATE_KEY));
    assertEquals(0, filesIn(dir).size());

    clock.setInstant(java.time.Instant.parse("2025-03-01T11:00:01Z"));
    log.record(ok(AuditEvent.GENERATE_KEY));
    List<Path> files = filesIn(dir);
    assertEquals(1, files.size());
    assertEquals(SERIAL + "_20250301T110001Z_1.log", files.get(0).getFileName().toString());
    assertEquals(3, Files.readAllLines(files.get(0)).size());
    assertTrue(log.bufferedRecords().isEmpty());

    // the next period starts at the rotation: nothing more until 12:00
    clock.setInstant(java.time.Instant.parse("2025-03-01T11:30:00Z"));
    log.record(ok(AuditEvent.GENERATE_KEY));
    assertEquals(1, filesIn(dir).size());
    clock.setInstant(java.time.Instant.parse("2025-03-01T12:00:00Z"));
    assertTrue(log.rotateIfDue().isPresent());
    assertVerifies(log);
  }

  @Test
  void rotatesBySize() throws HsmException, IOException {
    AuditLog log = log(1000, "all");
    log.configure(
        log.config().withPath(dir).withInterval(RotationInterval.NEVER).withSizeLimit(1024));
    int records = 0;
    while (filesIn(dir).isEmpty()) {
      log.record(ok(AuditEvent.GENERATE_KEY));
      records++;
      clock.advance(Duration.ofDays(40));
    }
    Path file = filesIn(dir).get(0);
    long size = Files.size(file);
    assertTrue(size >= 1024 && size < 1024 + 400, "file of " + size + " bytes");
    assertEquals(records, Files.readAllLines(file).size());
    assertTrue(log.bufferedRecords().isEmpty());
    for (int i = 0; i < records + 1; i++) {
      log.record(ok(AuditEvent.GENERATE_KEY));
    }
    log.rotate();
    assertEquals(3, filesIn(dir).size());
    assertVerifies(log);
  }

  @Test
  void failedAutomaticRotationKeepsTheRecordsInTheDevice() throws HsmException, IOException {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    AuditLog log = log(100, "all");
    log.configure(log.config().withPath(notADir).withSizeLimit(1));
    log.record(ok(AuditEvent.GENERATE_KEY));
    assertEquals(1, log.bufferedRecords().size());
    assertTrue(log.status().lastRotationError().isPresent());
    assertEquals(
        AuditCodes.LOG_FILE_WRITE_ERROR,
        assertThrows(HsmException.class, log::rotate).returnCode());
  }

  @Test
  void restoresFromItsStateAndContinuesTheChain() throws HsmException, IOException {
    AuditLog log = log(100, "all");
    log.configure(
        log.config().withPath(dir).withInterval(RotationInterval.WEEKLY).withSizeLimit(4096));
    log.record(ok(AuditEvent.GENERATE_KEY));
    log.rotate();
    log.record(failed(AuditEvent.LOGIN));
    log.record(sign(true, false));

    AuditLog back = AuditLog.restore(SERIAL, secret, clock, 100, log.state());
    assertEquals(log.lastSequence(), back.lastSequence());
    assertArrayEquals(log.lastHmac(), back.lastHmac());
    assertEquals(log.bufferedRecords(), back.bufferedRecords());
    assertEquals(log.config(), back.config());
    assertEquals(log.status(), back.status());

    back.record(ok(AuditEvent.ZEROIZE));
    back.rotate();
    assertVerifies(back);
  }

  @Test
  void refusesACorruptOrForeignState() throws HsmException {
    AuditLog log = log(100, "all");
    log.record(ok(AuditEvent.GENERATE_KEY));
    log.record(ok(AuditEvent.GENERATE_KEY));
    String state = new String(log.state(), StandardCharsets.UTF_8);

    String edited = state.replace("GENERATE_KEY ok", "GENERATE_KEY ko");
    assertCorrupt(() -> AuditLog.restore(SERIAL, secret, clock, 100, bytes(edited)));
    String dropped = state.substring(0, state.lastIndexOf("record "));
    assertCorrupt(() -> AuditLog.restore(SERIAL, secret, clock, 100, bytes(dropped)));
    assertCorrupt(() -> AuditLog.restore(SERIAL, secret(8), clock, 100, bytes(state)));
    assertCorrupt(() -> AuditLog.restore("999", secret, clock, 100, bytes(state)));
  }

  @Test
  void recordsReadBackFromTheirLines() throws HsmException {
    AuditLog log = log(100, "all");
    AuditRecord r =
        log.record(
                AuditEntry.of(AuditEvent.LOG_EXTERNAL_MESSAGE, 0x80000035L)
                    .partition(12)
                    .role(AuditRole.LIMITED_CRYPTO_OFFICER)
                    .text("app, started 100% \u00e9\u6f22 \ud83d\ude00\nline2")
                    .build())
            .orElseThrow();
    AuditRecord back = AuditRecord.parse(r.toLine());
    assertEquals(r, back);
    assertEquals("app, started 100% \u00e9\u6f22 \ud83d\ude00\nline2", back.text());
    assertEquals(AuditRole.LIMITED_CRYPTO_OFFICER, back.role());
    assertEquals("12", back.partition());
    assertEquals(AuditOutcome.FAILURE, back.outcome());
    assertEquals(AuditRecord.FIELDS, r.toLine().split(",", -1).length);
  }

  @Test
  void rolesMustMatchTheirPartitionKind() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AuditEntry.of(AuditEvent.LOGIN, Ckr.OK).role(AuditRole.CRYPTO_OFFICER).build());
    assertThrows(
        IllegalArgumentException.class, () -> AuditEntry.of(AuditEvent.SIGN, Ckr.OK).build());
  }

  private void assertVerifies(AuditLog log) throws IOException {
    VerificationResult r =
        AuditVerifier.using(secret)
            .expectingFirstSequence(1)
            .expectingHead(log.lastSequence(), log.lastHmac())
            .verifyFiles(AuditVerifier.rotatedFiles(dir, SERIAL));
    assertTrue(r.ok(), r.toString());
    assertEquals(log.lastSequence(), r.verified());
  }

  private static void assertCorrupt(org.junit.jupiter.api.function.Executable restore) {
    assertEquals(Ckr.DEVICE_ERROR, assertThrows(HsmException.class, restore).returnCode());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> filesIn(Path d) throws IOException {
    return AuditVerifier.rotatedFiles(d, SERIAL);
  }
}
