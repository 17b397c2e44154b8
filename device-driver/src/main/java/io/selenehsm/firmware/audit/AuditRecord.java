package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * One audit record, sealed into the chain. Immutable.
 *
 * <h2>Line format</h2>
 *
 * One record is one line of eleven comma-separated fields, terminated by {@code '\n'} in files:
 *
 * <pre>
 * seq,time,serial,partition,role,category,event,rc,text,prevHmac,hmac
 * 42,2025-03-01T10:15:30.250Z,150112,3,0,asym,SIGN,0x00000000,key 0x2a RSA-PSS,9f..(64),41..(64)
 * </pre>
 *
 * <ul>
 *   <li>{@code seq}: decimal sequence number, 1 for the first record a device ever writes, no
 *       leading zeros.
 *   <li>{@code time}: UTC, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, millisecond precision.
 *   <li>{@code serial}: the HSM serial; {@code partition}: {@code admin} or the application
 *       partition id (both {@code [A-Za-z0-9._-]+}).
 *   <li>{@code role}: the vendor role id (admin partition: 0 administrator, 1 HSM SO, 8 auditor;
 *       application partition: 1 partition SO, 0 crypto officer, 9 limited crypto officer, 5 crypto
 *       user), or {@code -} when no role is logged in.
 *   <li>{@code category}: {@link AuditCategory#token()}; {@code event}: {@link AuditEvent} name.
 *   <li>{@code rc}: the command's return code as {@code 0x} and eight lower-case hex digits.
 *   <li>{@code text}: UTF-8, with every byte outside printable ASCII and every {@code %} and {@code
 *       ,} written as {@code %XX} (upper-case hex).
 *   <li>{@code prevHmac}, {@code hmac}: 64 lower-case hex digits each.
 * </ul>
 *
 * <p>The <em>signed part</em> is the first nine fields with their commas (everything before {@code
 * ,prevHmac}); {@code hmac = HMAC-SHA256(logSecret, UTF8(signedPart) || prevHmacBytes)}. The first
 * record of a device has 32 zero bytes as {@code prevHmac}. Carrying {@code prevHmac} in every line
 * lets any contiguous run of records be verified on its own.
 *
 * <p>Every value has exactly one spelling: {@link #parse} rejects a line that does not re-encode to
 * itself, so the HMAC over the re-encoded record is an HMAC over the bytes in the file.
 */
public final class AuditRecord {
  public static final String ADMIN_PARTITION = "admin";
  public static final int HMAC_LENGTH = 32;
  static final int FIELDS = 11;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);

  private final long sequence;
  private final Instant time;
  private final String hsmSerial;
  private final String partition;
  private final AuditRole role;
  private final AuditCategory category;
  private final AuditEvent event;
  private final long returnCode;
  private final String text;
  private final byte[] previousHmac;
  private final byte[] hmac;
  private final String signedPart;

  private AuditRecord(
      long sequence,
      Instant time,
      String hsmSerial,
      String partition,
      AuditRole role,
      AuditCategory category,
      AuditEvent event,
      long returnCode,
      String text,
      byte[] previousHmac,
      byte[] hmac) {
    this.sequence = sequence;
    this.time = time;
    this.hsmSerial = hsmSerial;
    this.partition = partition;
    this.role = role;
    this.category = category;
    this.event = event;
    this.returnCode = returnCode;
    this.text = text;
    this.previousHmac = previousHmac;
    this.hmac = hmac;
    this.signedPart =
        sequence
            + ","
            + TIME.format(time)
            + ","
            + hsmSerial
            + ","
            + partition
            + ","
            + (role == null ? "-" : Integer.toString(role.id()))
            + ","
            + category.token()
            + ","
            + event.name()
            + ","
            + String.format(Locale.ROOT, "0x%08x", returnCode)
            + ","
            + escape(text);
  }

  /** Seals an entry into the chain after {@code previousHmac}. */
  static AuditRecord seal(
      long sequence, Instant time, String hsmSerial, AuditEntry e, byte[] previousHmac, Mac mac) {
    if (!AuditEntry.TOKEN.matcher(hsmSerial).matches()) {
      throw new IllegalArgumentException("Bad HSM serial '" + hsmSerial + "'");
    }
    AuditRecord unsealed =
        new AuditRecord(
            sequence,
            time.truncatedTo(ChronoUnit.MILLIS),
            hsmSerial,
            e.partition(),
            e.role(),
            e.category(),
            e.event(),
            e.returnCode(),
            e.text(),
            previousHmac.clone(),
            null);
    byte[] tag = LogSecret.chainHmac(mac, unsealed.signedPart.getBytes(UTF_8), previousHmac);
    return unsealed.withHmac(tag);
  }

  private AuditRecord withHmac(byte[] tag) {
    return new AuditRecord(
        sequence,
        time,
        hsmSerial,
        partition,
        role,
        category,
        event,
        returnCode,
        text,
        previousHmac,
        tag);
  }

  /** Recomputes this record's HMAC with {@code mac} (keyed with a log secret). */
  byte[] expectedHmac(Mac mac) {
    return LogSecret.chainHmac(mac, signedPart.getBytes(UTF_8), previousHmac);
  }

  /** The record as one line, without the terminating newline. */
  public String toLine() {
    return signedPart + "," + Hex.encode(previousHmac) + "," + Hex.encode(hmac);
  }

  /**
   * Parses a line written by {@link #toLine()}.
   *
   * @throws HsmException {@code CKR_DATA_INVALID} naming the problem when the line is not a
   *     well-formed record in canonical form
   */
  public static AuditRecord parse(String line) throws HsmException {
    try {
      AuditRecord r = parseFields(line.split(",", -1));
      if (!r.toLine().equals(line)) {
        throw new IllegalArgumentException("not in canonical form");
      }
      return r;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new HsmException(Ckr.DATA_INVALID, "Malformed audit record: " + e.getMessage());
    }
  }

  private static AuditRecord parseFields(String[] f) {
    if (f.length != FIELDS) {
      throw new IllegalArgumentException(
          "expected " + FIELDS + " comma-separated fields, found " + f.length);
    }
    long seq = Long.parseLong(f[0]);
    if (seq < 1) {
      throw new IllegalArgumentException("sequence numbers start at 1");
    }
    Instant time = TIME.parse(f[1], Instant::from);
    String serial = token(f[2], "serial");
    String partition = token(f[3], "partition");
    AuditRole role = null;
    if (!f[4].equals("-")) {
      role = AuditRole.byId(ADMIN_PARTITION.equals(partition), Integer.parseInt(f[4]));
      if (role == null) {
        throw new IllegalArgumentException(
            "unknown role id " + f[4] + " on partition " + partition);
      }
    }
    AuditCategory category = categoryOf(f[5]);
    AuditEvent event = AuditEvent.valueOf(f[6]);
    if (!f[7].startsWith("0x")) {
      throw new IllegalArgumentException("return code must start with 0x");
    }
    long rc = Long.parseUnsignedLong(f[7].substring(2), 16);
    String text = unescape(f[8]);
    byte[] prev = hmacField(f[9], "previous HMAC");
    byte[] tag = hmacField(f[10], "HMAC");
    return new AuditRecord(
        seq, time, serial, partition, role, category, event, rc, text, prev, tag);
  }

  private static AuditCategory categoryOf(String token) {
    for (AuditCategory c : AuditCategory.values()) {
      if (c.token().equals(token) && !c.isFirstUseOnly()) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown record category '" + token + "'");
  }

  private static String token(String s, String what) {
    if (!AuditEntry.TOKEN.matcher(s).matches()) {
      throw new IllegalArgumentException("bad " + what + " '" + s + "'");
    }
    return s;
  }

  private static byte[] hmacField(String s, String what) {
    if (s.length() != 2 * HMAC_LENGTH) {
      throw new IllegalArgumentException(what + " must be " + 2 * HMAC_LENGTH + " hex digits");
    }
    return Hex.decode(s);
  }

  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (byte b : text.getBytes(UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%' && c != ',') {
        sb.append((char) c);
      } else {
        sb.append(String.format(Locale.ROOT, "%%%02X", c));
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("truncated %-escape in text");
        }
        out.write(hexDigit(s.charAt(i + 1)) << 4 | hexDigit(s.charAt(i + 2)));
        i += 2;
      } else if (c >= 0x20 && c <= 0x7e) {
        out.write(c);
      } else {
        throw new IllegalArgumentException("unescaped control or non-ASCII character in text");
      }
    }
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text is not valid UTF-8");
    }
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("bad %-escape digit '" + c + "'");
  }

  public long sequence() {
    return sequence;
  }

  public Instant time() {
    return time;
  }

  public String hsmSerial() {
    return hsmSerial;
  }

  public String partition() {
    return partition;
  }

  /** The role, or {@code null} when none was logged in. */
  public AuditRole role() {
    return role;
  }

  public AuditCategory category() {
    return category;
  }

  public AuditEvent event() {
    return event;
  }

  public long returnCode() {
    return returnCode;
  }

  public AuditOutcome outcome() {
    return AuditOutcome.of(returnCode);
  }

  public String text() {
    return text;
  }

  public byte[] previousHmac() {
    return previousHmac.clone();
  }

  public byte[] hmac() {
    return hmac.clone();
  }

  /** Length of the line in a file, newline included; what size-based rotation counts. */
  int encodedLength() {
    return toLine().getBytes(UTF_8).length + 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditRecord
        && ((AuditRecord) o).signedPart.equals(signedPart)
        && Arrays.equals(((AuditRecord) o).previousHmac, previousHmac)
        && Arrays.equals(((AuditRecord) o).hmac, hmac);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signedPart, Arrays.hashCode(hmac));
  }

  @Override
  public String toString() {
    return toLine();
  }
}
