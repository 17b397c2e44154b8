package io.selenehsm.firmware.audit;

import static io.selenehsm.firmware.audit.AuditTestSupport.SERIAL;
import static io.selenehsm.firmware.audit.AuditTestSupport.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.VerificationResult.Failure;
import io.selenehsm.firmware.audit.VerificationResult.Reason;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verification over lines in the vendor's fixed-length format: the sequence field is right-aligned
 * and blank-padded, and a line carries its predecessor's HMAC rather than its own.
 */
class AuditVerifierTest {
  private static final LogSecret SECRET = secret(11);
  private static final LogSecret FORGER = secret(12);

  private final AuditLog log =
      new AuditLog(SERIAL, SECRET, FakeTime.at("2025-06-01T00:00:00Z"), 100);

  private List<String> sealed(int count) throws HsmException {
    log.configure(AuditConfig.DEFAULT.withMask(EventMask.all()));
    for (int i = 1; i <= count; i++) {
      log.record(entry("message " + i));
    }
    return log.bufferedRecords().stream().map(AuditRecord::toLine).toList();
  }

  private static AuditEntry entry(String text) {
    return AuditEntry.of(AuditEvent.LOG_EXTERNAL_MESSAGE, Ckr.OK).text(text).build();
  }

  private VerificationResult verifyWhole(List<String> lines) {
    return AuditVerifier.using(SECRET)
        .expectingFirstSequence(1)
        .expectingHead(log.lastSequence(), log.lastHmac())
        .verify(lines);
  }

  private static Failure failure(VerificationResult r) {
    assertTrue(r.failure().isPresent(), "tampering was not detected");
    return r.failure().get();
  }

  @Test
  void aRangeIsFoundByTheBlankPaddedSequenceField() throws HsmException {
    List<String> lines = sealed(12);
    assertTrue(lines.get(10).startsWith("        11,"), lines.get(10));
    VerificationResult r = AuditVerifier.using(SECRET).verifyRange(lines, 3, 11);
    assertTrue(r.ok(), r.toString());
    assertEquals(9, r.verified());

    Failure missing = failure(AuditVerifier.using(SECRET).verifyRange(lines, 13, 14));
    assertEquals(Reason.GAP, missing.reason());
    assertEquals(13, missing.sequence());
  }

  @Test
  void aRecordMovedEarlierIsAReorderingNotAGap() throws HsmException {
    List<String> lines = new ArrayList<>(sealed(12));
    Collections.swap(lines, 1, 10);
    Failure f = failure(verifyWhole(lines));
    assertEquals(Reason.REORDER, f.reason(), f.toString());
    assertEquals(1, f.index());
    assertEquals(11, f.sequence());
  }

  @Test
  void aRecordRemovedForGoodIsAGap() throws HsmException {
    List<String> lines = new ArrayList<>(sealed(12));
    lines.remove(4);
    Failure f = failure(verifyWhole(lines));
    assertEquals(Reason.GAP, f.reason(), f.toString());
    assertEquals(4, f.index());
    assertEquals(6, f.sequence());
  }

  @Test
  void aForgeryDifferingFromTheGenuineRecordOnlyInTimeIsRefusedWhereItStands() throws HsmException {
    List<String> lines = new ArrayList<>(sealed(6));
    AuditRecord genuine = AuditRecord.parse(lines.get(3));
    AuditRecord forged =
        AuditRecord.seal(
            4,
            genuine.time().plus(Duration.ofMillis(1)),
            SERIAL,
            entry(genuine.text()),
            genuine.previousHmac(),
            FORGER.newMac());
    assertNotEquals(lines.get(3), forged.toLine());
    lines.add(3, forged.toLine());
    Failure f = failure(verifyWhole(lines));
    assertEquals(Reason.BAD_HMAC, f.reason(), f.toString());
    assertEquals(3, f.index());
  }

  @Test
  void aForgeryWithEveryFieldOfTheGenuineRecordIsThatRecordsLine() throws HsmException {
    // The sealing key shows only in the successor's previous-HMAC field, never in the record's
    // own line: such a "forgery" is a replay of the genuine record, caught as one.
    List<String> lines = new ArrayList<>(sealed(6));
    AuditRecord genuine = AuditRecord.parse(lines.get(3));
    AuditRecord forged =
        AuditRecord.seal(
            4,
            genuine.time(),
            SERIAL,
            entry(genuine.text()),
            genuine.previousHmac(),
            FORGER.newMac());
    assertEquals(lines.get(3), forged.toLine());
    lines.add(3, forged.toLine());
    Failure f = failure(verifyWhole(lines));
    assertEquals(Reason.REORDER, f.reason(), f.toString());
    assertEquals(4, f.index());
  }

  @Test
  void aRecordBeyondTheStoredHeadIsNotTheDevices() throws HsmException {
    List<String> lines = new ArrayList<>(sealed(5));
    AuditRecord last = AuditRecord.parse(lines.get(4));
    AuditRecord forged =
        AuditRecord.seal(
            6, last.time(), SERIAL, entry("appended"), log.lastHmac(), FORGER.newMac());
    lines.add(forged.toLine());
    Failure f = failure(verifyWhole(lines));
    assertEquals(Reason.BAD_HMAC, f.reason(), f.toString());
    assertEquals(5, f.index());
  }

  @Test
  void aRunEndingBeforeItsSuccessorProvesItsNewestRecord() throws HsmException {
    List<String> lines = sealed(8);
    AuditRecord successor = AuditRecord.parse(lines.get(5));
    AuditVerifier v = AuditVerifier.using(SECRET).endingBefore(successor);
    VerificationResult genuine = v.verify(lines.subList(0, 5));
    assertTrue(genuine.ok(), genuine.toString());
    assertEquals(5, genuine.verified());

    // the run's newest record, re-sealed with another key: a well-formed line that only the
    // successor's previous-HMAC field can refute
    AuditRecord last = AuditRecord.parse(lines.get(4));
    AuditRecord forged =
        AuditRecord.seal(
            5, last.time(), SERIAL, entry("message five"), last.previousHmac(), FORGER.newMac());
    List<String> run = new ArrayList<>(lines.subList(0, 4));
    run.add(forged.toLine());
    assertTrue(
        AuditVerifier.using(SECRET).verify(run).ok(),
        "without its successor the newest record of a run is taken as given");
    Failure f = failure(v.verify(run));
    assertEquals(Reason.BAD_HMAC, f.reason(), f.toString());
    assertEquals(4, f.index());

    Failure cut = failure(v.verify(lines.subList(0, 4)));
    assertEquals(Reason.TRUNCATED, cut.reason(), cut.toString());
    assertEquals(4, cut.index());
    assertEquals(5, cut.sequence());
  }

  @Test
  void theFirstRecordHasNoPredecessorToEndARun() throws HsmException {
    AuditRecord first = AuditRecord.parse(sealed(1).get(0));
    AuditVerifier v = AuditVerifier.using(SECRET);
    assertThrows(IllegalArgumentException.class, () -> v.endingBefore(first));
  }
}
