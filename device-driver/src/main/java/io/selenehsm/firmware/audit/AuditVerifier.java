package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.audit.VerificationResult.Failure;
import io.selenehsm.firmware.audit.VerificationResult.Reason;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;

/**
 * Verifies audit records against a log secret and reports the first bad one.
 *
 * <p>A record's line carries the HMAC of the record before it, not its own (the vendor's format),
 * so a record is proven by what follows it: the previous-HMAC field of its successor (the next
 * record in the input with the next sequence number), once that successor is itself proven, or the
 * device's stored chain head for its newest record. Verification therefore runs in two passes.
 * Forward, each record must be well-formed ({@link Reason#MALFORMED}) and follow the previous
 * record's sequence number ({@link Reason#GAP}, or {@link Reason#REORDER} when the missing number
 * turns up later or the number goes backwards); a record with sequence 1 must start from the
 * all-zero HMAC ({@link Reason#BROKEN_CHAIN}). Backward from the anchor, each record whose proven
 * successor disagrees with it fails with {@link Reason#BAD_HMAC}. The first failure in input order
 * is reported; at one position a bad HMAC outranks a sequence problem, since a record that is not
 * genuine has no meaningful sequence number.
 *
 * <p>Anchors: with {@link #expectingHead} (the device's newest sequence number and {@link
 * AuditLog#lastHmac()}) the run must reach the head ({@link Reason#TRUNCATED}) and records beyond
 * it are not the device's ({@link Reason#BAD_HMAC}). With {@link #endingBefore} the same holds
 * against the record known to follow the run, whose previous-HMAC field proves the run's newest
 * record (the vendor's way of verifying part of a log). Without either, a run's newest record is
 * taken as given and proves those before it; {@link #expectingFirstSequence} catches records
 * removed from the start.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditVerifier {
  private static final Pattern ROTATED = Pattern.compile("(.+)_\\d{8}T\\d{6}Z_(\\d+)\\.log");

  private final LogSecret secret;
  private final Long expectedFirst;
  private final End end;

  /**
   * Where a run must end: its newest record {@code sequence} has HMAC {@code hmac}, as {@code
   * source} says (the device's chain head, or the record that follows the run).
   */
  private record End(long sequence, byte[] hmac, String source) {}

  private AuditVerifier(LogSecret secret, Long expectedFirst, End end) {
    this.secret = Objects.requireNonNull(secret);
    this.expectedFirst = expectedFirst;
    this.end = end;
  }

  public static AuditVerifier using(LogSecret secret) {
    return new AuditVerifier(secret, null, null);
  }

  /** Requires the first record to carry this sequence number (1 for a device's whole log). */
  public AuditVerifier expectingFirstSequence(long sequence) {
    return new AuditVerifier(secret, sequence, end);
  }

  /**
   * Requires the run to end at the device's stored chain head: its newest record {@code
   * lastSequence} (0 when it never wrote one) with HMAC {@code lastHmac}.
   */
  public AuditVerifier expectingHead(long lastSequence, byte[] lastHmac) {
    if (lastHmac.length != AuditRecord.HMAC_LENGTH) {
      throw new IllegalArgumentException("A chain head is " + AuditRecord.HMAC_LENGTH + " bytes");
    }
    if (lastSequence < 0) {
      throw new IllegalArgumentException("Bad head sequence " + lastSequence);
    }
    return new AuditVerifier(
        secret, expectedFirst, new End(lastSequence, lastHmac.clone(), "the device's chain head"));
  }

  /**
   * Requires the run to end right before {@code successor}, a record known to follow it (the first
   * record of the next rotated file, or the oldest one still held in the device): the run's newest
   * record is the one numbered just below it, and its HMAC is the successor's previous-HMAC field.
   * The successor itself is not verified.
   */
  public AuditVerifier endingBefore(AuditRecord successor) {
    if (successor.sequence() < 2) {
      throw new IllegalArgumentException("record " + successor.sequence() + " follows no record");
    }
    return new AuditVerifier(
        secret,
        expectedFirst,
        new End(
            successor.sequence() - 1,
            successor.previousHmac(),
            "record " + successor.sequence() + ", which follows the run"));
  }

  /** Verifies the content of a log file (lines terminated by newlines). */
  public VerificationResult verifyText(String content) {
    return verify(splitLines(content));
  }

  /** Verifies the concatenation of files, in the order given. */
  public VerificationResult verifyFiles(List<Path> files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      lines.addAll(splitLines(Files.readString(f, UTF_8)));
    }
    return verify(lines);
  }

  /** Verifies lines, one record each. */
  public VerificationResult verify(List<String> lines) {
    return verify(lines, 0, expectedFirst, null);
  }

  /**
   * Verifies the records with sequence numbers {@code from..to} (inclusive) within {@code lines}:
   * the run from the first line numbered {@code from} to the first later line numbered {@code to},
   * which must be complete. Positions in the result refer to {@code lines}.
   */
  public VerificationResult verifyRange(List<String> lines, long from, long to) {
    if (from < 1 || to < from) {
      throw new IllegalArgumentException("Bad range " + from + ".." + to);
    }
    int start = -1;
    int end = lines.size() - 1;
    for (int i = 0; i < lines.size(); i++) {
      long s = leadingSequence(lines.get(i));
      if (start < 0 && s == from) {
        start = i;
      }
      if (start >= 0 && s == to) {
        end = i;
        break;
      }
    }
    if (start < 0) {
      return VerificationResult.failed(
          0, from, Reason.GAP, "no record with sequence " + from + " in the input");
    }
    return verify(lines.subList(start, end + 1), start, from, to);
  }

  private VerificationResult verify(List<String> lines, int offset, Long first, Long last) {
    int n = lines.size();
    AuditRecord[] parsed = new AuditRecord[n];
    long[] claimed = lines.stream().mapToLong(AuditVerifier::leadingSequence).toArray();
    Failure found = null;
    Long prevSeq = null;
    int wellFormed = n;
    for (int p = 0; p < n; p++) {
      Long expected = prevSeq == null ? first : Long.valueOf(prevSeq + 1);
      try {
        parsed[p] = AuditRecord.parse(lines.get(p));
      } catch (HsmException e) {
        found =
            earlier(
                found,
                new Failure(
                    offset + p, expected == null ? 0 : expected, Reason.MALFORMED, e.detail()));
        wellFormed = p;
        break;
      }
      AuditRecord r = parsed[p];
      if (found == null && expected != null && r.sequence() != expected) {
        boolean reorder =
            r.sequence() < expected || appearsLater(claimed, p + 1, expected, r.sequence());
        found =
            new Failure(
                offset + p,
                r.sequence(),
                reorder ? Reason.REORDER : Reason.GAP,
                "expected sequence " + expected + ", found " + r.sequence());
      }
      if (found == null
          && r.sequence() == 1
          && !Arrays.equals(r.previousHmac(), new byte[AuditRecord.HMAC_LENGTH])) {
        found =
            new Failure(
                offset + p,
                1,
                Reason.BROKEN_CHAIN,
                "the first record of a log must follow the all-zero HMAC");
      }
      prevSeq = r.sequence();
    }
    found = earlier(found, badHmac(parsed, wellFormed, offset));
    if (found == null && wellFormed == n) {
      found = truncation(parsed, offset, first, last);
    }
    return found == null
        ? VerificationResult.ok(n)
        : VerificationResult.failed(
            found.index(), found.sequence(), found.reason(), found.detail());
  }

  /**
   * The backward pass over the well-formed records {@code [0, count)}: the first record, in input
   * order, whose proven successor (or the head) disagrees with its HMAC.
   */
  private Failure badHmac(AuditRecord[] parsed, int count, int offset) {
    Mac mac = secret.newMac();
    Map<Long, List<Integer>> positions = new HashMap<>();
    for (int p = 0; p < count; p++) {
      positions.computeIfAbsent(parsed[p].sequence(), k -> new ArrayList<>()).add(p);
    }
    boolean[] proven = new boolean[count];
    Failure first = null;
    for (int p = count - 1; p >= 0; p--) {
      AuditRecord r = parsed[p];
      byte[] anchor;
      if (end != null && r.sequence() > end.sequence()) {
        first =
            new Failure(
                offset + p,
                r.sequence(),
                Reason.BAD_HMAC,
                "the run must end at record "
                    + end.sequence()
                    + " ("
                    + end.source()
                    + "): this one does not belong to it");
        continue;
      } else if (end != null && r.sequence() == end.sequence()) {
        anchor = end.hmac();
      } else {
        int next = successor(positions, r.sequence() + 1, p);
        if (next >= 0) {
          anchor = proven[next] ? parsed[next].previousHmac() : null;
        } else {
          // the newest record of a run without a head is taken as given
          proven[p] = end == null && p == count - 1 && count == parsed.length;
          continue;
        }
      }
      if (anchor == null) {
        continue;
      }
      if (MessageDigest.isEqual(r.expectedHmac(mac), anchor)) {
        proven[p] = true;
      } else {
        first =
            new Failure(
                offset + p,
                r.sequence(),
                Reason.BAD_HMAC,
                "HMAC does not match the record's contents");
      }
    }
    return first;
  }

  /** The first position after {@code after} holding {@code sequence}, or -1. */
  private static int successor(Map<Long, List<Integer>> positions, long sequence, int after) {
    for (int q : positions.getOrDefault(sequence, List.of())) {
      if (q > after) {
        return q;
      }
    }
    return -1;
  }

  private Failure truncation(AuditRecord[] parsed, int offset, Long first, Long last) {
    int position = offset + parsed.length;
    Long lastSeq = parsed.length == 0 ? null : parsed[parsed.length - 1].sequence();
    long next = lastSeq != null ? lastSeq + 1 : first != null ? first : 0;
    if (last != null && (lastSeq == null || lastSeq < last)) {
      return new Failure(position, next, Reason.TRUNCATED, "the run ends before sequence " + last);
    }
    if (end != null && (lastSeq == null ? end.sequence() > 0 : lastSeq < end.sequence())) {
      return new Failure(
          position,
          next,
          Reason.TRUNCATED,
          "the run ends before record " + end.sequence() + " (" + end.source() + ")");
    }
    return null;
  }

  /** The failure at the lower position; at one position a bad HMAC or malformed line wins. */
  private static Failure earlier(Failure a, Failure b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    if (a.index() != b.index()) {
      return a.index() < b.index() ? a : b;
    }
    return a.reason() == Reason.BAD_HMAC || a.reason() == Reason.MALFORMED ? a : b;
  }

  private static boolean appearsLater(long[] claimed, int from, long lo, long hiExclusive) {
    for (int i = from; i < claimed.length; i++) {
      if (claimed[i] >= lo && claimed[i] < hiExclusive) {
        return true;
      }
    }
    return false;
  }

  /**
   * The sequence number a line claims in its right-aligned, blank-padded first field, or -1; used
   * only to find a range and to tell gaps from reorderings, never as proof of anything.
   */
  static long leadingSequence(String line) {
    int comma = line.indexOf(',');
    String s = (comma < 0 ? line : line.substring(0, comma)).stripLeading();
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Long.parseLong(s);
  }

  static List<String> splitLines(String content) {
    if (content.isEmpty()) {
      return List.of();
    }
    String body = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    return Arrays.asList(body.split("\n", -1));
  }

  /** The rotated files of one HSM in {@code dir}, ordered by their first sequence number. */
  public static List<Path> rotatedFiles(Path dir, String hsmSerial) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f -> {
                Matcher m = ROTATED.matcher(f.getFileName().toString());
                return m.matches() && m.group(1).equals(hsmSerial);
              })
          .sorted(Comparator.comparingLong(AuditVerifier::firstSequenceOf))
          .toList();
    }
  }

  private static long firstSequenceOf(Path f) {
    Matcher m = ROTATED.matcher(f.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(2)) : Long.MAX_VALUE;
  }
}
