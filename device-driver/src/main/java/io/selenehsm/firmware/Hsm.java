package io.selenehsm.firmware;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.lifecycle.AdminAction;
import io.selenehsm.firmware.lifecycle.HsmStatus;
import io.selenehsm.firmware.lifecycle.PartitionAction;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.object.KeyPurpose;
import io.selenehsm.firmware.object.ObjectRules;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyDefinition;
import io.selenehsm.firmware.policy.PolicyTemplate;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Credential;
import io.selenehsm.firmware.role.PasswordRules;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.store.FlashStore;
import io.selenehsm.firmware.store.FlashStoreOptions;
import io.selenehsm.firmware.store.FlashStores;
import io.selenehsm.firmware.store.StoreCorruptedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One emulated HSM: the firmware engine behind a device. Every public method is one command with
 * Cryptoki semantics; failures are {@link HsmException}s carrying a {@code CKR_*} code and a
 * message naming what was wrong, and leave all committed state untouched.
 *
 * <p>Design notes. State is split by how it changes. The admin partition's record ({@link
 * DeviceRecord}) and each application partition's record ({@link PartitionRecord}) are immutable
 * values swapped under {@link #admin} after their flash commit succeeds; object sets change under
 * their partition's lock. Crypto operations read immutable objects and take no lock. The order is
 * always: validate, commit to flash, publish in memory, return, so a crash or a failed write never
 * leaves memory ahead of flash. Partition 0 is the admin partition.
 */
public final class Hsm implements AutoCloseable {
  /** Consecutive bad HSM SO logins that zeroize the HSM (fixed by the device). */
  public static final int SO_LOGIN_LIMIT = 3;

  /** Consecutive bad Auditor logins that lock the role out for {@link #AUDITOR_LOCKOUT}. */
  public static final int AUDITOR_LOGIN_LIMIT = 3;

  public static final Duration AUDITOR_LOCKOUT = Duration.ofMinutes(10);
  public static final int ADMIN_PARTITION = 0;

  /** Flash entry marking the state format (partition keys, sealed secrets). */
  static final String FORMAT_KEY = "format";

  private final HsmOptions options;

  /** OUIDs of new objects (unique, not secret). */
  private final OuidSource ouids;

  private final ReentrantLock admin = new ReentrantLock();
  private final ConcurrentHashMap<Integer, Partition> partitions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<LoginKey, Role> logins = new ConcurrentHashMap<>();

  /**
   * Counts changes of {@link #logins}: bumped after every login, logout and clearing, so a decision
   * that depended on a session's role (the key-use grant a session caches) is known stale when the
   * count moved since it was made. Written on login changes only; the crypto path just reads it.
   */
  private final AtomicLong loginEpoch = new AtomicLong();

  private final AtomicLong nextSession = new AtomicLong(1);
  private volatile FlashStore store;

  /** An in-memory device's flash: like real flash it outlives restarts. */
  private FlashStore memoryFlash;

  private volatile DeviceRecord device;

  /** Why the device is halted (stored data integrity, tamper), or null when it runs. */
  private volatile String halted;

  private final HsmCrypto crypto;
  private final HsmSks sks;
  private final HsmCloning cloning;
  private final HsmAudit audit = new HsmAudit(this);
  private final HsmUtilization utilization = new HsmUtilization(this);
  private final HsmQuorum quorum = new HsmQuorum(this);
  private final HsmKeyAuthorization keyAuthorization = new HsmKeyAuthorization(this);

  private record LoginKey(int partition, long appId) {}

  private Hsm(HsmOptions options) {
    this.options = options;
    this.ouids = new OuidSource(options.random());
    this.crypto = new HsmCrypto(this);
    this.sks = new HsmSks(this);
    this.cloning = new HsmCloning(this);
  }

  /** Scalable Key Storage: SMKs, extract and insert of blobs, signing from a blob. */
  public HsmSks sks() {
    return sks;
  }

  /** The cryptographic commands (key generation, sign, encrypt, wrap, derive, digest...). */
  public HsmCrypto crypto() {
    return crypto;
  }

  /** Cloning, SMK cloning and Backup HSM containers. */
  public HsmCloning cloning() {
    return cloning;
  }

  /** The audit log: configuration, status, verification, secret export and import. */
  public HsmAudit audit() {
    return audit;
  }

  /** Partition utilization metrics (HSM policy 49). */
  public HsmUtilization utilization() {
    return utilization;
  }

  /** Quorum (PED) authentication: iKey roles, PED login, activation. */
  public HsmQuorum quorum() {
    return quorum;
  }

  /** Per-key authorization (V1 partitions with policy 40). */
  public HsmKeyAuthorization keyAuthorization() {
    return keyAuthorization;
  }

  /** Powers the device on: opens its flash, loads state, or halts on a corrupted store. */
  public static Hsm open(HsmOptions options) throws HsmException {
    Hsm hsm = new Hsm(options);
    hsm.powerOn();
    return hsm;
  }

  private void powerOn() throws HsmException {
    try {
      if (options.stateDirectory() == null && memoryFlash == null) {
        memoryFlash = FlashStores.inMemory();
      }
      store =
          options.stateDirectory() == null
              ? memoryFlash
              : FlashStores.open(
                  options.stateDirectory(),
                  options.random(),
                  FlashStoreOptions.defaults().withMasterKey(options.masterKey()));
      halted = null;
      load();
    } catch (StoreCorruptedException e) {
      haltForIntegrity(e.detail());
    }
  }

  private void haltForIntegrity(String why) {
    if (store != null) {
      store.close();
      store = null;
    }
    forgetPartitions();
    sessions.clear();
    logins.clear();
    loginEpoch.incrementAndGet();
    halted = "stored data integrity failure: " + why;
  }

  /**
   * A state directory of the format before partition keys (object keys in the clear under an
   * in-directory KEK) is refused rather than converted: its secrets were never protected by a role
   * secret, so converting would promise what a copy taken earlier does not keep.
   */
  private void haltForPreviousFormat() {
    haltForIntegrity(
        "the state of HSM "
            + serial()
            + " in "
            + options.stateDirectory()
            + " was written by an earlier Selene whose keys are not sealed under partition keys;"
            + " take out what you need with that version (partition archive backup, or keys"
            + " exported by the application), then re-create the device: run a factory reset"
            + " (hsm factoryreset) or delete the directory, and set it up again");
  }

  /** Loads state from flash; a record that does not decode halts the device like corruption. */
  private void load() throws HsmException {
    try {
      byte[] rec = store.get(DeviceRecord.KEY);
      if (rec != null && store.get(FORMAT_KEY) == null) {
        haltForPreviousFormat();
        return;
      }
      if (rec == null) {
        DeviceRecord fresh =
            Lifecycle.factoryFresh(options.model(), !options.shipZeroized(), randomBytes(32));
        store.commit(
            new FlashStore.Batch()
                .put(DeviceRecord.KEY, fresh.encode())
                .put(FORMAT_KEY, new byte[] {(byte) PartitionRecord.FORMAT}));
        device = fresh;
      } else {
        device = DeviceRecord.decode(rec);
      }
      forgetPartitions();
      for (Map.Entry<String, byte[]> e : store.scan("part/").entrySet()) {
        PartitionRecord pr = PartitionRecord.decode(e.getValue());
        long maxHandle = 0;
        Partition p = new Partition(pr, 1);
        for (byte[] o : store.scan(Partition.objectPrefix(pr.id())).values()) {
          HsmObject obj = PartitionKey.decodeClear(o);
          if (PartitionKey.isSealed(o)) {
            p.sealed.put(obj.handle(), o);
          }
          p.objects.put(obj.handle(), obj);
          p.usedBytes.addAndGet(obj.attributes().storageBytes());
          maxHandle = Math.max(maxHandle, obj.handle());
        }
        p.nextHandle.set(maxHandle + 1);
        partitions.put(pr.id(), p);
      }
      audit.load(store);
    } catch (IOException | RuntimeException e) {
      haltForIntegrity("a stored record does not decode: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- status

  public String serial() {
    return options.serial();
  }

  public HsmModel model() {
    return options.model();
  }

  public HsmOptions options() {
    return options;
  }

  public String status() {
    DeviceRecord d = device;
    return HsmStatus.describe(
        d != null && d.transportMode(),
        d == null || d.zeroized(),
        false,
        halted != null && halted.startsWith("tamper"),
        halted != null && !halted.startsWith("tamper"));
  }

  public boolean isHalted() {
    return halted != null;
  }

  public boolean isZeroized() {
    return device == null || device.zeroized();
  }

  /** Whether the Auditor role exists (then only it manages the audit log). */
  public boolean hasAuditor() {
    DeviceRecord d = device;
    return d != null && d.auditor() != null;
  }

  public boolean isInTransportMode() {
    return device != null && device.transportMode();
  }

  public HsmInfo info() {
    DeviceRecord d = device;
    boolean up = d != null;
    return new HsmInfo(
        serial(),
        options.model().displayName(),
        up ? d.label() : null,
        status(),
        firmwareVersion(),
        up && d.initialized(),
        up && d.auditor() != null,
        up && d.so() != null ? d.so().failures() : 0,
        partitions.size(),
        up ? d.policies().get(HsmPolicies.MAX_PARTITIONS) : 0,
        crypto.selfTestReport().failures().stream().map(f -> f.test()).toList());
  }

  public static String firmwareVersion() {
    int[] f = HsmModel.FIRMWARE;
    return f[0] + "." + f[1] + "." + f[2];
  }

  /** Ids of the application partitions that exist, ascending. */
  public List<Integer> partitionIds() {
    List<Integer> ids = new ArrayList<>(partitions.keySet());
    Collections.sort(ids);
    return ids;
  }

  public boolean hasPartition(int id) {
    return partitions.containsKey(id);
  }

  /** The serial of an application partition: the HSM serial followed by the partition index. */
  public String partitionSerial(int id) {
    // As String.format("%03d", id), without the formatter: partition info is read on every SKS
    // insert (the key cache sizes itself by the partition's free room).
    if (id < 0) {
      return options.serial() + String.format("%03d", id);
    }
    String n = Integer.toString(id);
    return options.serial() + "000".substring(Math.min(3, n.length())) + n;
  }

  /**
   * A partition as operators know it, by label and serial; the internal id means nothing outside
   * the engine.
   */
  String named(Partition p) {
    String label = p.record.initialized() ? p.record.label() : null;
    return "partition "
        + (label != null
            ? "'" + label + "' (serial " + partitionSerial(p.id) + ")"
            : "serial " + partitionSerial(p.id));
  }

  public PartitionInfo partitionInfo(int id) throws HsmException {
    gate(Access.STATUS);
    Partition p = partition(id);
    PartitionRecord r = p.record;
    long total = options.model().partitionBytes();
    long used = HsmModel.PARTITION_OVERHEAD + p.usedBytes.get();
    Credential co = r.credential(Role.CRYPTO_OFFICER);
    Credential cu = r.credential(Role.CRYPTO_USER);
    return new PartitionInfo(
        id,
        partitionSerial(id),
        r.label(),
        r.initialized(),
        r.version(),
        total,
        used,
        total - used,
        HsmModel.PARTITION_OVERHEAD,
        p.tokenObjectCount(),
        co != null,
        cu != null,
        co != null && co.lockedOut(),
        cu != null && cu.lockedOut());
  }

  public PolicyValues hsmPolicies() throws HsmException {
    gate(Access.STATUS);
    return device.policies();
  }

  public PolicyValues partitionPolicies(int id) throws HsmException {
    gate(Access.STATUS);
    return partition(id).record.policies();
  }

  public Map<Integer, Integer> capabilities() {
    return options.model().capabilities();
  }

  /** The HSM policy template of the current values, in the template file format. */
  public String exportHsmPolicyTemplate() throws HsmException {
    gate(Access.STATUS);
    DeviceRecord d = device;
    return PolicyTemplate.format(
        List.of(
            "Selene HSM policy template, firmware " + firmwareVersion(),
            "From HSM: " + (d.label() == null ? "" : d.label()) + ", serial " + serial()),
        HsmPolicies.ALL,
        d.policies());
  }

  public String exportPartitionPolicyTemplate(int id) throws HsmException {
    gate(Access.STATUS);
    Partition p = partition(id);
    return PolicyTemplate.format(
        List.of(
            "Selene partition policy template, firmware " + firmwareVersion(),
            "From partition: "
                + (p.record.label() == null ? "" : p.record.label())
                + ", serial "
                + partitionSerial(id)),
        PartitionPolicies.ALL,
        p.record.policies());
  }

  // ---------------------------------------------------------------- access gate

  /** What a command needs from the device's state. */
  enum Access {
    /**
     * Read-only status, served in any state except a stored-data-integrity halt: then there is no
     * trustworthy state to report ({@link #status()} and {@link #info()} still answer).
     */
    STATUS,
    /** Factory reset: the way out of a halt. */
    RECOVERY,
    /** Allowed in Secure Transport Mode: SO login, STM recovery, zeroize. */
    TRANSPORT,
    /** Everything else. */
    NORMAL
  }

  void gate(Access access) throws HsmException {
    String h = halted;
    if (h != null
        && access != Access.RECOVERY
        && (access != Access.STATUS || !h.startsWith("tamper"))) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "HSM "
              + serial()
              + " is halted ("
              + h
              + ")"
              + (h.startsWith("tamper") ? "; restart it" : "; a factory reset recovers it"));
    }
    if (h == null && access == Access.NORMAL && device.transportMode()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM " + serial() + " is in Secure Transport Mode; recover it with stm recover first");
    }
  }

  // ---------------------------------------------------------------- sessions and login

  /** Opens a session on partition {@code partitionId} (0 = admin) for application {@code appId}. */
  public long openSession(int partitionId, long appId, boolean readWrite) throws HsmException {
    return audit.onPartition(
        AuditEvent.OPEN_SESSION,
        partitionId,
        "application " + appId,
        () -> openSessionCommand(partitionId, appId, readWrite));
  }

  private long openSessionCommand(int partitionId, long appId, boolean readWrite)
      throws HsmException {
    gate(Access.TRANSPORT);
    if (partitionId != ADMIN_PARTITION) {
      partition(partitionId);
    }
    long h = nextSession.getAndIncrement();
    sessions.put(h, new Session(h, partitionId, appId, readWrite));
    return h;
  }

  /** Closes a session, destroying its session objects; the last session of an app logs it out. */
  public void closeSession(long handle) throws HsmException {
    audit.action(
        AuditEvent.CLOSE_SESSION, handle, "session " + handle, () -> closeSessionCommand(handle));
  }

  private void closeSessionCommand(long handle) throws HsmException {
    gate(Access.TRANSPORT);
    Session s = sessions.remove(handle);
    if (s == null) {
      throw new HsmException(Ckr.SESSION_HANDLE_INVALID, "no open session " + handle);
    }
    dropSessionObjects(s);
    boolean appStillOpen =
        sessions.values().stream()
            .anyMatch(o -> o.partitionId == s.partitionId && o.appId == s.appId);
    if (!appStillOpen) {
      if (logins.remove(new LoginKey(s.partitionId, s.appId)) != null) {
        loginEpoch.incrementAndGet();
        dropDecodedKeys(s.partitionId);
      }
      closeIfDeactivated(s.partitionId);
    }
  }

  /** A login ended on the partition: SKS keys decoded under it go (see SksDecodedKeys). */
  private void dropDecodedKeys(int partitionId) {
    Partition p = partitions.get(partitionId);
    if (p != null) {
      p.sksKeys.clear();
    }
  }

  public void closeAllSessions(int partitionId, long appId) {
    for (Session s : List.copyOf(sessions.values())) {
      if (s.partitionId == partitionId && s.appId == appId) {
        sessions.remove(s.handle);
        dropSessionObjects(s);
      }
    }
    logins.remove(new LoginKey(partitionId, appId));
    loginEpoch.incrementAndGet();
    dropDecodedKeys(partitionId);
  }

  public int openSessionCount() {
    return sessions.size();
  }

  public SessionInfo sessionInfo(long handle) throws HsmException {
    Session s = session(handle);
    return new SessionInfo(s.handle, s.partitionId, s.readWrite, roleOf(s));
  }

  private void dropSessionObjects(Session s) {
    Partition p = partitions.get(s.partitionId);
    if (p != null) {
      p.objects.values().removeIf(o -> o.ownerSession() == s.handle);
    }
  }

  Session session(long handle) throws HsmException {
    // A halt drops every session; the caller must learn of the halt, not of a bad handle.
    gate(Access.TRANSPORT);
    Session s = sessions.get(handle);
    if (s == null) {
      throw new HsmException(Ckr.SESSION_HANDLE_INVALID, "no open session " + handle);
    }
    return s;
  }

  Role roleOf(Session s) {
    return logins.get(new LoginKey(s.partitionId, s.appId));
  }

  /** The count of login changes so far; read it before a decision that depends on a role. */
  long loginEpoch() {
    return loginEpoch.get();
  }

  /**
   * True while nothing a key-use grant was decided on has changed: no login or logout on this HSM,
   * the session's partition is the same instance with the same record (policies, credentials,
   * initialization), nothing in it is sealed, and the key is the same object (an attribute change,
   * a destroy or the end of its owning session replace or remove it).
   */
  @SuppressWarnings("ReferenceEquality") // the very instances the grant was decided on
  boolean stillGranted(Session s, KeyUseGrant g) {
    Partition p = g.partition();
    return g.loginEpoch() == loginEpoch.get()
        && partitions.get(s.partitionId) == p
        && p.record == g.record()
        && p.sealed.isEmpty()
        && p.objects.get(g.handle()) == g.object();
  }

  Partition partition(int id) throws HsmException {
    Partition p = partitions.get(id);
    if (p == null) {
      throw new HsmException(
          Ckr.TOKEN_NOT_PRESENT, "HSM " + serial() + " has no application partition " + id);
    }
    return p;
  }

  /**
   * Logs the session's application in as {@code role}. A missing or malformed secret is refused
   * without touching the failure counter; only a wrong secret counts.
   */
  public void login(long sessionHandle, Role role, char[] pin) throws HsmException {
    audit.action(
        AuditEvent.LOGIN,
        sessionHandle,
        "login as " + role.shortName(),
        () -> loginCommand(sessionHandle, role, quorum.passwordFor(sessionHandle, role, pin)));
  }

  void loginCommand(long sessionHandle, Role role, char[] pin) throws HsmException {
    Session s = session(sessionHandle);
    gate(role == Role.HSM_SO ? Access.TRANSPORT : Access.NORMAL);
    boolean adminSlot = s.partitionId == ADMIN_PARTITION;
    if (role.isAdmin() != adminSlot) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "role "
              + role.shortName()
              + " belongs to "
              + (role.isAdmin() ? "the admin partition" : "an application partition")
              + ", not partition "
              + s.partitionId);
    }
    Role current = roleOf(s);
    if (current != null) {
      throw new HsmException(
          current == role ? Ckr.USER_ALREADY_LOGGED_IN : Ckr.USER_ANOTHER_ALREADY_LOGGED_IN,
          "already logged in as " + current.shortName());
    }
    PasswordRules.checkOffered(pin);
    if (role == Role.PARTITION_SO
        && sessions.values().stream()
            .anyMatch(o -> o.partitionId == s.partitionId && o.appId == s.appId && !o.readWrite)) {
      throw new HsmException(
          Ckr.SESSION_READ_ONLY_EXISTS,
          "the Partition SO cannot log in while this application has read-only sessions open");
    }
    authenticate(s, role, pin);
    logins.put(new LoginKey(s.partitionId, s.appId), role);
    loginEpoch.incrementAndGet();
  }

  /** Verifies a role's secret, counting failures and applying the role's lockout rule. */
  private void authenticate(Session s, Role role, char[] pin) throws HsmException {
    admin.lock();
    try {
      if (role.isAdmin()) {
        authenticateAdminRole(role, pin);
      } else {
        authenticatePartitionRole(partition(s.partitionId), role, pin);
      }
    } finally {
      admin.unlock();
    }
  }

  private void authenticateAdminRole(Role role, char[] pin) throws HsmException {
    DeviceRecord d = device;
    if (role == Role.HSM_SO) {
      if (d.so() == null) {
        throw new HsmException(
            Ckr.USER_PIN_NOT_INITIALIZED,
            "HSM " + serial() + " has no HSM SO; initialize the HSM first");
      }
      if (d.so().verify(pin)) {
        // In transport mode a success keeps the count, so the STM verification string shows
        // every failed attempt made while the HSM was in transit.
        if (d.so().failures() != 0 && !d.transportMode()) {
          commitDevice(d.withSo(d.so().withSuccess()));
        }
        return;
      }
      Credential failed = d.so().withFailure();
      if (failed.failures() >= SO_LOGIN_LIMIT) {
        applyAdminAction(AdminAction.ZEROIZE);
        throw new HsmException(
            Ckr.SO_LOGIN_FAILURE_THRESHOLD,
            SO_LOGIN_LIMIT
                + " consecutive failed HSM SO logins: HSM "
                + serial()
                + " has been zeroized");
      }
      commitDevice(d.withSo(failed));
      throw new HsmException(
          Ckr.PIN_INCORRECT,
          "wrong HSM SO password; "
              + (SO_LOGIN_LIMIT - failed.failures())
              + " attempt(s) left before the HSM is zeroized");
    }
    if (d.auditor() == null) {
      throw new HsmException(Ckr.USER_PIN_NOT_INITIALIZED, "the Auditor role is not initialized");
    }
    long now = options.time().millis();
    if (d.auditor().lockedUntilMillis() > now) {
      throw new HsmException(
          Ckr.AUDIT_LOGIN_TIMEOUT_IN_PROGRESS,
          "the Auditor is locked out for "
              + Duration.ofMillis(d.auditor().lockedUntilMillis() - now).toSeconds()
              + " more seconds");
    }
    if (d.auditor().verify(pin)) {
      if (d.auditor().failures() != 0) {
        commitDevice(d.withAuditor(d.auditor().withSuccess()));
      }
      return;
    }
    Credential failed = d.auditor().withFailure();
    if (failed.failures() >= AUDITOR_LOGIN_LIMIT) {
      commitDevice(d.withAuditor(failed.lockedUntil(now + AUDITOR_LOCKOUT.toMillis())));
      throw new HsmException(
          Ckr.AUDIT_LOGIN_FAILURE_THRESHOLD,
          AUDITOR_LOGIN_LIMIT
              + " consecutive failed Auditor logins: the role is locked out for "
              + AUDITOR_LOCKOUT.toMinutes()
              + " minutes");
    }
    commitDevice(d.withAuditor(failed));
    throw new HsmException(Ckr.PIN_INCORRECT, "wrong Auditor password");
  }

  @SuppressWarnings("ReferenceEquality") // the same record back means "unchanged": skip the commit
  private void authenticatePartitionRole(Partition p, Role role, char[] pin) throws HsmException {
    PartitionRecord r = p.record;
    if (!r.initialized()) {
      throw new HsmException(Ckr.USER_PIN_NOT_INITIALIZED, named(p) + " is not initialized");
    }
    Credential c = r.credential(role);
    if (c == null) {
      throw new HsmException(
          Ckr.USER_PIN_NOT_INITIALIZED,
          "role " + role.shortName() + " is not initialized on " + named(p));
    }
    if (c.lockedOut()) {
      throw new HsmException(
          Ckr.PIN_LOCKED,
          "role "
              + role.shortName()
              + " of "
              + named(p)
              + " is locked out after too many failed logins");
    }
    Credential.Unlock unlock = c.unlock(pin);
    if (unlock.verified()) {
      activate(p, unlock.pok());
      r = p.record;
      c = r.credential(role);
      PartitionRecord next =
          HsmSks.withSmkOnFirstLogin(
              c.failures() != 0 ? r.withRole(role, c.withSuccess()) : r, role, this::randomBytes);
      if (next != r) {
        commitPartition(p, next);
      }
      return;
    }
    Credential failed = c.withFailure();
    int limit = r.policies().get(PartitionPolicies.MAX_FAILED_USER_LOGINS);
    if (failed.failures() >= limit) {
      if (role == Role.PARTITION_SO) {
        String erased = named(p);
        applyPartitionAction(p, PartitionAction.HARD_INIT, null);
        throw new HsmException(
            Ckr.PIN_LOCKED,
            limit
                + " consecutive failed Partition SO logins: "
                + erased
                + " has been erased and must be initialized again");
      }
      commitPartition(p, r.withRole(role, failed.withLockout()));
      throw new HsmException(
          Ckr.PIN_LOCKED,
          "role "
              + role.shortName()
              + " of "
              + named(p)
              + " is now locked out after "
              + limit
              + " failed logins");
    }
    commitPartition(p, r.withRole(role, failed));
    throw new HsmException(
        Ckr.PIN_INCORRECT,
        "wrong password for role "
            + role.shortName()
            + " of "
            + named(p)
            + "; "
            + (limit - failed.failures())
            + " attempt(s) left");
  }

  public void logout(long sessionHandle) throws HsmException {
    audit.action(AuditEvent.LOGOUT, sessionHandle, "logout", () -> logoutCommand(sessionHandle));
  }

  private void logoutCommand(long sessionHandle) throws HsmException {
    Session s = session(sessionHandle);
    if (logins.remove(new LoginKey(s.partitionId, s.appId)) == null) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN, "session " + sessionHandle + " is not logged in");
    }
    loginEpoch.incrementAndGet();
    dropDecodedKeys(s.partitionId);
    closeIfDeactivated(s.partitionId);
  }

  /**
   * Creates a role's credential: the Auditor (no other login needed), the Crypto Officer and
   * Limited Crypto Officer (by the Partition SO, resp. the Crypto Officer) and the Crypto User (by
   * the Crypto Officer).
   */
  public void initRole(long sessionHandle, Role role, char[] pin) throws HsmException {
    audit.action(
        role == Role.AUDITOR ? AuditEvent.CREATE_AUDIT_ROLE : AuditEvent.INIT_PIN,
        sessionHandle,
        "init role " + role.shortName(),
        () -> initRoleCommand(sessionHandle, role, pin));
  }

  private void initRoleCommand(long sessionHandle, Role role, char[] pin) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    PasswordRules.checkNewPassword("the " + role.shortName() + " password", pin);
    admin.lock();
    try {
      if (role == Role.AUDITOR) {
        requireSlot(s, true, role);
        DeviceRecord d = device;
        if (d.auditor() != null && roleOf(s) != Role.AUDITOR) {
          throw new HsmException(
              Ckr.USER_NOT_LOGGED_IN,
              "the Auditor already exists; log in as Auditor to initialize it again");
        }
        commitDevice(
            d.withAuditor(Credential.create(pin, options.kdfCost(), false, options.random())));
        return;
      }
      requireSlot(s, false, role);
      Partition p = partition(s.partitionId);
      Role needed = role == Role.CRYPTO_OFFICER ? Role.PARTITION_SO : Role.CRYPTO_OFFICER;
      if (role == Role.PARTITION_SO || role == Role.HSM_SO) {
        throw new HsmException(
            Ckr.USER_TYPE_INVALID,
            "role "
                + role.shortName()
                + " is created by initializing the "
                + (role == Role.HSM_SO ? "HSM" : "partition"));
      }
      requireRole(s, needed);
      if (p.record.credential(role) != null) {
        throw new HsmException(
            Ckr.OPERATION_NOT_ALLOWED,
            "role "
                + role.shortName()
                + " of "
                + named(p)
                + " already exists; reset its password instead");
      }
      commitPartition(
          p,
          p.record.withRole(
              role,
              Credential.create(
                  pin, options.kdfCost(), forcedChange(p), options.random(), activePok(p))));
    } finally {
      admin.unlock();
    }
  }

  /** Changes the logged-in role's own secret; clears a forced-change flag. */
  public void changePin(long sessionHandle, char[] oldPin, char[] newPin) throws HsmException {
    audit.action(
        AuditEvent.SET_PIN,
        sessionHandle,
        "change own password",
        () -> changePinCommand(sessionHandle, oldPin, newPin));
  }

  private void changePinCommand(long sessionHandle, char[] oldPin, char[] newPin)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    Role role = roleOf(s);
    if (role == null) {
      throw new HsmException(Ckr.USER_NOT_LOGGED_IN, "log in as the role whose password changes");
    }
    PasswordRules.checkOffered(oldPin);
    PasswordRules.checkNewPassword("the new " + role.shortName() + " password", newPin);
    authenticate(s, role, oldPin);
    admin.lock();
    try {
      if (role.isAdmin()) {
        Credential fresh = Credential.create(newPin, options.kdfCost(), false, options.random());
        commitDevice(role == Role.HSM_SO ? device.withSo(fresh) : device.withAuditor(fresh));
      } else {
        Partition p = partition(s.partitionId);
        commitPartition(
            p,
            p.record.withRole(
                role,
                Credential.create(
                    newPin, options.kdfCost(), false, options.random(), activePok(p))));
      }
    } finally {
      admin.unlock();
    }
  }

  /**
   * Resets a locked or forgotten secret: the Partition SO resets the Crypto Officer (only when HSM
   * policy 15 allows), the Crypto Officer resets the Crypto User or Limited Crypto Officer.
   */
  public void resetPin(long sessionHandle, Role target, char[] newPin) throws HsmException {
    audit.action(
        AuditEvent.INIT_PIN,
        sessionHandle,
        "reset password of " + target.shortName(),
        () -> resetPinCommand(sessionHandle, target, newPin));
  }

  private void resetPinCommand(long sessionHandle, Role target, char[] newPin) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, false, target);
    PasswordRules.checkNewPassword("the new " + target.shortName() + " password", newPin);
    admin.lock();
    try {
      Partition p = partition(s.partitionId);
      if (target == Role.CRYPTO_OFFICER) {
        requireRole(s, Role.PARTITION_SO);
        if (!device.policies().isOn(HsmPolicies.SO_CAN_RESET_PARTITION_PIN)) {
          throw new HsmException(
              Ckr.USER_NOT_AUTHORIZED,
              "HSM policy 15 (SO can reset partition"
                  + " PIN) is 0: the Crypto Officer's password cannot be reset");
        }
      } else if (target == Role.CRYPTO_USER || target == Role.LIMITED_CRYPTO_OFFICER) {
        requireRole(s, Role.CRYPTO_OFFICER);
      } else {
        throw new HsmException(
            Ckr.USER_TYPE_INVALID,
            "role " + target.shortName() + " cannot be reset; only co, cu and lco can");
      }
      if (p.record.credential(target) == null) {
        throw new HsmException(
            Ckr.USER_PIN_NOT_INITIALIZED,
            "role " + target.shortName() + " of " + named(p) + " is not initialized");
      }
      // The resetting role's login activated the partition, so its key can be re-wrapped.
      commitPartition(
          p,
          p.record.withRole(
              target,
              Credential.create(
                  newPin, options.kdfCost(), forcedChange(p), options.random(), activePok(p))));
    } finally {
      admin.unlock();
    }
  }

  /** The partition key of an activated partition; a role secret cannot be set without it. */
  private static byte[] activePok(Partition p) throws HsmException {
    byte[] pok = p.pok;
    if (pok == null) {
      throw PartitionKey.notActivated(p.id);
    }
    return pok;
  }

  private boolean forcedChange(Partition p) {
    return device.policies().isOn(HsmPolicies.FORCE_USER_PIN_CHANGE)
        && p.record.policies().isOn(PartitionPolicies.FORCE_USER_PIN_CHANGE);
  }

  private static void requireSlot(Session s, boolean adminSlot, Role role) throws HsmException {
    if ((s.partitionId == ADMIN_PARTITION) != adminSlot) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "role "
              + role.shortName()
              + " is managed on "
              + (adminSlot ? "the admin partition" : "an application partition"));
    }
  }

  /** Requires the session to be logged in as {@code role} with no pending forced change. */
  void requireRole(Session s, Role role) throws HsmException {
    Role r = roleOf(s);
    if (r == null) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN, "this command needs a " + role.shortName() + " login");
    }
    if (r != role) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          "this command needs role "
              + role.shortName()
              + ", but the session is logged in as "
              + r.shortName());
    }
    requireNoPendingChange(s, r);
  }

  void requireNoPendingChange(Session s, Role r) throws HsmException {
    if (r.isAdmin()) {
      return;
    }
    Partition p = partitions.get(s.partitionId);
    Credential c = p == null ? null : p.record.credential(r);
    if (c != null && c.mustChange()) {
      throw new HsmException(
          Ckr.PIN_EXPIRED,
          "role "
              + r.shortName()
              + " must change its"
              + " password before anything else (partition policy 21)");
    }
  }

  // ---------------------------------------------------------------- secure transport mode

  /** The 16-character strings shown when entering or leaving Secure Transport Mode. */
  public record StmStrings(String randomUserString, String verificationString) {}

  /** Puts the HSM into Secure Transport Mode (HSM SO, or anyone while zeroized). */
  public StmStrings stmTransport(long sessionHandle) throws HsmException {
    return audit.command(
        AuditEvent.STM_TRANSPORT,
        sessionHandle,
        "enter secure transport mode",
        () -> stmTransportCommand(sessionHandle));
  }

  private StmStrings stmTransportCommand(long sessionHandle) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    admin.lock();
    try {
      if (device.initialized()) {
        requireRole(s, Role.HSM_SO);
      }
      String user = randomStmString();
      DeviceRecord next = device.withTransport(true, randomBytes(32));
      commitDevice(next);
      return new StmStrings(user, verificationString(user, next));
    } finally {
      admin.unlock();
    }
  }

  /**
   * Leaves Secure Transport Mode and returns the verification string for {@code userString}; it
   * matches the one shown at {@link #stmTransport} only if nothing changed in between. Any user
   * string recovers the device.
   */
  public String stmRecover(long sessionHandle, String userString) throws HsmException {
    return audit.command(
        AuditEvent.STM_RECOVER,
        sessionHandle,
        "recover from secure transport" + " mode",
        () -> stmRecoverCommand(sessionHandle, userString));
  }

  private String stmRecoverCommand(long sessionHandle, String userString) throws HsmException {
    admin.lock();
    try {
      DeviceRecord d = device;
      String verification = stmVerificationCommand(sessionHandle, userString, d);
      commitDevice(d.withTransport(false, d.stmNonce()));
      return verification;
    } finally {
      admin.unlock();
    }
  }

  /**
   * The verification string {@link #stmRecover} would show for {@code userString}, with the same
   * checks, while the HSM stays in Secure Transport Mode: the operator compares it before deciding
   * to recover. Changes nothing, so it leaves no audit record.
   */
  public String stmVerificationString(long sessionHandle, String userString) throws HsmException {
    admin.lock();
    try {
      return stmVerificationCommand(sessionHandle, userString, device);
    } finally {
      admin.unlock();
    }
  }

  private String stmVerificationCommand(long sessionHandle, String userString, DeviceRecord d)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.TRANSPORT);
    if (userString == null || userString.isBlank()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "a random user string is required");
    }
    if (!d.transportMode()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED, "HSM " + serial() + " is not in Secure Transport Mode");
    }
    if (d.initialized()) {
      requireRole(s, Role.HSM_SO);
    }
    return verificationString(userString, d);
  }

  /** HMAC of the user string and a digest of the device state, keyed by the hidden nonce. */
  private String verificationString(String userString, DeviceRecord d) throws HsmException {
    StringBuilder state = new StringBuilder();
    state
        .append(serial())
        .append('|')
        .append(d.label())
        .append('|')
        .append(d.initialized())
        .append('|')
        .append(d.so() == null ? -1 : d.so().failures())
        .append('|')
        .append(d.auditor() != null)
        .append('|')
        .append(d.policies())
        .append('|')
        .append(partitionIds());
    try {
      Mac mac = SoftwareProviders.mac("HmacSHA256");
      mac.init(new SecretKeySpec(d.stmNonce(), "HmacSHA256"));
      mac.update(userString.replace("-", "").getBytes(StandardCharsets.UTF_8));
      byte[] tag = mac.doFinal(state.toString().getBytes(StandardCharsets.UTF_8));
      return groupStmString(encodeStm(tag));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "HMAC-SHA256 unavailable", e);
    }
  }

  private static final String STM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private static String encodeStm(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(STM_ALPHABET.charAt((bytes[i] & 0xFF) % STM_ALPHABET.length()));
    }
    return sb.toString();
  }

  private static String groupStmString(String s) {
    return s.substring(0, 4)
        + "-"
        + s.substring(4, 8)
        + "-"
        + s.substring(8, 12)
        + "-"
        + s.substring(12, 16);
  }

  private String randomStmString() {
    return groupStmString(encodeStm(randomBytes(16)));
  }

  // ---------------------------------------------------------------- HSM lifecycle

  /**
   * Initializes the HSM. On a zeroized HSM this is a hard init (new SO, label, domain; an optional
   * policy template applies). On an initialized HSM it is a soft init: the session must be logged
   * in as HSM SO and {@code soPin} must be the current SO password; all partitions are destroyed,
   * the SO and domain stay.
   */
  public void initHsm(
      long sessionHandle, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException {
    audit.action(
        AuditEvent.INIT_TOKEN,
        sessionHandle,
        "init HSM label " + label,
        () -> {
          initHsmCommand(sessionHandle, label, soPin, domain, policyTemplate);
          utilization.resetAll();
        });
  }

  private void initHsmCommand(
      long sessionHandle, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, true, Role.HSM_SO);
    String cleanLabel = PasswordRules.checkHsmLabel(label);
    admin.lock();
    try {
      DeviceRecord d = device;
      if (!d.initialized()) {
        PasswordRules.checkNewPassword("the HSM SO password", soPin);
        PasswordRules.checkDomain(domain);
        PolicyValues policies =
            policyTemplate == null
                ? d.policies()
                : PolicyTemplate.parse(
                    policyTemplate,
                    "policy template",
                    Lifecycle.defaultPolicies(options.model()),
                    HsmPolicies::byId,
                    options.model()::capability);
        DeviceRecord base = Lifecycle.apply(AdminAction.HARD_INIT, d, options.model());
        deleteAllPartitions(new FlashStore.Batch());
        commitDevice(
            new DeviceRecord(
                cleanLabel,
                domain.getBytes(StandardCharsets.UTF_8),
                Credential.create(soPin, options.kdfCost(), false, options.random()),
                base.auditor(),
                policies,
                false,
                base.transportMode(),
                base.stmNonce(),
                base.rpv(),
                base.lastTamper()));
        cloning.renewDeviceKey();
        return;
      }
      if (policyTemplate != null) {
        throw new HsmException(
            Ckr.OPERATION_NOT_ALLOWED,
            "a policy template applies only when"
                + " initializing a zeroized HSM; change policies one by one instead");
      }
      requireRole(s, Role.HSM_SO);
      PasswordRules.checkOffered(soPin);
      authenticateAdminRole(Role.HSM_SO, soPin);
      DeviceRecord kept = Lifecycle.apply(AdminAction.SOFT_INIT, device, options.model());
      FlashStore.Batch batch = deleteAllPartitions(new FlashStore.Batch());
      DeviceRecord next =
          new DeviceRecord(
              cleanLabel,
              kept.domain(),
              kept.so(),
              kept.auditor(),
              kept.policies(),
              false,
              kept.transportMode(),
              kept.stmNonce(),
              kept.rpv(),
              kept.lastTamper());
      commit(batch.put(DeviceRecord.KEY, next.encode()));
      device = next;
      dropPartitionsInMemory();
    } finally {
      admin.unlock();
    }
  }

  /** Zeroizes the HSM: the KEK and with it every key, partition and the SO are destroyed. */
  public void zeroize(long sessionHandle) throws HsmException {
    audit.action(AuditEvent.ZEROIZE, sessionHandle, "zeroize", () -> zeroizeCommand(sessionHandle));
  }

  private void zeroizeCommand(long sessionHandle) throws HsmException {
    session(sessionHandle);
    gate(Access.TRANSPORT);
    admin.lock();
    try {
      applyAdminAction(AdminAction.ZEROIZE);
    } finally {
      admin.unlock();
    }
  }

  /**
   * Returns the HSM to factory condition: everything is destroyed and policies reset. It is the one
   * command a device halted by a stored-data-integrity failure accepts.
   */
  public void factoryReset() throws HsmException {
    gate(Access.RECOVERY);
    admin.lock();
    try {
      if (store == null) {
        wipeStateDirectory();
        store =
            options.stateDirectory() == null
                ? (memoryFlash = FlashStores.inMemory())
                : FlashStores.open(
                    options.stateDirectory(),
                    options.random(),
                    FlashStoreOptions.defaults().withMasterKey(options.masterKey()));
        device = Lifecycle.factoryFresh(options.model(), false, randomBytes(32));
        commit(audit.afterWipe(new FlashStore.Batch()).put(DeviceRecord.KEY, device.encode()));
        halted = null;
        return;
      }
      applyAdminAction(AdminAction.FACTORY_RESET);
      halted = null;
    } finally {
      admin.unlock();
    }
  }

  private void wipeStateDirectory() throws HsmException {
    Path dir = options.stateDirectory();
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "cannot clear the state of HSM " + serial() + " in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  /** Changes one HSM policy (HSM SO). A destructive policy destroys every partition. */
  public void changeHsmPolicy(long sessionHandle, int id, int value) throws HsmException {
    audit.action(
        AuditEvent.SET_HSM_POLICY,
        sessionHandle,
        "HSM policy " + id + " = " + value,
        () -> changeHsmPolicyCommand(sessionHandle, id, value));
  }

  private void changeHsmPolicyCommand(long sessionHandle, int id, int value) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, true, Role.HSM_SO);
    admin.lock();
    try {
      requireRole(s, Role.HSM_SO);
      PolicyDefinition def =
          HsmPolicies.byId(id)
              .orElseThrow(
                  () ->
                      new HsmException(
                          Ckr.DATA_INVALID,
                          "HSM policy " + id + " does not exist or cannot be changed"));
      if (!def.accepts(value)) {
        throw new HsmException(
            Ckr.DATA_INVALID,
            "value "
                + value
                + " for HSM policy "
                + id
                + " ("
                + def.description()
                + ") is outside 0-"
                + def.max());
      }
      PolicyTemplate.checkCapability(def, value, options.model()::capability, "HSM policy " + id);
      if (id == HsmPolicies.MAX_PARTITIONS && value < partitions.size()) {
        throw new HsmException(
            Ckr.OPERATION_NOT_ALLOWED,
            "HSM policy 33 cannot go below the " + partitions.size() + " partitions that exist");
      }
      DeviceRecord d = device;
      if (d.policies().get(id) == value) {
        return;
      }
      if (def.destructive()) {
        FlashStore.Batch batch = deleteAllPartitions(new FlashStore.Batch());
        DeviceRecord next =
            Lifecycle.apply(AdminAction.DESTRUCTIVE_POLICY, d, options.model())
                .withPolicies(d.policies().with(id, value));
        commit(batch.put(DeviceRecord.KEY, next.encode()));
        device = next;
        dropPartitionsInMemory();
        return;
      }
      commitDevice(d.withPolicies(d.policies().with(id, value)));
    } finally {
      admin.unlock();
    }
  }

  /** Applies an admin action's row: flash first (the KEK when the row says so), then memory. */
  private void applyAdminAction(AdminAction action) throws HsmException {
    DeviceRecord next = Lifecycle.apply(action, device, options.model());
    if (action.destroysKek()) {
      FlashStore.Batch kept =
          quorum.carryOver(action, audit.carryOver(action, new FlashStore.Batch()));
      store.destroyKek();
      commit(kept.put(DeviceRecord.KEY, next.encode()));
    } else {
      commit(deleteAllPartitions(new FlashStore.Batch()).put(DeviceRecord.KEY, next.encode()));
    }
    device = next;
    dropPartitionsInMemory();
    logins.clear();
    loginEpoch.incrementAndGet();
  }

  private FlashStore.Batch deleteAllPartitions(FlashStore.Batch batch) {
    for (Partition p : partitions.values()) {
      deletePartitionRecords(p.id, batch);
    }
    return batch;
  }

  private void deletePartitionRecords(int id, FlashStore.Batch batch) {
    batch.delete(PartitionRecord.key(id));
    for (String k : store.scan(Partition.objectPrefix(id)).keySet()) {
      batch.delete(k);
    }
  }

  /** Drops every partition's runtime state, decoded SKS keys included. */
  private void forgetPartitions() {
    for (Partition p : partitions.values()) {
      p.sksKeys.clear();
    }
    partitions.clear();
  }

  private void dropPartitionsInMemory() {
    forgetPartitions();
    sessions.values().removeIf(s -> s.partitionId != ADMIN_PARTITION);
    logins.keySet().removeIf(k -> k.partition() != ADMIN_PARTITION);
    loginEpoch.incrementAndGet();
  }

  // ---------------------------------------------------------------- application partitions

  /** Creates application partition {@code id} as V0 ({@code version} 0) or V1 (HSM SO). */
  public void createPartition(long sessionHandle, int id, int version) throws HsmException {
    audit.action(
        AuditEvent.CREATE_PARTITION,
        sessionHandle,
        "partition " + id + " V" + version,
        () -> createPartitionCommand(sessionHandle, id, version));
  }

  private void createPartitionCommand(long sessionHandle, int id, int version) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, true, Role.HSM_SO);
    admin.lock();
    try {
      requireRole(s, Role.HSM_SO);
      int limit =
          Math.min(
              options.model().maxPartitions(), device.policies().get(HsmPolicies.MAX_PARTITIONS));
      if (version != 0 && version != 1) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD, "partition version must be 0 or 1, not " + version);
      }
      if (id < 1 || id > options.model().maxPartitions()) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "partition index "
                + id
                + " is outside 1-"
                + options.model().maxPartitions()
                + " on a "
                + options.model().displayName());
      }
      if (partitions.containsKey(id)) {
        throw new HsmException(Ckr.OBJECT_ALREADY_EXISTS, "partition " + id + " already exists");
      }
      if (partitions.size() >= limit) {
        throw new HsmException(
            Ckr.OPERATION_NOT_ALLOWED,
            "HSM "
                + serial()
                + " allows "
                + limit
                + " application partition(s) (HSM policy 33) and has "
                + partitions.size());
      }
      PolicyValues policies =
          PolicyValues.defaults(
              PartitionPolicies.ALL,
              Map.of(
                  PartitionPolicies.PARTITION_VERSION, version,
                  PartitionPolicies.PER_KEY_AUTHORIZATION, version));
      PartitionRecord r =
          new PartitionRecord(id, null, null, Map.of(), policies, options.time().millis());
      commit(new FlashStore.Batch().put(PartitionRecord.key(id), r.encode(null, options.random())));
      partitions.put(id, new Partition(r, 1));
    } finally {
      admin.unlock();
    }
  }

  /** Deletes an application partition with all its roles and objects (HSM SO). */
  public void deletePartition(long sessionHandle, int id) throws HsmException {
    audit.action(
        AuditEvent.DELETE_PARTITION,
        sessionHandle,
        "partition " + id,
        () -> {
          deletePartitionCommand(sessionHandle, id);
          utilization.reset(id);
        });
  }

  private void deletePartitionCommand(long sessionHandle, int id) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, true, Role.HSM_SO);
    admin.lock();
    try {
      requireRole(s, Role.HSM_SO);
      Partition p = partition(id);
      p.lock.lock();
      try {
        FlashStore.Batch batch = new FlashStore.Batch();
        deletePartitionRecords(id, batch);
        commit(batch);
        Partition gone = partitions.remove(id);
        if (gone != null) {
          gone.sksKeys.clear();
        }
        sessions.values().removeIf(o -> o.partitionId == id);
        logins.keySet().removeIf(k -> k.partition() == id);
        loginEpoch.incrementAndGet();
      } finally {
        p.lock.unlock();
      }
    } finally {
      admin.unlock();
    }
  }

  /**
   * Initializes the session's partition. The first time (hard init) no login is needed; again (soft
   * init) the Partition SO must be logged in and give its password. Either way the Partition SO,
   * all roles and all objects are replaced. A template sets partition policies.
   */
  public void initPartition(
      long sessionHandle, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException {
    audit.action(
        AuditEvent.INIT_TOKEN,
        sessionHandle,
        "init partition label " + label,
        () -> {
          initPartitionCommand(sessionHandle, label, poPin, domain, policyTemplate);
          utilization.reset(session(sessionHandle).partitionId);
        });
  }

  private void initPartitionCommand(
      long sessionHandle, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, false, Role.PARTITION_SO);
    String cleanLabel = PasswordRules.checkPartitionLabel(label);
    PasswordRules.checkNewPassword("the Partition SO password", poPin);
    PasswordRules.checkDomain(domain);
    admin.lock();
    try {
      Partition p = partition(s.partitionId);
      PartitionRecord r = p.record;
      PartitionAction action = PartitionAction.HARD_INIT;
      if (r.initialized()) {
        requireRole(s, Role.PARTITION_SO);
        authenticatePartitionRole(p, Role.PARTITION_SO, poPin);
        action = PartitionAction.SOFT_INIT;
      }
      PolicyValues policies = r.policies();
      if (policyTemplate != null) {
        policies =
            PolicyTemplate.parse(
                policyTemplate,
                "partition policy template",
                PartitionPolicies.ALL,
                PartitionPolicies::byId,
                cap -> Integer.MAX_VALUE);
        checkPartitionPolicyDependencies(policies);
      }
      // Init erases the objects, so a new partition key replaces the old one.
      byte[] pok = PartitionKey.generate(options.random());
      PartitionRecord next =
          new PartitionRecord(
              r.id(),
              cleanLabel,
              domain.getBytes(StandardCharsets.UTF_8),
              Map.of(
                  Role.PARTITION_SO,
                  Credential.create(poPin, options.kdfCost(), false, options.random(), pok)),
              policies,
              r.createdMillis());
      applyPartitionAction(p, action, next, pok);
    } finally {
      admin.unlock();
    }
  }

  private static void checkPartitionPolicyDependencies(PolicyValues policies) throws HsmException {
    if (policies.isOn(PartitionPolicies.PER_KEY_AUTHORIZATION)
        && policies.get(PartitionPolicies.PARTITION_VERSION) == 0) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          "partition policy 40 (per-key authorization) needs a V1 partition (policy 41 = 1)");
    }
  }

  /**
   * Changes one partition policy (Partition SO); destructive ones erase the partition's objects.
   */
  public void changePartitionPolicy(long sessionHandle, int id, int value) throws HsmException {
    audit.action(
        AuditEvent.SET_PARTITION_POLICY,
        sessionHandle,
        "partition policy " + id + " = " + value,
        () -> changePartitionPolicyCommand(sessionHandle, id, value));
  }

  private void changePartitionPolicyCommand(long sessionHandle, int id, int value)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    requireSlot(s, false, Role.PARTITION_SO);
    admin.lock();
    try {
      requireRole(s, Role.PARTITION_SO);
      Partition p = partition(s.partitionId);
      PolicyDefinition def =
          PartitionPolicies.byId(id)
              .orElseThrow(
                  () ->
                      new HsmException(
                          Ckr.DATA_INVALID,
                          "partition policy " + id + " does not exist or cannot be changed"));
      if (!def.accepts(value)) {
        throw new HsmException(
            Ckr.DATA_INVALID,
            "value "
                + value
                + " for partition policy "
                + id
                + " ("
                + def.description()
                + ") is outside 0-"
                + def.max());
      }
      PolicyValues current = p.record.policies();
      if (current.get(id) == value) {
        return;
      }
      PolicyValues next = current.with(id, value);
      boolean toV0 = id == PartitionPolicies.PARTITION_VERSION && value == 0;
      if (toV0) {
        next = next.with(PartitionPolicies.PER_KEY_AUTHORIZATION, 0);
      }
      checkPartitionPolicyDependencies(next);
      if (def.destructive() || toV0) {
        applyPartitionAction(p, PartitionAction.DESTRUCTIVE_POLICY, p.record.withPolicies(next));
      } else {
        commitPartition(p, p.record.withPolicies(next));
      }
    } finally {
      admin.unlock();
    }
  }

  /**
   * Applies a partition action: objects erased, and roles replaced by {@code next}'s (or all
   * removed and the partition left uninitialized when {@code next} is null).
   */
  private void applyPartitionAction(Partition p, PartitionAction action, PartitionRecord next)
      throws HsmException {
    applyPartitionAction(p, action, next, p.pok);
  }

  /** As above; {@code pokAfter} is the partition key the resulting record is sealed under. */
  private void applyPartitionAction(
      Partition p, PartitionAction action, PartitionRecord next, byte[] pokAfter)
      throws HsmException {
    PartitionRecord r = p.record;
    PartitionRecord result =
        next != null
            ? next
            : new PartitionRecord(r.id(), null, null, Map.of(), r.policies(), r.createdMillis());
    p.lock.lock();
    try {
      FlashStore.Batch batch = new FlashStore.Batch();
      if (action.destroysContents()) {
        for (String k : store.scan(Partition.objectPrefix(p.id)).keySet()) {
          batch.delete(k);
        }
      }
      commit(batch.put(PartitionRecord.key(p.id), result.encode(pokAfter, options.random())));
      p.record = result;
      if (action.destroysContents()) {
        p.objects.clear();
        p.sksKeys.clear();
        p.sealed.clear();
        p.usedBytes.set(0);
      }
      p.pok = result.initialized() ? pokAfter : null;
      if (action.destroysRoles()) {
        logins.keySet().removeIf(k -> k.partition() == p.id);
        loginEpoch.incrementAndGet();
      }
    } finally {
      p.lock.unlock();
    }
  }

  // ---------------------------------------------------------------- objects

  /** C_CreateObject: validates the template, fills defaults and stores the object. */
  public long createObject(long sessionHandle, Attributes template) throws HsmException {
    return audit.command(
        AuditEvent.CREATE_OBJECT,
        sessionHandle,
        "create object",
        () -> createObjectCommand(sessionHandle, template));
  }

  private long createObjectCommand(long sessionHandle, Attributes template) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    Partition p = objectPartition(s);
    Attributes complete =
        KeyPurpose.forNewKey(
            template, ObjectRules.completeForCreate(template, false), dualPurposeAllowed(p));
    checkCanWrite(s, complete);
    return insert(p, s, complete, ouids.next()).handle();
  }

  /**
   * Stores an object the engine built itself (generated, unwrapped, inserted or cloned keys).
   * {@code ouid} is kept when the object is a copy of one that exists elsewhere.
   */
  HsmObject insertEngineObject(Session s, Attributes complete, byte[] ouid) throws HsmException {
    Partition p = objectPartition(s);
    checkCanWrite(s, complete);
    return insert(p, s, complete, ouid == null ? ouids.next() : ouid);
  }

  /**
   * Stores the two halves of a key pair the engine generated: both or neither, and token halves in
   * one flash commit (one forced write for the pair; a crash leaves both or none).
   */
  HsmObject[] insertEnginePair(Session s, Attributes publicHalf, Attributes privateHalf)
      throws HsmException {
    Partition p = objectPartition(s);
    checkCanWrite(s, publicHalf);
    checkCanWrite(s, privateHalf);
    return insert(
        p,
        s,
        new Attributes[] {publicHalf, privateHalf},
        new byte[][] {ouids.next(), ouids.next()});
  }

  private HsmObject insert(Partition p, Session s, Attributes given, byte[] ouid)
      throws HsmException {
    return insert(p, s, new Attributes[] {given}, new byte[][] {ouid})[0];
  }

  /**
   * Stores new objects under the partition lock: handles in order, the token ones checked against
   * the free storage together and committed in one batch, then all of them published.
   */
  private HsmObject[] insert(Partition p, Session s, Attributes[] given, byte[][] ouids)
      throws HsmException {
    Attributes[] attrs = new Attributes[given.length];
    for (int i = 0; i < given.length; i++) {
      boolean token = given[i].bool(Cka.TOKEN, false);
      attrs[i] =
          token && !given[i].has(Cka.DATE_MADE_PERSISTENT)
              ? given[i].toBuilder().set(Cka.DATE_MADE_PERSISTENT, today()).build()
              : given[i];
    }
    p.lock.lock();
    try {
      HsmObject[] made = new HsmObject[attrs.length];
      long size = 0;
      for (int i = 0; i < attrs.length; i++) {
        boolean token = attrs[i].bool(Cka.TOKEN, false);
        long handle = p.nextHandle.getAndIncrement();
        made[i] = new HsmObject(handle, p.id, ouids[i], attrs[i], token ? 0 : s.handle);
        size += token ? attrs[i].storageBytes() : 0;
      }
      if (size > 0) {
        long free =
            options.model().partitionBytes() - HsmModel.PARTITION_OVERHEAD - p.usedBytes.get();
        if (size > free) {
          throw new HsmException(
              Ckr.CONTAINER_OBJECT_STORAGE_FULL,
              named(p)
                  + " has "
                  + free
                  + " bytes free; "
                  + (attrs.length == 1 ? "the object needs " : "the objects need ")
                  + size);
        }
        FlashStore.Batch batch = new FlashStore.Batch();
        for (HsmObject o : made) {
          if (o.isToken()) {
            batch.put(Partition.objectKey(p.id, o.handle()), flashForm(p, o));
          }
        }
        commit(batch);
        p.usedBytes.addAndGet(size);
      }
      for (HsmObject o : made) {
        p.objects.put(o.handle(), o);
      }
      return made;
    } finally {
      p.lock.unlock();
    }
  }

  /** C_CopyObject: a new object with the same OUID and the template's changes applied. */
  public long copyObject(long sessionHandle, long handle, Attributes template) throws HsmException {
    return audit.command(
        AuditEvent.COPY_OBJECT,
        sessionHandle,
        "copy object " + handle,
        () -> copyObjectCommand(sessionHandle, handle, template));
  }

  private long copyObjectCommand(long sessionHandle, long handle, Attributes template)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    Partition p = objectPartition(s);
    HsmObject source = visibleObject(s, p, handle);
    Attributes copy =
        KeyPurpose.forChange(
            source, ObjectRules.applyCopy(source, template), dualPurposeAllowed(p));
    checkCanWrite(s, copy);
    return insert(p, s, copy, source.ouid()).handle();
  }

  /** C_DestroyObject. */
  public void destroyObject(long sessionHandle, long handle) throws HsmException {
    audit.action(
        AuditEvent.DESTROY_OBJECT,
        sessionHandle,
        "destroy object " + handle,
        () -> destroyObjectCommand(sessionHandle, handle));
  }

  private void destroyObjectCommand(long sessionHandle, long handle) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    Partition p = objectPartition(s);
    HsmObject obj = visibleObject(s, p, handle);
    checkCanWrite(s, obj.attributes());
    if (!obj.attributes().bool(Cka.DESTROYABLE, true)) {
      throw new HsmException(
          Ckr.ACTION_PROHIBITED,
          "object " + handle + " is not destroyable (CKA_DESTROYABLE is false)");
    }
    p.lock.lock();
    try {
      if (p.objects.get(handle) != obj) {
        throw new HsmException(
            Ckr.OBJECT_HANDLE_INVALID,
            "object " + handle + " changed or was" + " destroyed concurrently");
      }
      if (obj.isToken()) {
        commit(new FlashStore.Batch().delete(Partition.objectKey(p.id, handle)));
        p.usedBytes.addAndGet(-obj.attributes().storageBytes());
      }
      p.objects.remove(handle);
    } finally {
      p.lock.unlock();
    }
  }

  /** C_FindObjects: handles of the visible objects matching every attribute of the template. */
  public List<Long> findObjects(long sessionHandle, Attributes template) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    Partition p = objectPartition(s);
    ObjectRules.checkEncodings(template);
    Role role = roleOf(s);
    if (role != null) {
      requireNoPendingChange(s, role);
    }
    List<Long> found = new ArrayList<>();
    for (HsmObject o : p.objects.values()) {
      if (isVisible(s, role, o) && (template.size() == 0 || matches(o, template))) {
        found.add(o.handle());
      }
    }
    Collections.sort(found);
    return found;
  }

  /**
   * The handles {@link #findObjects} gives for a template of {@code CKA_OUID} alone, for a session
   * whose role was checked: compares OUIDs directly instead of building every object's readable
   * attributes, because SKS insert runs it under the partition lock, where another thread's destroy
   * or insert waits for it.
   */
  List<Long> findByOuid(Session s, Partition p, byte[] ouid) {
    Role role = roleOf(s);
    List<Long> found = new ArrayList<>(1);
    for (HsmObject o : p.objects.values()) {
      if (Arrays.equals(o.ouid(), ouid)
          && ObjectRules.isReadable(o, Cka.OUID)
          && isVisible(s, role, o)) {
        found.add(o.handle());
      }
    }
    Collections.sort(found);
    return found;
  }

  private static boolean matches(HsmObject o, Attributes template) {
    for (long type : template.types()) {
      if (!ObjectRules.isReadable(o, type)) {
        return false;
      }
    }
    return ObjectRules.readable(o).matches(template);
  }

  /** C_GetAttributeValue for one attribute. */
  public byte[] getAttribute(long sessionHandle, long handle, long type) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    return ObjectRules.read(visibleObject(s, objectPartition(s), handle), type);
  }

  /**
   * C_GetObjectSize: the bytes the object takes in the partition's storage (its encoded attributes,
   * key material included), for any object the session can see.
   */
  public long objectSize(long sessionHandle, long handle) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    return visibleObject(s, objectPartition(s), handle).encode().length;
  }

  /** Every attribute of the object the caller may read (sensitive ones left out). */
  public Attributes getAttributes(long sessionHandle, long handle) throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    return ObjectRules.readable(visibleObject(s, objectPartition(s), handle));
  }

  /** C_SetAttributeValue. */
  public void setAttributes(long sessionHandle, long handle, Attributes change)
      throws HsmException {
    audit.action(
        AuditEvent.MODIFY_OBJECT,
        sessionHandle,
        "modify object " + handle,
        () -> setAttributesCommand(sessionHandle, handle, change));
  }

  private void setAttributesCommand(long sessionHandle, long handle, Attributes change)
      throws HsmException {
    Session s = session(sessionHandle);
    gate(Access.NORMAL);
    Partition p = objectPartition(s);
    boolean so = roleOf(s) == Role.PARTITION_SO;
    HsmObject obj = so ? trustTarget(s, p, handle, change) : visibleObject(s, p, handle);
    if (!so) {
      checkCanWrite(s, obj.attributes());
    }
    if (Cko.isKey(obj.objectClass())
        && !p.record.policies().isOn(PartitionPolicies.CHANGING_KEY_ATTRIBUTES)) {
      throw new HsmException(
          Ckr.ACTION_PROHIBITED,
          "partition policy 11 (changing key" + " attributes) is 0 on " + named(p));
    }
    HsmObject updated =
        obj.withAttributes(
            KeyPurpose.forChange(
                obj, ObjectRules.applyChange(obj, change, so), dualPurposeAllowed(p)));
    p.lock.lock();
    try {
      if (p.objects.get(handle) != obj) {
        throw new HsmException(
            Ckr.OBJECT_HANDLE_INVALID,
            "object " + handle + " changed or was" + " destroyed concurrently");
      }
      if (obj.isToken()) {
        long delta = updated.attributes().storageBytes() - obj.attributes().storageBytes();
        long free =
            options.model().partitionBytes() - HsmModel.PARTITION_OVERHEAD - p.usedBytes.get();
        if (delta > free) {
          throw new HsmException(
              Ckr.CONTAINER_OBJECT_STORAGE_FULL,
              named(p)
                  + " has "
                  + free
                  + " bytes free; object "
                  + handle
                  + " would grow by "
                  + delta);
        }
        commit(
            new FlashStore.Batch().put(Partition.objectKey(p.id, handle), flashForm(p, updated)));
        p.usedBytes.addAndGet(delta);
      }
      p.objects.put(handle, updated);
    } finally {
      p.lock.unlock();
    }
  }

  /**
   * The object the Partition SO marks trusted (or untrusted): the SO sees no private objects and
   * changes nothing else, so the change must name CKA_TRUSTED alone; the object is found by handle
   * without reading it, and a token object still needs a read-write session.
   */
  private HsmObject trustTarget(Session s, Partition p, long handle, Attributes change)
      throws HsmException {
    if (!change.types().equals(java.util.Set.of(Cka.TRUSTED))) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          "the Partition SO may change only" + " CKA_TRUSTED of an object");
    }
    HsmObject o = p.objects.get(handle);
    if (o == null
        || !Cko.isKey(o.objectClass())
        || (o.ownerSession() != 0 && o.ownerSession() != s.handle)) {
      throw new HsmException(
          Ckr.OBJECT_HANDLE_INVALID, "no key with handle " + handle + " in partition " + p.id);
    }
    if (o.isToken() && !s.readWrite) {
      throw new HsmException(
          Ckr.SESSION_READ_ONLY,
          "token objects need a read-write session; session " + s.handle + " is read-only");
    }
    return o;
  }

  /** Partition policy 1000 (Selene): secret keys may be made dual-purpose on request. */
  boolean dualPurposeAllowed(Partition p) {
    return p.record.policies().isOn(PartitionPolicies.DUAL_PURPOSE_KEYS);
  }

  /** C_GenerateRandom from the device DRBG. */
  public byte[] generateRandom(long sessionHandle, int length) throws HsmException {
    return crypto.generateRandom(sessionHandle, length);
  }

  /** The partition a session's object commands act on: initialized and not the admin one. */
  Partition objectPartition(Session s) throws HsmException {
    if (s.partitionId == ADMIN_PARTITION) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED, "the admin partition holds no cryptographic objects");
    }
    Partition p = partition(s.partitionId);
    if (!p.record.initialized()) {
      throw new HsmException(Ckr.TOKEN_NOT_RECOGNIZED, named(p) + " is not initialized");
    }
    return p;
  }

  /** The object if this session may see it; an invisible object is reported as absent. */
  HsmObject visibleObject(Session s, Partition p, long handle) throws HsmException {
    return visibleObject(s, p, handle, roleOf(s));
  }

  /** As above, for a caller that already looked up the session's role (one lookup per command). */
  HsmObject visibleObject(Session s, Partition p, long handle, Role role) throws HsmException {
    HsmObject o = p.objects.get(handle);
    if (o == null || !isVisible(s, role, o)) {
      throw new HsmException(
          Ckr.OBJECT_HANDLE_INVALID,
          "no object with handle " + handle + " is visible in " + named(p));
    }
    if (role != null) {
      requireNoPendingChange(s, role);
    }
    if (p.sealed.containsKey(handle)) {
      throw PartitionKey.notActivated(p.id);
    }
    return o;
  }

  private boolean isVisible(Session s, Role role, HsmObject o) {
    if (o.ownerSession() != 0) {
      Session owner = sessions.get(o.ownerSession());
      if (owner == null || owner.appId != s.appId) {
        return false;
      }
    }
    return !o.isPrivate() || (role != null && role.isCryptoRole());
  }

  /**
   * Checks that the session may create, change or destroy an object with these attributes: token
   * objects need a read-write session and a crypto login; private objects a crypto login; private
   * token objects the Crypto Officer.
   */
  void checkCanWrite(Session s, Attributes attrs) throws HsmException {
    boolean token = attrs.bool(Cka.TOKEN, false);
    boolean priv = attrs.bool(Cka.PRIVATE, true);
    Role role = roleOf(s);
    if (role != null) {
      requireNoPendingChange(s, role);
    }
    if (token && !s.readWrite) {
      throw new HsmException(
          Ckr.SESSION_READ_ONLY,
          "token objects need a read-write session; session " + s.handle + " is read-only");
    }
    if (priv && (role == null || !role.isCryptoRole())) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN, "private objects need a Crypto Officer or Crypto User login");
    }
    if (token && (role == null || !role.isCryptoRole())) {
      // The Partition SO administers the partition but keeps nothing in it; anonymous sessions
      // change nothing that persists.
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN,
          "token objects need a Crypto Officer," + " Crypto User or Limited Crypto Officer login");
    }
    if (token && priv && role != Role.CRYPTO_OFFICER) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          "only the Crypto Officer may create, change"
              + " or destroy private token objects; the session is "
              + role.shortName());
    }
  }

  // ---------------------------------------------------------------- restart, tamper, storage

  /** Restarts the device: sessions and logins are lost; a tamper halt clears, an SDI halt stays. */
  public void restart() throws HsmException {
    admin.lock();
    try {
      sessions.clear();
      logins.clear();
      loginEpoch.incrementAndGet();
      utilization.resetAll();
      if (store != null && store != memoryFlash) {
        store.close();
      }
      store = null;
      powerOn();
      quorum.onRestart();
    } finally {
      admin.unlock();
    }
  }

  /** A tamper event: the device halts until it is restarted; the event is recorded. */
  public void tamper(String event) {
    admin.lock();
    try {
      sessions.clear();
      logins.clear();
      loginEpoch.incrementAndGet();
      DeviceRecord d = device;
      if (d != null && store != null) {
        try {
          commitDevice(d.withTamper(event + " at " + options.time().instant()));
        } catch (HsmException e) {
          // The halt below is what matters; a failed write of the report must not prevent it.
        }
      }
      audit.deviceEvent(AuditEvent.TAMPER, event);
      quorum.deactivateAll();
      halted = "tamper: " + event;
    } finally {
      admin.unlock();
    }
  }

  /** The last recorded tamper event, or null. */
  public String lastTamper() {
    DeviceRecord d = device;
    return d == null ? null : d.lastTamper();
  }

  /** Rewrites a token object's record (usage count changes); caller holds the partition lock. */
  void commitObject(Partition p, HsmObject o) throws HsmException {
    commit(new FlashStore.Batch().put(Partition.objectKey(p.id, o.handle()), flashForm(p, o)));
  }

  /**
   * Deactivation: the partition key leaves memory as soon as no role of the partition is logged in
   * (at once when none is, else at the last logout or session close).
   */
  void deactivatePartitionKey(int partitionId) throws HsmException {
    Partition p = partition(partitionId);
    p.deactivating = true;
    closeIfDeactivated(partitionId);
  }

  private void closeIfDeactivated(int partitionId) {
    Partition p = partitions.get(partitionId);
    if (p == null
        || !p.deactivating
        || p.pok == null
        || logins.keySet().stream().anyMatch(k -> k.partition() == partitionId)) {
      return;
    }
    admin.lock();
    p.lock.lock();
    try {
      byte[] stored = store == null ? null : store.get(PartitionRecord.key(p.id));
      if (stored == null || !p.deactivating || p.pok == null) {
        return;
      }
      PartitionRecord locked = PartitionRecord.decode(stored);
      Map<Long, byte[]> sealedNow = new java.util.HashMap<>();
      Map<Long, HsmObject> clear = new java.util.HashMap<>();
      for (HsmObject o : p.objects.values()) {
        if (o.isToken() && PartitionKey.hasSecrets(o)) {
          byte[] rec = PartitionKey.encode(o, p.pok, options.random());
          HsmObject c = PartitionKey.decodeClear(rec);
          p.usedBytes.addAndGet(c.attributes().storageBytes() - o.attributes().storageBytes());
          sealedNow.put(o.handle(), rec);
          clear.put(o.handle(), c);
        }
      }
      p.sealed.putAll(sealedNow);
      p.objects.putAll(clear);
      p.record =
          p.record
              .withSmks(io.selenehsm.firmware.sks.SmkSlots.empty())
              .withSealedSmks(locked.sealedSmks());
      p.pok = null;
      p.deactivating = false;
      p.sksKeys.clear();
    } catch (IOException | HsmException e) {
      // The partition stays activated; the next restart closes it in any case.
    } finally {
      p.lock.unlock();
      admin.unlock();
    }
  }

  /** A token object's flash record: its secrets sealed under the partition key. */
  private byte[] flashForm(Partition p, HsmObject o) throws HsmException {
    return PartitionKey.encode(o, p.pok, options.random());
  }

  /**
   * Activates a locked partition with its key, opened by a role's login: the sealed objects and
   * SMKs become usable and stay so until restart. Called under {@link #admin}.
   */
  private void activate(Partition p, byte[] pok) throws HsmException {
    p.deactivating = false;
    if (pok == null || p.pok != null) {
      return;
    }
    p.lock.lock();
    try {
      PartitionRecord opened = p.record.unlocked(pok);
      Map<Long, HsmObject> openedObjects = new java.util.HashMap<>();
      for (Map.Entry<Long, byte[]> e : p.sealed.entrySet()) {
        try {
          openedObjects.put(e.getKey(), PartitionKey.open(e.getValue(), pok));
        } catch (IOException ex) {
          throw new HsmException(
              Ckr.DATA_INVALID,
              "sealed object "
                  + e.getKey()
                  + " of partition "
                  + p.id
                  + " does not decode: "
                  + ex.getMessage(),
              ex);
        }
      }
      for (HsmObject o : openedObjects.values()) {
        HsmObject clear = p.objects.get(o.handle());
        p.usedBytes.addAndGet(
            o.attributes().storageBytes()
                - (clear == null ? 0 : clear.attributes().storageBytes()));
      }
      p.objects.putAll(openedObjects);
      p.sealed.clear();
      p.record = opened;
      p.pok = pok;
    } finally {
      p.lock.unlock();
    }
  }

  private void commitDevice(DeviceRecord next) throws HsmException {
    commit(new FlashStore.Batch().put(DeviceRecord.KEY, next.encode()));
    device = next;
  }

  /** Replaces a partition record under the admin lock (SKS: SMK rollover and cloning). */
  @SuppressWarnings("ReferenceEquality") // the same record back means "unchanged": skip the commit
  void changePartitionRecord(Partition p, HsmSks.RecordChange change) throws HsmException {
    admin.lock();
    try {
      PartitionRecord next = change.apply(p.record);
      if (next != p.record) {
        commitPartition(p, next);
      }
    } finally {
      admin.unlock();
    }
  }

  private void commitPartition(Partition p, PartitionRecord next) throws HsmException {
    commit(
        new FlashStore.Batch()
            .put(PartitionRecord.key(p.id), next.encode(p.pok, options.random())));
    p.record = next;
  }

  void commit(FlashStore.Batch batch) throws HsmException {
    if (store != null
        && store.get(FORMAT_KEY) == null
        && !batch.changes().containsKey(FORMAT_KEY)) {
      batch.put(FORMAT_KEY, new byte[] {(byte) PartitionRecord.FORMAT});
    }
    try {
      store.commit(batch);
    } catch (StoreCorruptedException e) {
      haltForIntegrity(e.detail());
      throw e;
    }
  }

  /** Today as a CK_DATE (YYYYMMDD) on the device clock. */
  private byte[] today() {
    return java.time.format.DateTimeFormatter.BASIC_ISO_DATE
        .format(java.time.LocalDate.ofInstant(options.time().instant(), java.time.ZoneOffset.UTC))
        .getBytes(StandardCharsets.US_ASCII);
  }

  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    options.random().nextBytes(b);
    return b;
  }

  /** Commits entries kept outside partitions (Backup HSM containers), for {@link HsmCloning}. */
  void commitEntries(FlashStore.Batch batch) throws HsmException {
    if (store == null) {
      throw new HsmException(Ckr.DEVICE_ERROR, "HSM " + serial() + " has no storage (halted)");
    }
    commit(batch);
  }

  /** The committed entries under {@code prefix}, for {@link HsmCloning}. */
  SortedMap<String, byte[]> scanEntries(String prefix) {
    FlashStore s = store;
    return s == null ? new TreeMap<>() : s.scan(prefix);
  }

  /** One committed flash entry, or null (also while halted). */
  byte[] stored(String key) {
    FlashStore st = store;
    return st == null ? null : st.get(key);
  }

  /** The credential of a role on partition {@code partition} (0 = admin), or null. */
  Credential credentialOf(int partition, Role role) {
    if (partition == ADMIN_PARTITION) {
      DeviceRecord d = device;
      return d == null
          ? null
          : role == Role.HSM_SO ? d.so() : role == Role.AUDITOR ? d.auditor() : null;
    }
    Partition p = partitions.get(partition);
    return p == null ? null : p.record.credential(role);
  }

  /** A snapshot of the committed flash entries, for tests and diagnostics. */
  SortedMap<String, byte[]> storedEntries() {
    return store == null ? new TreeMap<>() : store.scan("");
  }

  @Override
  public void close() {
    admin.lock();
    try {
      sessions.clear();
      logins.clear();
      loginEpoch.incrementAndGet();
      if (store != null) {
        store.close();
        store = null;
      }
    } finally {
      admin.unlock();
    }
  }
}
