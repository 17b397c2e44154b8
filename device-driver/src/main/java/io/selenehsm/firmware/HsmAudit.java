package io.selenehsm.firmware;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.audit.AuditCategory;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditEntry;
import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.audit.AuditLog;
import io.selenehsm.firmware.audit.AuditOutcome;
import io.selenehsm.firmware.audit.AuditRecord;
import io.selenehsm.firmware.audit.AuditRole;
import io.selenehsm.firmware.audit.AuditSecret;
import io.selenehsm.firmware.audit.AuditSecretRing;
import io.selenehsm.firmware.audit.AuditStatus;
import io.selenehsm.firmware.audit.AuditVerifier;
import io.selenehsm.firmware.audit.EventMask;
import io.selenehsm.firmware.audit.LogSecret;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.lifecycle.AdminAction;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.store.FlashStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The device's audit subsystem as the engine runs it: the {@link AuditLog} with its configuration,
 * the {@link AuditSecretRing} and the audit clock, kept in the device's flash.
 *
 * <h2>How commands are recorded</h2>
 *
 * Every audited engine command runs through {@link #command} (or {@link #keyUse} / {@link
 * #keyManagement} for cryptographic commands): the log first admits the command (an ordinary
 * command is refused with {@code CKR_LOG_FULL} while the in-device buffer is full), the command
 * runs, and its outcome (return code, partition, the role logged in before or after it) becomes one
 * record if the event mask wants it. Records are committed to flash right after the command, in
 * their own batch: the outcome is only known once the command's own commit is done. Zeroize and
 * factory reset carry the audit state inside the engine's own batch.
 *
 * <h2>Flash layout</h2>
 *
 * {@code audit/secrets} (the secret ring), {@code audit/log} (the log's state without records),
 * {@code audit/rec/<seq>} (one buffered record each), {@code audit/head} (the newest HMAC, so a
 * store that lost its newest records is detected), {@code audit/clock} (time-sync offset) and
 * {@code audit/domain}. All of it survives zeroize (the Auditor is unchanged by zeroize) and is
 * replaced by a fresh log with a new secret on factory reset.
 *
 * <h2>Who may manage the log</h2>
 *
 * Configuration, clearing, time sync, secret export/import and the audit domain need the Auditor
 * once that role exists; before, the HSM SO. Anyone with a session may log an external message.
 *
 * <p>Thread-safe: log changes and their flash commits are serialised on this object; commands
 * themselves run outside that lock.
 */
public final class HsmAudit {
  static final String SECRETS_KEY = "audit/secrets";
  static final String LOG_KEY = "audit/log";
  static final String HEAD_KEY = "audit/head";
  static final String CLOCK_KEY = "audit/clock";
  static final String DOMAIN_KEY = "audit/domain";
  static final String RECORD_PREFIX = "audit/rec/";

  private final Hsm hsm;

  /** Made at first power-on: the engine's options are not yet set when this is constructed. */
  private AuditClock clock;

  /** Replaced under this object's lock; volatile so that admission reads it without the lock. */
  private volatile AuditLog log;

  private AuditSecretRing ring;
  private byte[] domain;

  /**
   * Whether the event mask wants any key-usage record. Key usage is the hot path: when the mask
   * leaves it out, an operation pays only the log-full admission check, not a record's worth of
   * context, text and HMAC.
   */
  private volatile boolean keyUsageAudited = true;

  /**
   * The event mask in force, read without the lock: a command the mask leaves out is not turned
   * into an entry at all (its context, text and checks cost a tenth of a key-pair generation). Null
   * until the log exists; a command racing a mask change may go either way, as it would under the
   * lock.
   */
  private volatile EventMask mask;

  /** Sequence numbers of the records currently in flash: first..last (none if last < first). */
  private long storedFirst = 1;

  private long storedLast;

  /** A command body that returns a value. */
  @FunctionalInterface
  public interface Command<T> {
    T run() throws HsmException;
  }

  /** A command body with no result. */
  @FunctionalInterface
  public interface Action {
    void run() throws HsmException;
  }

  HsmAudit(Hsm hsm) {
    this.hsm = hsm;
  }

  // ---------------------------------------------------------------- engine lifecycle

  /**
   * Power-on: loads the audit state, or creates a fresh log on a store that has none. Corrupt state
   * is an {@link IllegalStateException}, which the engine treats as a stored data integrity
   * failure.
   */
  synchronized void load(FlashStore store) throws HsmException {
    if (clock == null) {
      clock = new AuditClock(hsm.options().time());
    }
    try {
      loadOrCreate(store);
    } catch (HsmException e) {
      if (e.returnCode() != Ckr.DEVICE_ERROR) {
        throw e;
      }
      throw new IllegalStateException("audit state: " + e.detail(), e);
    }
  }

  private void loadOrCreate(FlashStore store) throws HsmException {
    byte[] secrets = store.get(SECRETS_KEY);
    if (secrets == null) {
      fresh();
      store.commit(writeAll(new FlashStore.Batch()));
      return;
    }
    ring = AuditSecretRing.decode(secrets);
    byte[] offset = store.get(CLOCK_KEY);
    clock.setOffset(
        offset == null ? Duration.ZERO : Duration.ofMillis(ByteBuffer.wrap(offset).getLong()));
    byte[] d = store.get(DOMAIN_KEY);
    domain = d == null ? null : d.clone();
    List<String> lines = new ArrayList<>();
    for (byte[] r : store.scan(RECORD_PREFIX).values()) {
      lines.add(new String(r, UTF_8));
    }
    byte[] header = store.get(LOG_KEY);
    if (header == null) {
      throw new HsmException(Ckr.DEVICE_ERROR, "the audit log state is missing");
    }
    log =
        AuditLog.restore(hsm.serial(), ring.own(), clock, AuditLog.DEFAULT_CAPACITY, header, lines);
    keyUsageAudited = auditsKeyUsage(log.config().mask());
    mask = log.config().mask();
    byte[] head = store.get(HEAD_KEY);
    if (head == null || !java.security.MessageDigest.isEqual(head, log.lastHmac())) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "the audit log does not end at the stored chain head: records were lost");
    }
    List<AuditRecord> buffered = log.bufferedRecords();
    storedFirst = buffered.isEmpty() ? log.lastSequence() + 1 : buffered.get(0).sequence();
    storedLast = log.lastSequence();
  }

  private void fresh() {
    if (clock == null) {
      // A device that halted at power-on never loaded its audit state; a factory reset starts here.
      clock = new AuditClock(hsm.options().time());
    }
    ring = new AuditSecretRing(hsm.serial(), LogSecret.generate(hsm.options().random()));
    log = new AuditLog(hsm.serial(), ring.own(), clock, AuditLog.DEFAULT_CAPACITY);
    keyUsageAudited = auditsKeyUsage(log.config().mask());
    mask = log.config().mask();
    clock.setOffset(Duration.ZERO);
    domain = null;
    storedFirst = 1;
    storedLast = 0;
  }

  /**
   * Zeroize and factory reset wipe the store; this puts the audit state into the same batch that
   * rewrites the device record: unchanged after zeroize, a fresh log after factory reset.
   */
  synchronized FlashStore.Batch carryOver(AdminAction action, FlashStore.Batch batch) {
    if (action == AdminAction.FACTORY_RESET) {
      fresh();
    }
    return writeAll(batch);
  }

  /** A factory reset of a halted device starts from an empty store. */
  synchronized FlashStore.Batch afterWipe(FlashStore.Batch batch) {
    fresh();
    return writeAll(batch);
  }

  private FlashStore.Batch writeAll(FlashStore.Batch batch) {
    batch.put(SECRETS_KEY, ring.encode());
    batch.put(CLOCK_KEY, ByteBuffer.allocate(8).putLong(clock.offset().toMillis()).array());
    if (domain != null) {
      batch.put(DOMAIN_KEY, domain);
    }
    for (AuditRecord r : log.bufferedRecords()) {
      batch.put(recordKey(r.sequence()), r.toLine().getBytes(UTF_8));
    }
    List<AuditRecord> buffered = log.bufferedRecords();
    storedFirst = buffered.isEmpty() ? log.lastSequence() + 1 : buffered.get(0).sequence();
    storedLast = log.lastSequence();
    return batch.put(LOG_KEY, log.stateHeader()).put(HEAD_KEY, log.lastHmac());
  }

  private static String recordKey(long sequence) {
    return String.format("%s%016x", RECORD_PREFIX, sequence);
  }

  /** Commits what changed in the log since the last commit: new records, rotated ones, header. */
  private void persist() throws HsmException {
    FlashStore.Batch batch = new FlashStore.Batch();
    long first = log.lastSequence() - log.bufferedCount() + 1;
    for (long seq = storedFirst; seq < first && seq <= storedLast; seq++) {
      batch.delete(recordKey(seq));
    }
    for (AuditRecord r : log.bufferedAfter(storedLast)) {
      batch.put(recordKey(r.sequence()), r.toLine().getBytes(UTF_8));
    }
    batch.put(LOG_KEY, log.stateHeader()).put(HEAD_KEY, log.lastHmac());
    hsm.commit(batch);
    storedFirst = first;
    storedLast = log.lastSequence();
  }

  // ---------------------------------------------------------------- recording commands

  /** Where a command ran and who was logged in. */
  private record Context(String partition, Role role) {
    AuditRole auditRole() {
      return role == null ? null : AuditRole.valueOf(role.name());
    }
  }

  private Context context(long sessionHandle) {
    try {
      Session s = hsm.session(sessionHandle);
      return new Context(partitionToken(s.partitionId), hsm.roleOf(s));
    } catch (HsmException e) {
      return new Context(AuditRecord.ADMIN_PARTITION, null);
    }
  }

  private static String partitionToken(int partitionId) {
    return partitionId == Hsm.ADMIN_PARTITION
        ? AuditRecord.ADMIN_PARTITION
        : Integer.toString(partitionId);
  }

  /** Runs an engine command on a session under the log: admission, the command, its record. */
  public <T> T command(AuditEvent event, long sessionHandle, String text, Command<T> body)
      throws HsmException {
    Context before = context(sessionHandle);
    return run(event, before, () -> context(sessionHandle), text, null, false, body);
  }

  /** {@link #command} for a command with no result. */
  public void action(AuditEvent event, long sessionHandle, String text, Action body)
      throws HsmException {
    command(
        event,
        sessionHandle,
        text,
        () -> {
          body.run();
          return null;
        });
  }

  /** As {@link #command}, for commands that have no session yet (opening one). */
  <T> T onPartition(AuditEvent event, int partitionId, String text, Command<T> body)
      throws HsmException {
    Context c = new Context(partitionToken(partitionId), null);
    return run(event, c, () -> c, text, null, false, body);
  }

  /**
   * A key-usage command (sign, verify, encrypt, decrypt): recorded as symmetric or asymmetric usage
   * of {@code keyHandle}, marked when it is the key's first use; counted in the partition's
   * utilization metrics whether or not it succeeds.
   */
  <T> T keyUse(
      AuditEvent event,
      HsmUtilization.Metric metric,
      long sessionHandle,
      long keyHandle,
      Command<T> body)
      throws HsmException {
    hsm.utilization().count(sessionHandle, metric);
    if (!keyUsageAudited) {
      admit(event);
      return body.run();
    }
    HsmObject key = visibleKey(sessionHandle, keyHandle);
    AuditEntry.KeyKind kind =
        key != null && key.objectClass() != Cko.SECRET_KEY
            ? AuditEntry.KeyKind.ASYMMETRIC
            : AuditEntry.KeyKind.SYMMETRIC;
    boolean first = key != null && key.usageCounter().get() == 0;
    Context before = context(sessionHandle);
    return run(event, before, () -> before, "key " + keyHandle, kind, first, body);
  }

  /**
   * The single-part crypto commands' shortcut while the log records no key usage: counts the
   * request and admits it as {@link #keyUse} would, and returns true; the caller then runs the
   * command directly, without the closure {@link #keyUse} takes (an allocation per call on the 1
   * KiB paths). False when key usage is recorded: the caller goes through {@link #keyUse}.
   */
  boolean admitUnrecordedKeyUse(AuditEvent event, HsmUtilization.Metric metric, long sessionHandle)
      throws HsmException {
    if (keyUsageAudited) {
      return false;
    }
    hsm.utilization().count(sessionHandle, metric);
    admit(event);
    return true;
  }

  private static boolean auditsKeyUsage(EventMask mask) {
    for (AuditCategory c :
        new AuditCategory[] {
          AuditCategory.ASYMMETRIC_KEY_USAGE, AuditCategory.SYMMETRIC_KEY_USAGE
        }) {
      for (AuditOutcome o : AuditOutcome.values()) {
        if (mask.admits(c, o, true)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A key-management command (generate, derive, wrap, unwrap), counted in the metrics if any. */
  <T> T keyManagement(
      AuditEvent event,
      HsmUtilization.Metric metric,
      long sessionHandle,
      String text,
      Command<T> body)
      throws HsmException {
    if (metric != null) {
      hsm.utilization().count(sessionHandle, metric);
    }
    return command(event, sessionHandle, text, body);
  }

  private HsmObject visibleKey(long sessionHandle, long keyHandle) {
    try {
      Session s = hsm.session(sessionHandle);
      return hsm.partition(s.partitionId).objects.get(keyHandle);
    } catch (HsmException e) {
      return null;
    }
  }

  private interface ContextSource {
    Context get();
  }

  private <T> T run(
      AuditEvent event,
      Context before,
      ContextSource after,
      String text,
      AuditEntry.KeyKind kind,
      boolean firstUse,
      Command<T> body)
      throws HsmException {
    admit(event);
    T result;
    try {
      result = body.run();
    } catch (HsmException e) {
      record(event, before, after.get(), text + ": " + e.detail(), e.returnCode(), kind, firstUse);
      throw e;
    } catch (RuntimeException e) {
      record(event, before, after.get(), text + ": " + e, Ckr.GENERAL_ERROR, kind, firstUse);
      throw e;
    }
    record(event, before, after.get(), text, Ckr.OK, kind, firstUse);
    return result;
  }

  /** Runs before every command, so it takes no lock: the log admits by a volatile read. */
  private void admit(AuditEvent event) throws HsmException {
    AuditLog l = log;
    if (l != null) {
      l.checkAdmission(event);
    }
  }

  private void record(
      AuditEvent event,
      Context before,
      Context after,
      String text,
      long rc,
      AuditEntry.KeyKind kind,
      boolean firstUse)
      throws HsmException {
    // The role is who acted: still logged in after the command, or (logout, a session closed)
    // before it. A command that moved the session off its partition keeps the earlier place.
    if (!wanted(event, rc, kind, firstUse)) {
      return;
    }
    Context c =
        after.role() != null && after.partition().equals(before.partition()) ? after : before;
    AuditEntry.Builder b =
        AuditEntry.of(event, rc).partition(c.partition()).role(c.auditRole()).text(clip(text));
    if (event.isKeyUsage()) {
      b.keyUse(kind, firstUse);
    }
    record(b.build());
  }

  /** Whether the log would keep this outcome: the log's own test, on the mask read lock-free. */
  private boolean wanted(AuditEvent event, long rc, AuditEntry.KeyKind kind, boolean firstUse) {
    EventMask m = mask;
    if (m == null || event.isUnconditional()) {
      return true;
    }
    AuditCategory category =
        !event.isKeyUsage()
            ? event.category()
            : kind == AuditEntry.KeyKind.SYMMETRIC
                ? AuditCategory.SYMMETRIC_KEY_USAGE
                : AuditCategory.ASYMMETRIC_KEY_USAGE;
    return m.admits(category, AuditOutcome.of(rc), firstUse);
  }

  private static String clip(String text) {
    return text.length() <= AuditEntry.MAX_TEXT_LENGTH
        ? text
        : text.substring(0, AuditEntry.MAX_TEXT_LENGTH);
  }

  private synchronized void record(AuditEntry entry) throws HsmException {
    if (log == null || hsm.isHalted() && entry.event() != AuditEvent.TAMPER) {
      return;
    }
    if (log.record(entry).isPresent()) {
      persist();
    }
  }

  /** Records an event the device raised itself (tamper, decommission), whatever the mask says. */
  synchronized void deviceEvent(AuditEvent event, String text) {
    try {
      record(AuditEntry.of(event, Ckr.OK).text(clip(text)).build());
    } catch (HsmException e) {
      // The device reacts to the event regardless; a failed flash write cannot stop that.
    }
  }

  // ---------------------------------------------------------------- log management commands

  /** The current configuration ({@code audit config show}). */
  public synchronized AuditConfig config() throws HsmException {
    hsm.gate(Hsm.Access.STATUS);
    return log.config();
  }

  /** {@code audit status}. */
  public synchronized AuditStatus status() throws HsmException {
    hsm.gate(Hsm.Access.STATUS);
    return log.status();
  }

  /** The newest record's HMAC: what a complete log must end with. */
  public synchronized byte[] lastHmac() {
    return log.lastHmac();
  }

  /** The sequence number of the newest record (0 before the first). */
  public synchronized long lastSequence() {
    return log.lastSequence();
  }

  /** The records held in the device, not yet rotated into files. */
  public synchronized List<AuditRecord> bufferedRecords() {
    return log.bufferedRecords();
  }

  /** The fingerprint of this HSM's log secret (never the secret). */
  public synchronized String secretFingerprint() {
    return ring.own().fingerprint();
  }

  /**
   * Applies one setting: {@code path P}, {@code evmask all}, {@code interval daily}, {@code size
   * 4m}.
   */
  public void configure(long sessionHandle, String setting) throws HsmException {
    command(
        AuditEvent.LOG_SET_CONFIG,
        sessionHandle,
        setting,
        () -> {
          requireLogManager(sessionHandle);
          synchronized (this) {
            AuditConfig next = log.config().apply(setting);
            if (next.path().isPresent() && !next.path().equals(log.config().path())) {
              checkWritable(next.path().get());
            }
            log.configure(next);
            keyUsageAudited = auditsKeyUsage(next.mask());
            mask = next.mask();
            persist();
          }
          return null;
        });
  }

  private static void checkWritable(Path dir) throws HsmException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "audit path " + dir + " cannot be created: " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "audit path " + dir + " is not writable");
    }
  }

  /** {@code CA_LogExternal}: an application's own message, recorded in the external category. */
  public void logExternal(long sessionHandle, String message) throws HsmException {
    if (message == null || message.isEmpty() || message.length() > AuditEntry.MAX_TEXT_LENGTH) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "an external audit message is 1-" + AuditEntry.MAX_TEXT_LENGTH + " characters");
    }
    if (message.chars().anyMatch(c -> c < 0x20)) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "an external audit message may not contain control characters");
    }
    command(
        AuditEvent.LOG_EXTERNAL_MESSAGE,
        sessionHandle,
        message,
        () -> {
          hsm.session(sessionHandle);
          hsm.gate(Hsm.Access.NORMAL);
          return null;
        });
  }

  /** {@code audit time sync}: from now on records carry {@code hostTime}-based time. */
  public void syncTime(long sessionHandle, Instant hostTime) throws HsmException {
    command(
        AuditEvent.LOG_SET_TIME,
        sessionHandle,
        "sync to " + hostTime,
        () -> {
          requireLogManager(sessionHandle);
          synchronized (this) {
            Duration previous = clock.offset();
            clock.syncTo(hostTime);
            try {
              hsm.commit(
                  new FlashStore.Batch()
                      .put(
                          CLOCK_KEY,
                          ByteBuffer.allocate(8).putLong(clock.offset().toMillis()).array()));
            } catch (HsmException e) {
              clock.setOffset(previous);
              throw e;
            }
          }
          return null;
        });
  }

  /** {@code audit time get}: the time the log stamps records with. */
  public Instant time() throws HsmException {
    hsm.gate(Hsm.Access.STATUS);
    return clock.instant();
  }

  /** Sets the audit domain that export and import wrap the log secret under (Auditor). */
  public void setDomain(long sessionHandle, String newDomain) throws HsmException {
    command(
        AuditEvent.LOG_SET_CONFIG,
        sessionHandle,
        "set audit domain",
        () -> {
          requireLogManager(sessionHandle);
          io.selenehsm.firmware.role.PasswordRules.checkDomain(newDomain);
          synchronized (this) {
            byte[] d = AuditSecret.domainOf(newDomain);
            hsm.commit(new FlashStore.Batch().put(DOMAIN_KEY, d));
            domain = d;
          }
          return null;
        });
  }

  /** {@code audit export}: the log secret wrapped under the audit domain. */
  public String exportSecret(long sessionHandle) throws HsmException {
    return command(
        AuditEvent.LOG_EXPORT_SECRET,
        sessionHandle,
        "export log secret",
        () -> {
          requireLogManager(sessionHandle);
          synchronized (this) {
            return ring.exportOwn(requireDomain(), hsm.options().random());
          }
        });
  }

  /**
   * {@code audit import}: another HSM's log secret (same audit domain) goes into its own slot, so
   * this device can verify that HSM's logs while keeping its own secret.
   *
   * @return the serial of the HSM whose secret was imported
   */
  public String importSecret(long sessionHandle, String file) throws HsmException {
    return command(
        AuditEvent.LOG_IMPORT_SECRET,
        sessionHandle,
        "import log secret",
        () -> {
          requireLogManager(sessionHandle);
          synchronized (this) {
            byte[] before = ring.encode();
            String serial = ring.importWrapped(file, requireDomain());
            try {
              hsm.commit(new FlashStore.Batch().put(SECRETS_KEY, ring.encode()));
            } catch (HsmException e) {
              ring = AuditSecretRing.decode(before);
              throw e;
            }
            return serial;
          }
        });
  }

  private byte[] requireDomain() throws HsmException {
    if (domain == null) {
      throw new HsmException(
          Ckr.USER_PIN_NOT_INITIALIZED, "no audit domain is set; set it with role setdomain first");
    }
    return domain;
  }

  /**
   * {@code audit verify}: verifies log files (in the order given) with the secret of the HSM that
   * wrote them. When the files are this HSM's and include its newest rotated file, the records
   * still held in the device are appended and the whole must end at the stored chain head, so
   * records cut from the end of the newest file are detected. Older files of this HSM must end
   * right before the record that follows them (the first of the next rotated file, or the oldest
   * one held in the device), whose previous-HMAC field proves their newest record.
   */
  public VerificationResult verify(long sessionHandle, List<Path> files) throws HsmException {
    return command(
        AuditEvent.LOG_VERIFY,
        sessionHandle,
        "verify " + files.size() + " file(s)",
        () -> {
          hsm.session(sessionHandle);
          hsm.gate(Hsm.Access.NORMAL);
          List<String> lines = new ArrayList<>();
          for (Path f : files) {
            lines.addAll(readLines(f));
          }
          if (lines.isEmpty()) {
            throw new HsmException(Ckr.ARGUMENTS_BAD, "no audit records in " + files);
          }
          String serial = AuditRecord.parse(lines.get(0)).hsmSerial();
          AuditVerifier v;
          synchronized (this) {
            v = ring.verifierFor(serial);
            if (serial.equals(hsm.serial()) && includesNewestRotated(files)) {
              for (AuditRecord r : log.bufferedRecords()) {
                lines.add(r.toLine());
              }
              v = v.expectingHead(log.lastSequence(), log.lastHmac());
            } else if (serial.equals(hsm.serial())) {
              Optional<AuditRecord> next = successorOf(lines.get(lines.size() - 1));
              if (next.isPresent()) {
                v = v.endingBefore(next.get());
              }
            }
          }
          return v.verify(lines);
        });
  }

  private static List<String> readLines(Path f) throws HsmException {
    try {
      String content = Files.readString(f, UTF_8);
      if (content.isEmpty()) {
        return List.of();
      }
      String body = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
      return List.of(body.split("\n", -1));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "cannot read audit log file " + f + ": " + e.getMessage());
    }
  }

  /**
   * The record that must follow a run ending with {@code lastLine}: the oldest record this HSM
   * still knows with a higher sequence number (the first of the next rotated file, or the oldest
   * one held in the device). If numbers are missing before it, the run was cut short, unless that
   * record is the {@link AuditEvent#LOG_CLEAR} that explains them. Empty when no such record is
   * found (the line is malformed, or no later record is known); the run is then verified on its
   * own.
   */
  private Optional<AuditRecord> successorOf(String lastLine) {
    long last;
    try {
      last = AuditRecord.parse(lastLine).sequence();
    } catch (HsmException e) {
      return Optional.empty();
    }
    return nextKnownAfter(last)
        .filter(r -> r.sequence() == last + 1 || r.event() != AuditEvent.LOG_CLEAR);
  }

  private Optional<AuditRecord> nextKnownAfter(long last) {
    Optional<Path> dir = log.config().path();
    if (dir.isPresent()) {
      try {
        for (Path f : AuditVerifier.rotatedFiles(dir.get(), hsm.serial())) {
          String name = f.getFileName().toString();
          long first =
              Long.parseLong(
                  name.substring(name.lastIndexOf('_') + 1, name.length() - ".log".length()));
          if (first > last) {
            List<String> lines = readLines(f);
            return lines.isEmpty()
                ? Optional.empty()
                : Optional.of(AuditRecord.parse(lines.get(0)));
          }
        }
      } catch (IOException | HsmException e) {
        // an unreadable or malformed next file proves nothing; its own verification reports it
        return Optional.empty();
      }
    }
    List<AuditRecord> held = log.bufferedAfter(last);
    return held.isEmpty() ? Optional.empty() : Optional.of(held.get(0));
  }

  private boolean includesNewestRotated(List<Path> files) {
    Optional<Path> dir = log.config().path();
    if (dir.isEmpty()) {
      return false;
    }
    try {
      List<Path> rotated = AuditVerifier.rotatedFiles(dir.get(), hsm.serial());
      if (rotated.isEmpty()) {
        return false;
      }
      Path newest = rotated.get(rotated.size() - 1).toAbsolutePath().normalize();
      return files.stream().anyMatch(f -> f.toAbsolutePath().normalize().equals(newest));
    } catch (IOException e) {
      return false;
    }
  }

  /** Rotates the buffered records into a file under the configured path now. */
  public Optional<Path> rotate(long sessionHandle) throws HsmException {
    return command(
        AuditEvent.LOG_SET_CONFIG,
        sessionHandle,
        "rotate",
        () -> {
          requireLogManager(sessionHandle);
          synchronized (this) {
            Optional<Path> file = log.rotate();
            persist();
            return file;
          }
        });
  }

  /** The Auditor empties the in-device buffer (the way out of LOG FULL without a rotation path). */
  public int clear(long sessionHandle) throws HsmException {
    Session s = hsm.session(sessionHandle);
    hsm.gate(Hsm.Access.NORMAL);
    requireLogManager(sessionHandle);
    if (hsm.roleOf(s) != Role.AUDITOR) {
      throw new HsmException(Ckr.USER_NOT_AUTHORIZED, "only the Auditor clears the audit log");
    }
    synchronized (this) {
      int n = log.clear();
      persist();
      return n;
    }
  }

  private void requireLogManager(long sessionHandle) throws HsmException {
    Session s = hsm.session(sessionHandle);
    hsm.gate(Hsm.Access.NORMAL);
    Role role = hsm.roleOf(s);
    Role needed = hsm.hasAuditor() ? Role.AUDITOR : Role.HSM_SO;
    if (s.partitionId != Hsm.ADMIN_PARTITION || role != needed) {
      throw new HsmException(
          role == null ? Ckr.USER_NOT_LOGGED_IN : Ckr.USER_NOT_AUTHORIZED,
          "audit logging is managed by the "
              + (needed == Role.AUDITOR ? "Auditor" : "HSM SO" + " until the Auditor role exists")
              + " on the admin partition");
    }
  }
}
