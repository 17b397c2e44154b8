package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;

/**
 * The device's audit log: seals records into the HMAC chain, holds the ones not yet rotated, and
 * rotates them into files under the configured path.
 *
 * <h2>Capacity and LOG FULL</h2>
 *
 * The buffer holds {@code capacity} records. Once full, ordinary commands must not run: the engine
 * calls {@link #checkAdmission} before executing a command and {@link #record} after it, and both
 * throw {@code CKR_LOG_FULL} ({@link AuditCodes#LOG_FULL}) for an {@link
 * AuditEvent.Treatment#ORDINARY} event. Commands the auditor needs to recover (login, sessions, log
 * configuration) still run and their records go into a reserve of {@link #FULL_RESERVE} records;
 * beyond that they run unrecorded and are counted in {@link AuditStatus#droppedRecords()}.
 * Unconditional events are always recorded. Rotation or {@link #clear()} frees the buffer.
 *
 * <h2>Rotation</h2>
 *
 * Nothing rotates until a path is configured. After each record and on {@link #rotateIfDue()}, the
 * buffer is written to a new file when the interval's UTC boundary has passed since the last
 * rotation or the buffered lines reach the size limit. Files are named {@code
 * <serial>_<yyyyMMdd'T'HHmmss'Z'>_<firstSeq>.log}, hold one {@link AuditRecord} line per record,
 * and are written to a temporary file, forced to disk and renamed, so a file is either complete or
 * absent; records leave the buffer only after that. An automatic rotation that fails leaves the
 * records in the device and is reported in {@link #status()}.
 *
 * <h2>Persistence</h2>
 *
 * {@link #state()} is everything the engine keeps in flash for the log except the secret (which it
 * stores sealed on its own): chain head, next sequence number, buffered records, configuration.
 * {@link #lastHmac()} is the newest HMAC, which verification compares with a file's last record to
 * detect truncation. {@link #restore} re-checks the buffered chain and refuses a corrupt state.
 *
 * <p>Thread-safe: every method holds the log's lock; sealing a record costs one HMAC.
 */
public final class AuditLog {
  public static final int DEFAULT_CAPACITY = 16_384;
  public static final int FULL_RESERVE = 64;

  private static final String STATE_MAGIC = "selene-audit-log 1";
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String hsmSerial;
  private final TimeSource clock;
  private final int capacity;
  private final Mac mac;

  private final ArrayDeque<AuditRecord> buffer = new ArrayDeque<>();

  /**
   * Whether the buffer is full, written under the lock after every change of the buffer so that
   * {@link #checkAdmission} reads it without taking the lock (it runs before every command).
   */
  private volatile boolean full;

  private long bufferedBytes;
  private long nextSequence = 1;
  private byte[] head = new byte[AuditRecord.HMAC_LENGTH];
  private Instant lastRotation;
  private AuditConfig config = AuditConfig.DEFAULT;
  private long droppedRecords;
  private String lastRotationError;

  /** A fresh log, as on a device that has never written a record. */
  public AuditLog(String hsmSerial, LogSecret secret, TimeSource clock, int capacity) {
    if (!AuditEntry.TOKEN.matcher(hsmSerial).matches()) {
      throw new IllegalArgumentException("Bad HSM serial '" + hsmSerial + "'");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("Capacity must be positive: " + capacity);
    }
    this.hsmSerial = hsmSerial;
    this.clock = Objects.requireNonNull(clock);
    this.capacity = capacity;
    this.mac = secret.newMac();
    this.lastRotation = clock.instant();
  }

  public String hsmSerial() {
    return hsmSerial;
  }

  public synchronized AuditConfig config() {
    return config;
  }

  public synchronized void configure(AuditConfig newConfig) {
    this.config = Objects.requireNonNull(newConfig);
  }

  public synchronized boolean isFull() {
    return buffer.size() >= capacity;
  }

  /**
   * Refuses an ordinary command while the log is full, whether or not its record would be wanted:
   * the device performs no command it might be unable to record.
   */
  public void checkAdmission(AuditEvent event) throws HsmException {
    // Lock-free while the log has room: a command admitted as a concurrent record fills the buffer
    // is ordered before that record, as if it had been admitted a moment earlier.
    if (full && !event.isExemptFromLogFull()) {
      synchronized (this) {
        if (isFull()) {
          throw logFull(event);
        }
      }
    }
  }

  /**
   * Records a command's outcome if the mask (or the event's unconditional status) wants it.
   *
   * @return the sealed record, or empty when the mask excludes it or a command that may run while
   *     the log is full found no room
   * @throws HsmException {@code CKR_LOG_FULL} for a wanted ordinary event while the log is full
   */
  public synchronized Optional<AuditRecord> record(AuditEntry entry) throws HsmException {
    AuditEvent event = entry.event();
    boolean wanted =
        event.isUnconditional()
            || config.mask().admits(entry.category(), entry.outcome(), entry.firstKeyUse());
    if (!wanted) {
      return Optional.empty();
    }
    if (isFull()) {
      switch (event.treatment()) {
        case ORDINARY:
          throw logFull(event);
        case PROCEEDS_WHEN_FULL:
          if (buffer.size() >= capacity + FULL_RESERVE) {
            droppedRecords++;
            return Optional.empty();
          }
          break;
        case UNCONDITIONAL:
          break;
      }
    }
    AuditRecord r = AuditRecord.seal(nextSequence, clock.instant(), hsmSerial, entry, head, mac);
    buffer.addLast(r);
    bufferedBytes += r.encodedLength();
    full = buffer.size() >= capacity;
    nextSequence++;
    head = r.hmac();
    rotateIfDue();
    return Optional.of(r);
  }

  private HsmException logFull(AuditEvent event) {
    return new HsmException(
        AuditCodes.LOG_FULL,
        "Audit log is full ("
            + buffer.size()
            + " records held in the device); "
            + event
            + " is refused until the auditor rotates or clears the log");
  }

  /** Sequence number of the newest record ever written, 0 if none. */
  public synchronized long lastSequence() {
    return nextSequence - 1;
  }

  /** HMAC of the newest record ever written (32 zero bytes if none): the chain head. */
  public synchronized byte[] lastHmac() {
    return head.clone();
  }

  /** The records held in the device, oldest first. */
  public synchronized List<AuditRecord> bufferedRecords() {
    return List.copyOf(buffer);
  }

  /** The buffered records newer than {@code sequence}, oldest first (cheap for a short tail). */
  public synchronized List<AuditRecord> bufferedAfter(long sequence) {
    ArrayDeque<AuditRecord> tail = new ArrayDeque<>();
    var it = buffer.descendingIterator();
    while (it.hasNext()) {
      AuditRecord r = it.next();
      if (r.sequence() <= sequence) {
        break;
      }
      tail.addFirst(r);
    }
    return List.copyOf(tail);
  }

  /** How many records the device holds (they are the newest ones, without gaps). */
  public synchronized int bufferedCount() {
    return buffer.size();
  }

  public synchronized AuditStatus status() {
    return new AuditStatus(
        buffer.size(),
        capacity,
        isFull(),
        lastSequence(),
        lastRotation,
        droppedRecords,
        Optional.ofNullable(lastRotationError));
  }

  /**
   * Rotates if the interval boundary has passed or the size limit is reached. Never throws: a
   * failure keeps the records in the device and is reported by {@link #status()}.
   *
   * @return the file written, if any
   */
  public synchronized Optional<Path> rotateIfDue() {
    if (config.path().isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    boolean intervalDue = !now.isBefore(config.interval().nextBoundary(lastRotation));
    boolean sizeDue = config.sizeLimit() > 0 && bufferedBytes >= config.sizeLimit();
    if (!intervalDue && !sizeDue) {
      return Optional.empty();
    }
    try {
      return rotate();
    } catch (HsmException e) {
      lastRotationError = e.detail();
      return Optional.empty();
    }
  }

  /**
   * Writes every buffered record to a new file under the configured path and removes them from the
   * device.
   *
   * @return the file, or empty if there was nothing to rotate
   * @throws HsmException {@code CKR_LOG_FILE_NOT_OPEN} without a path, {@code
   *     CKR_LOG_FILE_WRITE_ERROR} if the file cannot be written (the records stay buffered)
   */
  public synchronized Optional<Path> rotate() throws HsmException {
    Path dir =
        config
            .path()
            .orElseThrow(
                () ->
                    new HsmException(
                        AuditCodes.LOG_FILE_NOT_OPEN, "No audit log path is configured"));
    Instant now = clock.instant();
    if (buffer.isEmpty()) {
      lastRotation = now;
      return Optional.empty();
    }
    String name =
        hsmSerial + "_" + FILE_TIME.format(now) + "_" + buffer.getFirst().sequence() + ".log";
    Path target = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      writeDurably(dir, target, linesOf(buffer));
    } catch (IOException e) {
      throw new HsmException(
          AuditCodes.LOG_FILE_WRITE_ERROR, "Cannot write audit log file " + target + ": " + e, e);
    }
    buffer.clear();
    bufferedBytes = 0;
    full = false;
    lastRotation = now;
    lastRotationError = null;
    return Optional.of(target);
  }

  private static byte[] linesOf(Iterable<AuditRecord> records) {
    StringBuilder sb = new StringBuilder();
    for (AuditRecord r : records) {
      sb.append(r.toLine()).append('\n');
    }
    return sb.toString().getBytes(UTF_8);
  }

  private static void writeDurably(Path dir, Path target, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(dir, ".rotating-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The auditor empties the in-device buffer (the only way out of LOG FULL without a working
   * rotation path). The chain continues; an unconditional {@link AuditEvent#LOG_CLEAR} record names
   * the discarded sequence range, so verification of later files shows an explained gap.
   *
   * @return the number of records discarded
   */
  public synchronized int clear() throws HsmException {
    int n = buffer.size();
    String what =
        n == 0
            ? "cleared 0 records"
            : "cleared "
                + n
                + " records, sequence "
                + buffer.getFirst().sequence()
                + " to "
                + buffer.getLast().sequence();
    buffer.clear();
    bufferedBytes = 0;
    full = false;
    record(AuditEntry.of(AuditEvent.LOG_CLEAR, Ckr.OK).role(AuditRole.AUDITOR).text(what).build());
    return n;
  }

  /** The log's persistent state (not the secret); see the class comment. */
  public synchronized byte[] state() {
    StringBuilder sb = header();
    for (AuditRecord r : buffer) {
      sb.append("record ").append(r.toLine()).append('\n');
    }
    return sb.toString().getBytes(UTF_8);
  }

  private StringBuilder header() {
    StringBuilder sb = new StringBuilder();
    sb.append(STATE_MAGIC).append('\n');
    sb.append("serial ").append(hsmSerial).append('\n');
    sb.append("next ").append(nextSequence).append('\n');
    sb.append("head ").append(Hex.encode(head)).append('\n');
    sb.append("rotated ").append(lastRotation).append('\n');
    sb.append("dropped ").append(droppedRecords).append('\n');
    sb.append("config ")
        .append(Base64.getEncoder().encodeToString(config.format().getBytes(UTF_8)))
        .append('\n');
    return sb;
  }

  /**
   * {@link #state()} without the buffered records. The engine stores the records one flash entry
   * each, so a new record costs one small write instead of rewriting the whole buffer.
   */
  public synchronized byte[] stateHeader() {
    return header().toString().getBytes(UTF_8);
  }

  /**
   * Rebuilds a log from {@link #stateHeader()} and the buffered records' lines, oldest first; the
   * same checks as {@link #restore(String, LogSecret, TimeSource, int, byte[])} apply.
   */
  public static AuditLog restore(
      String hsmSerial,
      LogSecret secret,
      TimeSource clock,
      int capacity,
      byte[] header,
      List<String> recordLines)
      throws HsmException {
    StringBuilder sb = new StringBuilder(new String(header, UTF_8));
    for (String line : recordLines) {
      sb.append("record ").append(line).append('\n');
    }
    return restore(hsmSerial, secret, clock, capacity, sb.toString().getBytes(UTF_8));
  }

  /**
   * Rebuilds a log from {@link #state()}. The buffered records must form an intact chain under
   * {@code secret} that ends at the stored head.
   *
   * @throws HsmException {@code CKR_DEVICE_ERROR} if the state is malformed, belongs to another
   *     serial, or its records do not verify (stored data integrity failure)
   */
  public static AuditLog restore(
      String hsmSerial, LogSecret secret, TimeSource clock, int capacity, byte[] state)
      throws HsmException {
    AuditLog log = new AuditLog(hsmSerial, secret, clock, capacity);
    try {
      log.load(new String(state, UTF_8).split("\n", -1));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw corrupt(e.getMessage());
    }
    return log;
  }

  private void load(String[] lines) throws HsmException {
    if (lines.length < 8 || !lines[0].equals(STATE_MAGIC)) {
      throw corrupt("unknown format");
    }
    if (!value(lines[1], "serial").equals(hsmSerial)) {
      throw corrupt("state belongs to HSM " + value(lines[1], "serial"));
    }
    nextSequence = Long.parseLong(value(lines[2], "next"));
    head = Hex.decode(value(lines[3], "head"));
    lastRotation = Instant.parse(value(lines[4], "rotated"));
    droppedRecords = Long.parseLong(value(lines[5], "dropped"));
    config =
        AuditConfig.parse(new String(Base64.getDecoder().decode(value(lines[6], "config")), UTF_8));
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 7; i < lines.length - 1; i++) {
      try {
        records.add(AuditRecord.parse(value(lines[i], "record")));
      } catch (HsmException e) {
        throw corrupt(e.detail());
      }
    }
    if (!lines[lines.length - 1].isEmpty() || head.length != AuditRecord.HMAC_LENGTH) {
      throw corrupt("truncated");
    }
    records = checkChain(records);
    for (AuditRecord r : records) {
      buffer.addLast(r);
      bufferedBytes += r.encodedLength();
      full = buffer.size() >= capacity;
    }
  }

  /** Checks the held records chain up to the stored head; returns them with their HMACs. */
  private List<AuditRecord> checkChain(List<AuditRecord> records) throws HsmException {
    if (records.isEmpty()) {
      return records;
    }
    AuditRecord last = records.get(records.size() - 1);
    long expected = last.sequence() - records.size() + 1;
    byte[] prev = records.get(0).previousHmac();
    List<AuditRecord> sealed = new ArrayList<>(records.size());
    for (AuditRecord r : records) {
      if (r.sequence() != expected++ || !Arrays.equals(r.previousHmac(), prev)) {
        throw corrupt("buffered record " + r.sequence() + " does not verify");
      }
      prev = r.expectedHmac(mac);
      sealed.add(r.withHmac(prev));
    }
    if (!java.security.MessageDigest.isEqual(prev, head) || last.sequence() != nextSequence - 1) {
      throw corrupt("buffered records do not end at the stored chain head");
    }
    return sealed;
  }

  private static String value(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("expected '" + key + "' line");
    }
    return line.substring(key.length() + 1);
  }

  private static HsmException corrupt(String why) {
    return new HsmException(Ckr.DEVICE_ERROR, "Stored audit log state is corrupt: " + why);
  }
}
