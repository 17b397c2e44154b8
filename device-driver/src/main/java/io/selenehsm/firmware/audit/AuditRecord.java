package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.crypto.Mac;

/**
 * One audit record, sealed into the chain. Immutable.
 *
 * <h2>Line format</h2>
 *
 * A record is written as the vendor's audit log message: a fixed-length, comma-delimited line of
 * 447 characters (448 with the {@code '\n'} that ends it in a file):
 *
 * <pre>
 * offset length field
 *      0     10 sequence number, decimal, right-aligned (blank-padded)
 *     10      1 ,
 *     11     17 timestamp, UTC, MM/dd/yy HH:mm:ss
 *     28      1 ,
 *     29    256 message text, left-aligned (blank-padded)
 *    285      1 ,
 *    286     64 HMAC of the previous record, upper-case hex
 *    350      1 ,
 *    351     96 raw data of this record (48 bytes), upper-case hex
 * </pre>
 *
 * <p>The <em>message text</em> is {@code serial partition role category EVENT rc text}: the HSM
 * serial; {@code admin} or the application partition id; the vendor role id (admin partition: 0
 * administrator, 1 HSM SO, 8 auditor; application partition: 1 partition SO, 0 crypto officer, 9
 * limited crypto officer, 5 crypto user) or {@code -}; {@link AuditCategory#token()}; the {@link
 * AuditEvent} name; the return code as {@code 0x} and eight lower-case hex digits; then the event's
 * text, UTF-8 with every byte outside printable ASCII, every {@code %} and {@code ,}, and a final
 * blank written as {@code %XX}. A text too long for the field is cut at a character boundary when
 * the record is sealed, so the record holds exactly what the file shows.
 *
 * <p>The <em>raw data</em> is what the HSM verifies: sequence (8 bytes), time in epoch milliseconds
 * (8), return code (4), event ({@link AuditEvent} ordinal, 2), category ordinal (1), role id (1,
 * {@code 0xFF} for none), and the first 24 bytes of SHA-256 over the 256-character message text
 * field, which binds the text to the raw data. The record's HMAC is {@code HMAC-SHA256(logSecret,
 * raw || previousHmac)}; it is not in the record's own line but in the next record's previous-HMAC
 * field, and the newest one is the device's stored chain head. The first record of a device carries
 * 32 zero bytes as its previous HMAC.
 *
 * <p>Every value has exactly one spelling: {@link #parse} rejects a line that does not re-encode to
 * itself or whose text and raw data disagree.
 */
public final class AuditRecord {
  public static final String ADMIN_PARTITION = "admin";
  public static final int HMAC_LENGTH = 32;

  /** Comma-separated fields of a line. */
  static final int FIELDS = 5;

  /** Characters of a line without its newline. */
  public static final int LINE_LENGTH = 447;

  static final int SEQUENCE_WIDTH = 10;
  static final int TEXT_WIDTH = 256;
  static final int RAW_LENGTH = 48;
  private static final int DIGEST_LENGTH = 24;
  private static final long MAX_SEQUENCE = 9_999_999_999L;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM/dd/uu HH:mm:ss", Locale.ROOT)
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
  private final String messageText;
  private final byte[] raw;

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
    this.messageText =
        prefix(hsmSerial, partition, role, category, event, returnCode)
            + (text.isEmpty() ? "" : " " + escape(text));
    this.raw = raw(sequence, time, returnCode, event, category, role, padded(messageText));
  }

  private static String prefix(
      String serial,
      String partition,
      AuditRole role,
      AuditCategory category,
      AuditEvent event,
      long returnCode) {
    return serial
        + " "
        + partition
        + " "
        + (role == null ? "-" : Integer.toString(role.id()))
        + " "
        + category.token()
        + " "
        + event.name()
        + " "
        + String.format(Locale.ROOT, "0x%08x", returnCode);
  }

  private static byte[] raw(
      long sequence,
      Instant time,
      long returnCode,
      AuditEvent event,
      AuditCategory category,
      AuditRole role,
      String textField) {
    byte[] digest;
    try {
      digest = SoftwareProviders.digest("SHA-256").digest(textField.getBytes(UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
    return ByteBuffer.allocate(RAW_LENGTH)
        .putLong(sequence)
        .putLong(time.toEpochMilli())
        .putInt((int) returnCode)
        .putShort((short) event.ordinal())
        .put((byte) category.ordinal())
        .put((byte) (role == null ? 0xFF : role.id()))
        .put(digest, 0, DIGEST_LENGTH)
        .array();
  }

  private static String padded(String messageText) {
    return messageText + " ".repeat(TEXT_WIDTH - messageText.length());
  }

  /** Seals an entry into the chain after {@code previousHmac}. */
  static AuditRecord seal(
      long sequence, Instant time, String hsmSerial, AuditEntry e, byte[] previousHmac, Mac mac) {
    if (!AuditEntry.TOKEN.matcher(hsmSerial).matches()) {
      throw new IllegalArgumentException("Bad HSM serial '" + hsmSerial + "'");
    }
    if (sequence < 1 || sequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException("Sequence " + sequence + " does not fit the log format");
    }
    String prefix =
        prefix(hsmSerial, e.partition(), e.role(), e.category(), e.event(), e.returnCode());
    String text = fitting(e.text(), TEXT_WIDTH - prefix.length() - 1);
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
            text,
            previousHmac.clone(),
            null);
    return unsealed.withHmac(unsealed.expectedHmac(mac));
  }

  /** The longest prefix of {@code text}, cut between characters, whose escaped form fits. */
  private static String fitting(String text, int width) {
    if (escape(text).length() <= width) {
      return text;
    }
    int end = 0;
    int lastGood = 0;
    while (end < text.length()) {
      end += Character.charCount(text.codePointAt(end));
      if (escape(text.substring(0, end)).length() > width) {
        break;
      }
      lastGood = end;
    }
    return text.substring(0, lastGood);
  }

  /** This record with its HMAC, computed by whoever holds the log secret. */
  AuditRecord withHmac(byte[] tag) {
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
        tag.clone());
  }

  /** Recomputes this record's HMAC with {@code mac} (keyed with a log secret). */
  byte[] expectedHmac(Mac mac) {
    return LogSecret.chainHmac(mac, raw, previousHmac);
  }

  /** The record as one line, without the terminating newline. */
  public String toLine() {
    String seq = Long.toString(sequence);
    return " ".repeat(SEQUENCE_WIDTH - seq.length())
        + seq
        + ","
        + TIME.format(time)
        + ","
        + padded(messageText)
        + ","
        + Hex.encode(previousHmac).toUpperCase(Locale.ROOT)
        + ","
        + Hex.encode(raw).toUpperCase(Locale.ROOT);
  }

  /**
   * Parses a line written by {@link #toLine()}. The record's own HMAC is not in its line, so the
   * result has none ({@link #hmac()} is {@code null}) until it is verified.
   *
   * @throws HsmException {@code CKR_DATA_INVALID} naming the problem when the line is not a
   *     well-formed record in canonical form
   */
  public static AuditRecord parse(String line) throws HsmException {
    try {
      AuditRecord r = parseFields(line);
      if (!r.toLine().equals(line)) {
        throw new IllegalArgumentException(
            "not in canonical form, or its text and raw data" + " disagree");
      }
      return r;
    } catch (IllegalArgumentException | DateTimeParseException | BufferUnderflowException e) {
      throw new HsmException(Ckr.DATA_INVALID, "Malformed audit record: " + e.getMessage());
    }
  }

  private static AuditRecord parseFields(String line) {
    if (line.length() != LINE_LENGTH) {
      throw new IllegalArgumentException(
          "a record is " + LINE_LENGTH + " characters long, found " + line.length());
    }
    String[] f = line.split(",", -1);
    if (f.length != FIELDS) {
      throw new IllegalArgumentException(
          "expected " + FIELDS + " comma-separated fields, found " + f.length);
    }
    byte[] prev = hexField(f[3], HMAC_LENGTH, "previous HMAC");
    ByteBuffer raw = ByteBuffer.wrap(hexField(f[4], RAW_LENGTH, "raw data"));
    long seq = raw.getLong();
    if (seq < 1) {
      throw new IllegalArgumentException("sequence numbers start at 1");
    }
    Instant time = Instant.ofEpochMilli(raw.getLong());
    String[] m = f[2].stripTrailing().split(" ", 7);
    if (m.length < 6) {
      throw new IllegalArgumentException("the message text lacks its six leading fields");
    }
    String serial = token(m[0], "serial");
    String partition = token(m[1], "partition");
    AuditRole role = null;
    if (!m[2].equals("-")) {
      role = AuditRole.byId(ADMIN_PARTITION.equals(partition), Integer.parseInt(m[2]));
      if (role == null) {
        throw new IllegalArgumentException(
            "unknown role id " + m[2] + " on partition " + partition);
      }
    }
    AuditCategory category = categoryOf(m[3]);
    AuditEvent event = AuditEvent.valueOf(m[4]);
    if (!m[5].startsWith("0x")) {
      throw new IllegalArgumentException("return code must start with 0x");
    }
    long rc = Long.parseUnsignedLong(m[5].substring(2), 16);
    String text = m.length == 7 ? unescape(m[6]) : "";
    return new AuditRecord(
        seq, time, serial, partition, role, category, event, rc, text, prev, null);
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

  private static byte[] hexField(String s, int bytes, String what) {
    if (s.length() != 2 * bytes || !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(what + " must be " + 2 * bytes + " upper-case hex digits");
    }
    return Hex.decode(s.toLowerCase(Locale.ROOT));
  }

  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    byte[] bytes = text.getBytes(UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean finalBlank = c == ' ' && i == bytes.length - 1;
      if (c >= 0x20 && c <= 0x7e && c != '%' && c != ',' && !finalBlank) {
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

  /**
   * This record's HMAC when it is known: for a record this log sealed or verified; {@code null} for
   * one only parsed from a line, which does not carry it.
   */
  public byte[] hmac() {
    return hmac == null ? null : hmac.clone();
  }

  /** The raw data the HMAC covers (with the previous HMAC). */
  public byte[] rawData() {
    return raw.clone();
  }

  /** Length of the line in a file, newline included; what size-based rotation counts. */
  int encodedLength() {
    return toLine().getBytes(UTF_8).length + 1;
  }

  @Override
  public boolean equals(Object o) {
    // The HMAC is a function of the line's content under one secret, so the line decides.
    return o instanceof AuditRecord && ((AuditRecord) o).toLine().equals(toLine());
  }

  @Override
  public int hashCode() {
    return toLine().hashCode();
  }

  @Override
  public String toString() {
    return toLine();
  }
}
