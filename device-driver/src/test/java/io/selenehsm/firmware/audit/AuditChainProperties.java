package io.selenehsm.firmware.audit;

import static io.selenehsm.firmware.audit.AuditTestSupport.SERIAL;
import static io.selenehsm.firmware.audit.AuditTestSupport.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.VerificationResult.Failure;
import io.selenehsm.firmware.audit.VerificationResult.Reason;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Tamper evidence of the record chain: an untouched log verifies, and each kind of tampering is
 * caught at the first bad record. Indices chosen by the generators are reduced modulo the log's
 * length so that every position is reachable.
 */
class AuditChainProperties {
  private static final LogSecret SECRET = secret(42);
  private static final LogSecret FORGER = secret(43);

  /** One generated command: which event, whether it failed, its text, time since the previous. */
  record Spec(AuditEvent event, boolean failed, String text, int millisLater) {}

  /** A sealed log: its lines and the device's chain head. */
  record Log(List<String> lines, long headSequence, byte[] head) {
    int size() {
      return lines.size();
    }
  }

  @Provide
  Arbitrary<Log> logs() {
    Arbitrary<Spec> spec =
        Combinators.combine(
                Arbitraries.of(AuditEvent.class).filter(e -> !e.isKeyUsage()),
                Arbitraries.of(true, false),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.integers().between(0, 5_000_000))
            .as(Spec::new);
    return spec.list().ofMinSize(1).ofMaxSize(25).map(AuditChainProperties::seal);
  }

  static Log seal(List<Spec> specs) {
    FakeTime clock = FakeTime.at("2025-06-01T00:00:00Z");
    AuditLog log = new AuditLog(SERIAL, SECRET, clock, 1000);
    log.configure(AuditConfig.DEFAULT.withMask(EventMask.all()));
    try {
      for (Spec s : specs) {
        clock.advance(Duration.ofMillis(s.millisLater()));
        log.record(AuditEntry.of(s.event(), s.failed() ? 0xA0 : 0).text(s.text()).build());
      }
    } catch (HsmException e) {
      throw new AssertionError(e);
    }
    return new Log(
        log.bufferedRecords().stream().map(AuditRecord::toLine).toList(),
        log.lastSequence(),
        log.lastHmac());
  }

  private static VerificationResult verify(Log log, List<String> lines) {
    return AuditVerifier.using(SECRET)
        .expectingFirstSequence(1)
        .expectingHead(log.headSequence(), log.head())
        .verify(lines);
  }

  private static Failure failure(VerificationResult r) {
    assertTrue(r.failure().isPresent(), "tampering was not detected");
    return r.failure().get();
  }

  @Property(tries = 300)
  void anUntouchedLogVerifies(@ForAll("logs") Log log) {
    VerificationResult r = verify(log, log.lines());
    assertTrue(r.ok(), r.toString());
    assertEquals(log.size(), r.verified());
  }

  @Property(tries = 300)
  void anyContiguousRunVerifiesOnItsOwnAndAsARange(
      @ForAll("logs") Log log, @ForAll int a, @ForAll int b) {
    int from = Math.floorMod(a, log.size());
    int to = from + Math.floorMod(b, log.size() - from);
    List<String> run = log.lines().subList(from, to + 1);
    assertTrue(AuditVerifier.using(SECRET).verify(run).ok());
    VerificationResult r = AuditVerifier.using(SECRET).verifyRange(log.lines(), from + 1, to + 1);
    assertTrue(r.ok(), r.toString());
    assertEquals(run.size(), r.verified());
  }

  @Property(tries = 300)
  void truncationIsDetectedAgainstTheStoredHead(
      @ForAll("logs") Log log, @ForAll @IntRange(min = 1, max = 25) int cut) {
    int removed = 1 + (cut - 1) % log.size();
    int kept = log.size() - removed;
    Failure f = failure(verify(log, log.lines().subList(0, kept)));
    assertEquals(Reason.TRUNCATED, f.reason());
    assertEquals(kept, f.index());
    assertEquals(kept + 1, f.sequence());
  }

  @Property(tries = 300)
  void aRecordCutShortIsDetected(@ForAll("logs") Log log, @ForAll int at) {
    List<String> lines = new ArrayList<>(log.lines());
    String last = lines.get(lines.size() - 1);
    lines.set(lines.size() - 1, last.substring(0, Math.floorMod(at, last.length())));
    Failure f = failure(verify(log, lines));
    assertEquals(log.size() - 1, f.index());
    assertTrue(Set.of(Reason.MALFORMED, Reason.BAD_HMAC).contains(f.reason()), f.toString());
  }

  @Property(tries = 500)
  void modifyingAnyFieldOfAnyRecordIsDetectedAtThatRecord(
      @ForAll("logs") Log log,
      @ForAll int record,
      @ForAll @IntRange(min = 0, max = AuditRecord.FIELDS - 1) int field,
      @ForAll int position,
      @ForAll("replacements") char replacement) {
    int k = Math.floorMod(record, log.size());
    String[] fields = log.lines().get(k).split(",", -1);
    String original = fields[field];
    fields[field] = mutate(original, position, replacement);
    List<String> lines = new ArrayList<>(log.lines());
    lines.set(k, String.join(",", fields));
    Failure f = failure(verify(log, lines));
    assertEquals(k, f.index(), f.toString());
    assertTrue(Set.of(Reason.MALFORMED, Reason.BAD_HMAC).contains(f.reason()), f.toString());
  }

  @Provide
  Arbitrary<Character> replacements() {
    return Arbitraries.of(
        '0', '1', '9', 'a', 'f', 'A', 'Z', '-', ' ', ',', '%', ':', '.', '\u00e9');
  }

  /** Replaces one character with a different one, or appends it to an empty field. */
  private static String mutate(String s, int position, char c) {
    if (s.isEmpty()) {
      return String.valueOf(c);
    }
    int i = Math.floorMod(position, s.length());
    char replacement = s.charAt(i) == c ? (c == '0' ? '1' : '0') : c;
    return s.substring(0, i) + replacement + s.substring(i + 1);
  }

  @Property(tries = 300)
  void deletingAnyRecordIsDetectedWhereItWas(@ForAll("logs") Log log, @ForAll int record) {
    int k = Math.floorMod(record, log.size());
    List<String> lines = new ArrayList<>(log.lines());
    lines.remove(k);
    Failure f = failure(verify(log, lines));
    assertEquals(k, f.index(), f.toString());
    if (k == log.size() - 1) {
      assertEquals(Reason.TRUNCATED, f.reason());
    } else {
      assertEquals(Reason.GAP, f.reason());
      assertEquals(k + 2, f.sequence());
    }
  }

  @Property(tries = 300)
  void aForgedRecordIsDetectedWhereItWasInserted(
      @ForAll("logs") Log log, @ForAll int position, @ForAll("logs") Log other) {
    int k = Math.floorMod(position, log.size() + 1);
    // the best forgery: right sequence number and chained to the genuine predecessor, but sealed
    // with a key other than the device's
    String template = other.lines().get(0);
    AuditRecord t = parse(template);
    // a line carries its predecessor's HMAC; the newest one is the head
    byte[] prev = k < log.size() ? parse(log.lines().get(k)).previousHmac() : log.head();
    AuditEntry e = AuditEntry.of(t.event(), t.returnCode()).text(t.text()).build();
    AuditRecord forged = AuditRecord.seal(k + 1, t.time(), SERIAL, e, prev, FORGER.newMac());
    // A line does not carry its own HMAC, so the forger's key shows only in the successor's
    // previous-HMAC field. A forgery whose fields all equal the genuine record's is that record's
    // line byte for byte: the input is then a replay right before the original, which
    // aReplayedGenuineRecordIsDetected covers (and reports at the original, k + 1).
    Assume.that(k == log.size() || !forged.toLine().equals(log.lines().get(k)));
    List<String> lines = new ArrayList<>(log.lines());
    lines.add(k, forged.toLine());
    Failure f = failure(verify(log, lines));
    assertEquals(k, f.index(), f.toString());
    assertEquals(Reason.BAD_HMAC, f.reason());
  }

  @Property(tries = 300)
  void aReplayedGenuineRecordIsDetected(
      @ForAll("logs") Log log, @ForAll int source, @ForAll int position) {
    int j = Math.floorMod(source, log.size());
    int k = Math.floorMod(position, log.size() + 1);
    List<String> lines = new ArrayList<>(log.lines());
    lines.add(k, log.lines().get(j));
    Failure f = failure(verify(log, lines));
    // A copy placed right before its original is indistinguishable from it: the original is then
    // the first record out of place.
    assertEquals(j == k ? k + 1 : k, f.index(), f.toString());
    assertTrue(
        Set.of(Reason.REORDER, Reason.GAP, Reason.TRUNCATED).contains(f.reason()), f.toString());
    if (k < log.size()) {
      assertEquals(Reason.REORDER, f.reason());
    }
  }

  @Property(tries = 300)
  void reorderingRecordsIsDetectedAtTheFirstMovedOne(
      @ForAll("logs") Log log, @ForAll int a, @ForAll int b) {
    if (log.size() < 2) {
      return;
    }
    int i = Math.floorMod(a, log.size() - 1);
    int j = i + 1 + Math.floorMod(b, log.size() - 1 - i);
    List<String> lines = new ArrayList<>(log.lines());
    Collections.swap(lines, i, j);
    Failure f = failure(verify(log, lines));
    assertEquals(i, f.index(), f.toString());
    assertEquals(Reason.REORDER, f.reason());
    assertEquals(j + 1, f.sequence());
  }

  private static AuditRecord parse(String line) {
    try {
      return AuditRecord.parse(line);
    } catch (HsmException e) {
      throw new AssertionError(e);
    }
  }
}
