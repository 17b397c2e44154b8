package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.audit.VerificationResult.Reason;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;

/**
 * Verifies audit records against a log secret and reports the first bad one.
 *
 * <p>Each record is checked, in order: well-formed ({@link Reason#MALFORMED}); its HMAC over its
 * signed part and carried previous HMAC ({@link Reason#BAD_HMAC}); its sequence number follows the
 * previous record's ({@link Reason#GAP}, or {@link Reason#REORDER} when the missing number turns up
 * later or the number goes backwards); its previous HMAC equals the previous record's HMAC ({@link
 * Reason#BROKEN_CHAIN}). A lone run of records proves only its own continuity; the two anchors
 * extend that: {@link #expectingFirstSequence} catches records removed from the start, and {@link
 * #expectingHead} (the device's {@link AuditLog#lastHmac()}) catches records removed from the end
 * ({@link Reason#TRUNCATED}). A record with sequence 1 must start from the all-zero HMAC.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditVerifier {
  private static final Pattern ROTATED = Pattern.compile("(.+)_\\d{8}T\\d{6}Z_(\\d+)\\.log");

  private final LogSecret secret;
  private final Long expectedFirst;
  private final byte[] expectedHead;

  private AuditVerifier(LogSecret secret, Long expectedFirst, byte[] expectedHead) {
    this.secret = Objects.requireNonNull(secret);
    this.expectedFirst = expectedFirst;
    this.expectedHead = expectedHead;
  }

  public static AuditVerifier using(LogSecret secret) {
    return new AuditVerifier(secret, null, null);
  }

  /** Requires the first record to carry this sequence number (1 for a device's whole log). */
  public AuditVerifier expectingFirstSequence(long sequence) {
    return new AuditVerifier(secret, sequence, expectedHead);
  }

  /** Requires the last record's HMAC to be the device's stored chain head. */
  public AuditVerifier expectingHead(byte[] lastHmac) {
    if (lastHmac.length != AuditRecord.HMAC_LENGTH) {
      throw new IllegalArgumentException("A chain head is " + AuditRecord.HMAC_LENGTH + " bytes");
    }
    return new AuditVerifier(secret, expectedFirst, lastHmac.clone());
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
    Mac mac = secret.newMac();
    long[] claimed = lines.stream().mapToLong(AuditVerifier::leadingSequence).toArray();
    Long prevSeq = null;
    byte[] prevHmac = null;
    for (int p = 0; p < lines.size(); p++) {
      int at = offset + p;
      Long expected = prevSeq == null ? first : Long.valueOf(prevSeq + 1);
      AuditRecord r;
      try {
        r = AuditRecord.parse(lines.get(p));
      } catch (HsmException e) {
        return VerificationResult.failed(
            at, expected == null ? 0 : expected, Reason.MALFORMED, e.detail());
      }
      if (!MessageDigest.isEqual(r.expectedHmac(mac), r.hmac())) {
        return VerificationResult.failed(
            at, r.sequence(), Reason.BAD_HMAC, "HMAC does not match the record's contents");
      }
      if (expected != null && r.sequence() != expected) {
        boolean reorder =
            r.sequence() < expected || appearsLater(claimed, p + 1, expected, r.sequence());
        return VerificationResult.failed(
            at,
            r.sequence(),
            reorder ? Reason.REORDER : Reason.GAP,
            "expected sequence " + expected + ", found " + r.sequence());
      }
      if (prevHmac != null
          ? !Arrays.equals(r.previousHmac(), prevHmac)
          : r.sequence() == 1
              && !Arrays.equals(r.previousHmac(), new byte[AuditRecord.HMAC_LENGTH])) {
        return VerificationResult.failed(
            at, r.sequence(), Reason.BROKEN_CHAIN, "does not follow the previous record's HMAC");
      }
      prevSeq = r.sequence();
      prevHmac = r.hmac();
    }
    long next = prevSeq != null ? prevSeq + 1 : first != null ? first : 0;
    int end = offset + lines.size();
    if (last != null && (prevSeq == null || prevSeq < last)) {
      return VerificationResult.failed(
          end, next, Reason.TRUNCATED, "the run ends before sequence " + last);
    }
    if (expectedHead != null) {
      boolean neverWritten =
          prevHmac == null && Arrays.equals(expectedHead, new byte[AuditRecord.HMAC_LENGTH]);
      if (!neverWritten && (prevHmac == null || !MessageDigest.isEqual(prevHmac, expectedHead))) {
        return VerificationResult.failed(
            end, next, Reason.TRUNCATED, "the newest record is not the device's chain head");
      }
    }
    return VerificationResult.ok(lines.size());
  }

  private static boolean appearsLater(long[] claimed, int from, long lo, long hiExclusive) {
    for (int i = from; i < claimed.length; i++) {
      if (claimed[i] >= lo && claimed[i] < hiExclusive) {
        return true;
      }
    }
    return false;
  }

  /** The sequence number a line claims, or -1; used only to tell gaps from reorderings. */
  private static long leadingSequence(String line) {
    int comma = line.indexOf(',');
    String s = comma < 0 ? line : line.substring(0, comma);
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
