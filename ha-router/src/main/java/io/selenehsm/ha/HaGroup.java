package io.selenehsm.ha;

import io.selenehsm.device.Encapsulated;
import io.selenehsm.device.Encrypted;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.SlotTable;
import io.selenehsm.device.StmStrings;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.HsmUtilization;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditStatus;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.clone.CloningTarget;
import io.selenehsm.firmware.clone.TargetEnvelope;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismInfo;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.KeyPurpose;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.firmware.sks.SmkInfo;
import io.selenehsm.firmware.time.Scheduler;
import io.selenehsm.firmware.time.TimeSource;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A client-side HA group: one virtual slot over member partition slots, implementing the same
 * {@link Slot} API.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Replication.</b> An object created through the group is made on one member and cloned
 *       (V0: the firmware cloning protocol) to every other active member before the call returns;
 *       the group hands out a virtual handle mapped to each member's handle. Clones keep the OUID,
 *       so OUIDs are identical everywhere. Changes and destroys reach every active member. The
 *       group's registry of acknowledged objects is the truth a returning member is brought back
 *       to: missing objects are cloned in, objects the group does not know (destroyed while it was
 *       away, or made by a creation that failed) are removed, stale copies replaced.
 *   <li><b>All or nothing.</b> A creation either returns with its objects on every active member or
 *       fails leaving no trace: an abandoned attempt is destroyed where members answer and its
 *       OUIDs are remembered ({@code abandoned}), so copies on members that did not answer are
 *       removed when they return and never adopted. Replication is idempotent by OUID: a member
 *       that already holds the object keeps that copy as the replica.
 *   <li><b>Load balancing.</b> Single-part operations go to the next active member (round robin) or
 *       the first (pick first); standby members serve only when no other member can. Multi-part
 *       operations are pinned to the member that took the init.
 *   <li><b>Failover.</b> A member that answers {@code CKR_TOKEN_NOT_PRESENT}, {@code
 *       CKR_DEVICE_ERROR}, {@code CKR_DEVICE_REMOVED} or {@code CKR_SESSION_HANDLE_INVALID} (it
 *       restarted) is marked down and the operation is retried on another member. With no active
 *       member left, calls fail at once with {@code CKR_TOKEN_NOT_PRESENT}. A member that hangs
 *       holds a call for at most the failover timeout ({@link FailoverWatchdog}).
 *   <li><b>Recovery.</b> A down member is probed every AutoReconnectInterval (a probe is bounded by
 *       ProbeTimeout), up to reconnAtt attempts. A group with no active member ({@code lost},
 *       GROUP_LOST logged once) probes every member fast, 100 ms doubling to 1 s, regardless of
 *       reconnAtt, so it serves within about a second of a member's return; in activeBasic mode the
 *       loss also ends the application's sessions. {@link #recover()} forces a probe. A member that
 *       answers is checked against the group's rules, gets sessions for every open virtual session,
 *       is logged in for every logged-in application, is resynchronised and only then rejoins.
 *   <li><b>Key separation.</b> The engine commits an uncommitted key (it may encrypt/decrypt or
 *       wrap/unwrap) on the member that serves its first use. Before a key's first encrypt,
 *       decrypt, wrap or unwrap through the group (and before a wrap under an RSA public key, for
 *       the private halves), the group commits it on every member: one replicated attribute change,
 *       or, when the session may not change the key, the same kind of use on every member, read
 *       back. The recorded identity follows, and {@code VirtualObject.purposeSettled} makes later
 *       uses cost one volatile read. Reconcile matches a copy that differs from the record by a
 *       commitment only, and brings it (or the group) to the commitment.
 *   <li><b>Locking.</b> Operations share a read lock; a rejoin takes the write lock, so no object
 *       is created or destroyed while a member is being brought in line.
 *   <li><b>V1 groups.</b> All members V1 in one domain, sharing one SMK: the group's SMK is the
 *       first member's that has one. A member with another SMK, or none, waits out of rotation
 *       until a Crypto Officer is logged in through the group; then it takes the group's SMK by SMK
 *       cloning (its own moves to its rollover slot) and joins. Objects replicate by SKS: extracted
 *       on the member that made them (sealed under the shared SMK) and inserted on the others with
 *       {@link Slot#sksInsertReplica}, which keeps token objects token objects (a plain SKS insert
 *       makes session objects) and keeps the OUID. An SMK rollover through the group rolls over on
 *       one member and clones the new SMK to the others, so every member ends with the same primary
 *       and the old one as rollover.
 * </ul>
 */
public final class HaGroup implements Slot {
  private static final int EVENT_LOG_CAPACITY = 1000;

  private final int slotId;
  private final String label;
  private final String serial;
  private final HaSettings settings;
  private final List<HaMember> members;

  /** The members as an array, for the allocation-free routing of single-part calls. */
  private final HaMember[] memberArray;

  private static final Long NO_SESSION = 0L;
  private final MemberFacts facts;
  private final Scheduler scheduler;
  private final HaEventLog events;
  private final ExecutorService probes;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicLong nextSession = new AtomicLong(1);
  private final AtomicLong nextHandle = new AtomicLong(1);
  private final AtomicLong roundRobin = new AtomicLong();
  private final ConcurrentHashMap<Long, VirtualSession> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, VirtualObject> objects = new ConcurrentHashMap<>();

  /** Application id -> its login, replayed on members that rejoin. */
  private final ConcurrentHashMap<Long, Login> logins = new ConcurrentHashMap<>();

  private volatile boolean synced;

  /** True from the moment the last active member is lost until one rejoins. */
  private final AtomicBoolean lost = new AtomicBoolean();

  /**
   * OUIDs (hex) of objects made by creations that failed: wherever they turn up (on a member that
   * was unreachable when the creation was rolled back) they are removed, never adopted.
   */
  private final Set<String> abandoned = ConcurrentHashMap.newKeySet();

  /** Virtual sessions ended by a loss of every member (activeBasic), for a precise refusal. */
  private final Set<Long> endedByLoss = ConcurrentHashMap.newKeySet();

  private final FailoverWatchdog watchdog;

  /** V1: fingerprint (hex) of the SMK every active member holds as primary; empty until known. */
  private volatile Optional<String> groupSmk;

  private record Login(Role role, char[] pin) {}

  private HaGroup(int slotId, Builder b, List<HaMember> members, MemberFacts facts) {
    this.slotId = slotId;
    this.label = b.label;
    this.serial = b.serial;
    this.settings = b.settings;
    this.members = List.copyOf(members);
    this.memberArray = this.members.toArray(new HaMember[0]);
    this.facts = facts;
    this.scheduler = b.scheduler;
    this.events = new HaEventLog(b.time, EVENT_LOG_CAPACITY);
    this.probes =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "selene-ha-probe-" + b.label);
              t.setDaemon(true);
              return t;
            });
    this.watchdog =
        new FailoverWatchdog(b.time, settings.failoverTimeout(), probes, HaGroup::unresponsive);
    this.groupSmk = facts.smk();
    for (HaMember m : this.members) {
      if (facts.version() == 1
          && m.state == MemberState.ACTIVE
          && groupSmk.isPresent()
          && !groupSmk.equals(m.smk)) {
        awaitSmk(m);
        continue;
      }
      if (m.state == MemberState.DOWN) {
        events.record(
            HaEvent.Kind.MEMBER_FAILED,
            m.serial,
            "unreachable when the group was made: " + m.lastError);
      }
    }
    if (this.members.stream().noneMatch(HaMember::active)) {
      lost.set(true);
      events.record(HaEvent.Kind.GROUP_LOST, null, "no member answered when the group was made");
    }
    for (HaMember m : this.members) {
      if (m.state == MemberState.DOWN && !m.awaitingSmk) {
        scheduleRecovery(m);
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Assembles and validates a group. */
  public static final class Builder {
    private String label;
    private String serial;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Boolean> standby = new ArrayList<>();
    private HaSettings settings = HaSettings.defaults();
    private TimeSource time = TimeSource.system();
    private Scheduler scheduler;

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** The group's pseudo serial number. */
    public Builder serial(String serial) {
      this.serial = serial;
      return this;
    }

    public Builder member(Slot slot) {
      return member(slot, false);
    }

    public Builder member(Slot slot, boolean isStandby) {
      slots.add(Objects.requireNonNull(slot, "slot"));
      standby.add(isStandby);
      return this;
    }

    public Builder settings(HaSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The time source for failover timeouts, the event log and recovery scheduling (the system's by
     * default).
     */
    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Validates the members and builds the group as slot {@code slotId}. */
    public HaGroup build(int slotId) throws HsmException {
      if (label == null || label.isBlank()) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "an HA group needs a label");
      }
      if (serial == null || !serial.matches("\\d{1,20}")) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "HA group " + label + " needs a pseudo serial of 1 to 20 digits, not '" + serial + "'");
      }
      if (slots.isEmpty()) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "HA group " + label + " has no members");
      }
      scheduler = time.scheduler("selene-ha-" + label);
      List<HaMember> members = new ArrayList<>();
      List<MemberFacts> reachable = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        for (int j = 0; j < i; j++) {
          if (slots.get(j) == s) {
            throw new HsmException(
                Ckr.ARGUMENTS_BAD, "HA group " + label + " names slot " + s.slotId() + " twice");
          }
        }
        SlotInfo info = s.info();
        String memberSerial = info.tokenSerial() != null ? info.tokenSerial() : "slot" + s.slotId();
        if (info.kind() != SlotInfo.Kind.APPLICATION) {
          throw new HsmException(
              Ckr.SLOT_ID_INVALID,
              "HA group "
                  + label
                  + ": slot "
                  + s.slotId()
                  + " is not an application partition slot");
        }
        HaMember m = new HaMember(s, memberSerial, standby.get(i));
        try {
          MemberFacts f = readFacts(s, memberSerial);
          m.smk = f.smk();
          reachable.add(f);
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw new HsmException(
                e.returnCode(),
                "HA group " + label + ", member " + memberSerial + ": " + e.detail(),
                e);
          }
          m.state = MemberState.DOWN;
          m.lastError = e.getMessage();
        }
        members.add(m);
      }
      MemberFacts facts = GroupRules.validate(label, reachable);
      return new HaGroup(slotId, this, members, facts);
    }

    /** Validates, builds and appends the group to {@code table} as a virtual slot. */
    public HaGroup register(SlotTable table) throws HsmException {
      HsmException[] failure = new HsmException[1];
      HaGroup[] built = new HaGroup[1];
      try {
        table.addVirtualSlot(
            id -> {
              try {
                built[0] = build(id);
                return built[0];
              } catch (HsmException e) {
                failure[0] = e;
                throw new IllegalStateException(e);
              }
            });
      } catch (IllegalStateException e) {
        if (failure[0] != null) {
          throw failure[0];
        }
        throw e;
      }
      return built[0];
    }
  }

  static MemberFacts readFacts(Slot s, String serial) throws HsmException {
    PartitionInfo p = s.partitionInfo();
    if (!p.initialized()) {
      throw new HsmException(
          Ckr.TOKEN_NOT_RECOGNIZED, "partition " + serial + " is not initialized");
    }
    return new MemberFacts(
        serial,
        p.version(),
        MemberFacts.hex(s.cloningDomainFingerprint()),
        s.smkFingerprint().map(MemberFacts::hex));
  }

  // ---------------------------------------------------------------- group status

  public String label() {
    return label;
  }

  public String serial() {
    return serial;
  }

  /** Each member's state: the CA_GetCurrentHAState equivalent. Answers from memory, never waits. */
  public List<HaMemberStatus> status() {
    return members.stream().map(HaMember::status).toList();
  }

  /** The HA event log, oldest first. */
  public List<HaEvent> events() {
    return events.snapshot();
  }

  /** Serials of the member slots, for listings that hide them (HAOnly). */
  public List<Integer> memberSlotIds() {
    return members.stream().map(m -> m.slot.slotId()).toList();
  }

  /**
   * Brings a member that recovery gave up on back: it is probed at once (on the scheduler) and
   * rejoins when it passes.
   */
  public void recoverMember(String memberSerial) throws HsmException {
    HaMember m =
        members.stream()
            .filter(x -> x.serial.equals(memberSerial))
            .findFirst()
            .orElseThrow(
                () ->
                    new HsmException(
                        Ckr.ARGUMENTS_BAD, "HA group " + label + " has no member " + memberSerial));
    if (m.state == MemberState.OUT) {
      m.state = MemberState.DOWN;
      m.misfit = false;
      m.attempts.set(0);
      scheduleRecovery(m, Duration.ZERO);
    }
  }

  /**
   * Probes every member that is not active now, on the calling thread, and lets each that answers
   * rejoin: the {@code hagroup recover} of the admin shell. Members recovery gave up on are tried
   * too. Each probe is bounded by ProbeTimeout; a member that still does not answer stays down with
   * its usual recovery schedule.
   *
   * @return each member's state afterwards
   */
  public List<HaMemberStatus> recover() {
    for (HaMember m : members) {
      if (m.state == MemberState.OUT) {
        m.state = MemberState.DOWN;
        m.misfit = false;
        m.attempts.set(0);
      }
      if (m.state == MemberState.DOWN) {
        Scheduler.Task pending = m.recovery;
        if (pending != null) {
          pending.cancel();
        }
        recover(m);
      }
    }
    return status();
  }

  @Override
  public int slotId() {
    return slotId;
  }

  @Override
  public <R> R call(SlotCall<R> call) throws HsmException {
    return HaCallDispatch.dispatch(this, call);
  }

  @Override
  public SlotInfo info() {
    long active = members.stream().filter(HaMember::active).count();
    return new SlotInfo(
        slotId,
        SlotInfo.Kind.HA_VIRTUAL,
        active > 0,
        label,
        serial,
        null,
        "HA virtual slot",
        -1,
        active + " of " + members.size() + " member(s) active");
  }

  @Override
  public String toString() {
    return "HaGroup[" + label + " " + serial + ", slot " + slotId + ", " + status() + "]";
  }

  // ---------------------------------------------------------------- failure and recovery

  static boolean isGone(HsmException e) {
    long c = e.returnCode();
    return c == Ckr.TOKEN_NOT_PRESENT
        || c == Ckr.DEVICE_ERROR
        || c == Ckr.DEVICE_REMOVED
        || c == Ckr.SESSION_HANDLE_INVALID;
  }

  private HsmException noActiveMember() {
    return new HsmException(
        Ckr.TOKEN_NOT_PRESENT,
        "HA group " + label + " has no active member; it recovers by itself when a member returns");
  }

  /** Takes a member out of rotation and starts its recovery. */
  private void markDown(HaMember m, HsmException cause) {
    synchronized (m) {
      if (m.state != MemberState.ACTIVE && m.state != MemberState.SYNCING) {
        return;
      }
      m.state = MemberState.DOWN;
      m.lastError = cause.getMessage();
      m.attempts.set(0);
    }
    for (VirtualSession vs : sessions.values()) {
      vs.pinned.values().removeIf(p -> p == m);
    }
    events.record(HaEvent.Kind.MEMBER_FAILED, m.serial, cause.getMessage());
    if (members.stream().noneMatch(HaMember::active) && lost.compareAndSet(false, true)) {
      groupLost();
      return; // every member is now probed at the fast pace, this one included
    }
    scheduleRecovery(m);
  }

  /**
   * The last active member was lost (runs once per loss): the loss is logged, every member that may
   * come back is probed at the fast pace, and in activeBasic mode the sessions end.
   */
  private void groupLost() {
    events.record(
        HaEvent.Kind.GROUP_LOST,
        null,
        "no active member left; probing every "
            + LOST_PROBE_FIRST.toMillis()
            + " ms to "
            + LOST_PROBE_MAX.toMillis()
            + " ms until one"
            + " returns");
    if (!settings.sessionsSurviveGroupLoss()) {
      endSessionsAfterLoss();
    }
    for (HaMember x : members) {
      if (x.state == MemberState.OUT && !x.misfit) {
        x.state = MemberState.DOWN; // gave up while others served; the group needs it now
      }
      if (x.state == MemberState.DOWN && !x.awaitingSmk) {
        x.lostProbes.set(0);
        Scheduler.Task pending = x.recovery;
        if (pending != null) {
          pending.cancel();
        }
        scheduleRecovery(x);
      }
    }
  }

  /**
   * activeBasic: a loss of every member ends the application's sessions and logins, as a client
   * library restart would; their handles answer {@code CKR_SESSION_HANDLE_INVALID}. Member sessions
   * are not closed now (the members are gone); they are closed on return.
   */
  private void endSessionsAfterLoss() {
    for (VirtualSession vs : List.copyOf(sessions.values())) {
      if (sessions.remove(vs.id) == null) {
        continue;
      }
      endedByLoss.add(vs.id);
      vs.pinned.clear();
      for (HaMember m : members) {
        Long ms = m.sessions.remove(vs.id);
        if (ms != null) {
          m.orphanSessions.add(ms);
        }
      }
    }
    objects.values().removeIf(vo -> !vo.token);
    for (Long app : List.copyOf(logins.keySet())) {
      Login gone = logins.remove(app);
      if (gone != null) {
        Arrays.fill(gone.pin(), '\0');
      }
    }
  }

  /** First probe after a loss of every member; the pace doubles up to {@link #LOST_PROBE_MAX}. */
  static final Duration LOST_PROBE_FIRST = Duration.ofMillis(100);

  /** Longest wait between probes while no member is active. */
  static final Duration LOST_PROBE_MAX = Duration.ofSeconds(1);

  private void scheduleRecovery(HaMember m) {
    if (lost.get()) {
      scheduleRecovery(m, lostProbeDelay(m));
      return;
    }
    if (!settings.autoReconnectEnabled()) {
      return;
    }
    scheduleRecovery(m, settings.autoReconnectInterval());
  }

  /** 100 ms, 200 ms, ... up to 1 s (never beyond AutoReconnectInterval). */
  private Duration lostProbeDelay(HaMember m) {
    int k = Math.min(m.lostProbes.getAndIncrement(), 10);
    Duration d = LOST_PROBE_FIRST.multipliedBy(1L << k);
    Duration cap =
        LOST_PROBE_MAX.compareTo(settings.autoReconnectInterval()) < 0
            ? LOST_PROBE_MAX
            : settings.autoReconnectInterval();
    return d.compareTo(cap) > 0 ? cap : d;
  }

  private void scheduleRecovery(HaMember m, Duration delay) {
    m.recovery = scheduler.schedule(() -> recover(m), delay);
  }

  /** One recovery attempt (on the scheduler, or forced by {@link #recover()}). */
  void recover(HaMember m) {
    if (!m.probing.compareAndSet(false, true)) {
      return; // another attempt is probing it right now
    }
    try {
      recoverOnce(m);
    } finally {
      m.probing.set(false);
    }
  }

  private void recoverOnce(HaMember m) {
    if (m.state != MemberState.DOWN) {
      return;
    }
    int attempt = m.attempts.incrementAndGet();
    boolean logged = worthLogging(attempt);
    if (logged) {
      events.record(HaEvent.Kind.RECOVERY_ATTEMPT, m.serial, "attempt " + attempt);
    }
    try {
      MemberFacts f = probe(m);
      GroupRules.check(
          label,
          new MemberFacts(facts.serial(), facts.version(), facts.domain(), Optional.empty()),
          f);
      boolean wasLost;
      lock.writeLock().lock();
      try {
        m.state = MemberState.SYNCING;
        rejoin(m, f);
        m.state = MemberState.ACTIVE;
        m.attempts.set(0);
        m.lostProbes.set(0);
        m.lastError = null;
        wasLost = lost.compareAndSet(true, false);
      } finally {
        lock.writeLock().unlock();
      }
      events.record(HaEvent.Kind.MEMBER_REJOINED, m.serial, "after " + attempt + " attempt(s)");
      if (wasLost) {
        events.record(HaEvent.Kind.GROUP_RECOVERED, m.serial, "the group serves again");
      }
    } catch (SmkPending e) {
      m.state = MemberState.DOWN;
      m.lastError = e.getMessage();
      m.awaitingSmk = true;
      dropMemberSessions(m);
      events.record(HaEvent.Kind.RECOVERY_FAILED, m.serial, e.getMessage());
    } catch (HsmException | RuntimeException e) {
      m.state = MemberState.DOWN;
      m.lastError = e.getMessage();
      dropMemberSessions(m);
      if (logged) {
        events.record(HaEvent.Kind.RECOVERY_FAILED, m.serial, e.getMessage());
      }
      boolean misfit =
          e instanceof HsmException h && h.returnCode() == Ckr.OPERATION_NOT_ALLOWED
              || e instanceof HsmException h2 && h2.returnCode() == Ckr.PIN_INCORRECT;
      boolean exhausted =
          settings.reconnectAttempts() > 0 && attempt >= settings.reconnectAttempts();
      boolean groupLost = lost.get();
      if (misfit || (exhausted && !groupLost)) {
        m.state = MemberState.OUT;
        m.misfit = misfit;
        events.record(
            HaEvent.Kind.MEMBER_OUT,
            m.serial,
            misfit
                ? "it does not fit the group: " + e.getMessage()
                : "gave up after " + attempt + " attempt(s)");
      } else {
        scheduleRecovery(m);
      }
    }
  }

  /**
   * Whether a probe is logged: always at the AutoReconnectInterval pace; while every member is lost
   * (a probe a second) only attempts 1, 2, 4, 8, ..., so a long outage cannot flush the bounded
   * event log, GROUP_LOST included.
   */
  private boolean worthLogging(int attempt) {
    return !lost.get() || Integer.bitCount(attempt) == 1;
  }

  /** A health probe bounded by ProbeTimeout, so a hung member cannot stall recovery. */
  private MemberFacts probe(HaMember m) throws HsmException {
    Future<MemberFacts> f =
        probes.submit(
            () -> {
              if (!m.slot.info().tokenPresent()) {
                throw new HsmException(Ckr.TOKEN_NOT_PRESENT, m + " shows no partition");
              }
              return readFacts(m.slot, m.serial);
            });
    try {
      return f.get(settings.probeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          m + " did not answer its probe within " + settings.probeTimeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HsmException h) {
        throw h;
      }
      throw new HsmException(Ckr.GENERAL_ERROR, "probe of " + m + " failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HsmException(Ckr.FUNCTION_CANCELED, "interrupted while probing " + m);
    }
  }

  private void dropMemberSessions(HaMember m) {
    for (Long ms = m.orphanSessions.poll(); ms != null; ms = m.orphanSessions.poll()) {
      try {
        m.slot.closeSession(ms);
      } catch (HsmException e) {
        // It restarted or is gone; the handle is dead either way.
      }
    }
    for (Long ms : m.sessions.values()) {
      try {
        m.slot.closeSession(ms);
      } catch (HsmException e) {
        // It restarted or is gone; the handle is dead either way.
      }
    }
    m.sessions.clear();
    // Session objects die with the member's sessions; they are cloned into its new ones.
    objects
        .values()
        .forEach(
            vo -> {
              if (!vo.token) {
                vo.copies.remove(m);
              }
            });
  }

  /** A V1 member with another SMK (or none) waits until a Crypto Officer login hands it over. */
  private void awaitSmk(HaMember m) {
    m.state = MemberState.DOWN;
    m.awaitingSmk = true;
    m.lastError =
        "V1 member "
            + m.serial
            + " has "
            + (m.smk.isEmpty() ? "no SMK" : "another SMK")
            + "; it takes the group's at the next Crypto Officer login through the group";
    events.record(HaEvent.Kind.MEMBER_FAILED, m.serial, m.lastError);
  }

  /** Under the write lock: sessions, logins, SMK and objects brought in line. */
  private void rejoin(HaMember m, MemberFacts f) throws HsmException {
    m.smk = f.smk();
    if (facts.version() == 1
        && groupSmk.isPresent()
        && !groupSmk.equals(f.smk())
        && officerSession() == null) {
      throw new SmkPending(m);
    }
    dropMemberSessions(m);
    for (VirtualSession vs : sessions.values()) {
      m.sessions.put(vs.id, m.slot.openSession(vs.appId, vs.readWrite));
    }
    VirtualSession loggedIn = null;
    for (Map.Entry<Long, Login> e : logins.entrySet()) {
      VirtualSession vs = anySessionOf(e.getKey());
      if (vs == null) {
        continue;
      }
      try {
        m.slot.login(m.sessions.get(vs.id), e.getValue().role(), e.getValue().pin());
      } catch (HsmException x) {
        if (x.returnCode() != Ckr.USER_ALREADY_LOGGED_IN) {
          throw x;
        }
      }
      if (e.getValue().role().isCryptoRole()) {
        loggedIn = vs;
      }
    }
    if (loggedIn == null) {
      m.needsSync = true;
      return;
    }
    if (facts.version() == 1) {
      handOverSmk(m);
    }
    reconcile(m, loggedIn);
    fillMissing();
    m.needsSync = false;
  }

  /** Thrown by a rejoin that needs the group's SMK while no Crypto Officer is logged in. */
  private static final class SmkPending extends HsmException {
    SmkPending(HaMember m) {
      super(
          Ckr.USER_NOT_LOGGED_IN,
          "V1 "
              + m
              + " has "
              + (m.smk.isEmpty() ? "no SMK" : "another SMK")
              + "; it takes the group's at the next Crypto Officer login through"
              + " the group");
    }
  }

  /**
   * A V1 member whose primary SMK is not the group's takes the group's by SMK cloning from an
   * active member that holds it (needs a Crypto Officer logged in through the group). With no group
   * SMK known yet, the member's own becomes the group's.
   */
  private void handOverSmk(HaMember m) throws HsmException {
    VirtualSession co = officerSession();
    if (co == null) {
      if (groupSmk.isPresent() && !groupSmk.equals(m.smk)) {
        throw new SmkPending(m);
      }
      return;
    }
    Long target = m.sessions.get(co.id);
    if (target == null) {
      throw new HsmException(Ckr.SESSION_HANDLE_INVALID, m + " has no session to take the SMK");
    }
    m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
    if (groupSmk.isEmpty()) {
      groupSmk = m.smk;
      return;
    }
    if (groupSmk.equals(m.smk)) {
      return;
    }
    byte[] payload = null;
    for (HaMember source : members) {
      Long ss = source.sessions.get(co.id);
      if (source == m || !source.active() || !groupSmk.equals(source.smk) || ss == null) {
        continue;
      }
      try {
        payload =
            source.slot.cloneSmkOut(
                ss, m.slot.cloningTarget(target), settings.networkReplication());
        break;
      } catch (HsmException e) {
        if (!isGone(e)) {
          throw e;
        }
        markDown(source, e); // lost since its last call; another holder may hand it over
      }
    }
    if (payload == null) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          m + " has another SMK and no active member" + " holding the group's can hand it over");
    }
    m.slot.cloneSmkIn(target, payload, settings.networkReplication());
    m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
    if (!groupSmk.equals(m.smk)) {
      throw new HsmException(Ckr.DEVICE_ERROR, m + " did not take the group's SMK");
    }
    m.awaitingSmk = false;
    events.record(HaEvent.Kind.RESYNC, m.serial, "took the group's SMK by SMK cloning");
  }

  /**
   * V1, after a Crypto Officer login: every active member's SMK is made the group's, then the
   * members that waited for it join (synchronously, so they serve when the login returns).
   */
  private void alignSmks() throws HsmException {
    lock.writeLock().lock();
    try {
      for (HaMember m : rotationAll()) {
        try {
          handOverSmk(m);
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw e;
          }
          markDown(m, e);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (HaMember m : members) {
      if (m.awaitingSmk && m.state == MemberState.DOWN) {
        recover(m);
      }
    }
  }

  /** A virtual session whose application is logged in as Crypto Officer, or null. */
  private VirtualSession officerSession() {
    for (Map.Entry<Long, Login> e : logins.entrySet()) {
      if (e.getValue().role() == Role.CRYPTO_OFFICER) {
        VirtualSession vs = anySessionOf(e.getKey());
        if (vs != null) {
          return vs;
        }
      }
    }
    return null;
  }

  private VirtualSession anySessionOf(long appId) {
    return sessions.values().stream().filter(v -> v.appId == appId).findFirst().orElse(null);
  }

  private VirtualSession loggedInSession() {
    for (Map.Entry<Long, Login> e : logins.entrySet()) {
      if (e.getValue().role().isCryptoRole()) {
        VirtualSession vs = anySessionOf(e.getKey());
        if (vs != null) {
          return vs;
        }
      }
    }
    return null;
  }

  /**
   * Matches a member's token objects to the registry by identity: unknown or stale copies go, and
   * copies the member holds are recorded. {@code adopt} (first sync) registers unknown objects
   * instead of removing them.
   */
  private void reconcile(HaMember m, VirtualSession vs) throws HsmException {
    reconcile(m, vs, false);
  }

  private void reconcile(HaMember m, VirtualSession vs, boolean adoptUnknown) throws HsmException {
    long ms = m.sessions.get(vs.id);
    // A member that may hold leftovers of an abandoned creation adopts nothing this time.
    boolean adopt = adoptUnknown && !m.mayHoldLeftovers;
    Map<String, List<VirtualObject>> byIdentity = new HashMap<>();
    for (VirtualObject vo : objects.values()) {
      if (vo.token) {
        vo.copies.remove(m);
        byIdentity.computeIfAbsent(vo.identity(), k -> new ArrayList<>()).add(vo);
      }
    }
    int removed = 0;
    int adopted = 0;
    for (long h : m.slot.findObjects(ms, Attributes.builder().set(Cka.TOKEN, true).build())) {
      Attributes a = m.slot.getAttributes(ms, h);
      String ouid = MemberFacts.hex(a.get(Cka.OUID));
      String id = ouid + "/" + digest(a);
      VirtualObject match =
          byIdentity.getOrDefault(id, List.of()).stream()
              .filter(vo -> !vo.copies.containsKey(m))
              .findFirst()
              .orElse(null);
      if (match == null && !abandoned.contains(ouid)) {
        match = matchByCommitment(m, ms, h, a, ouid, byIdentity);
      }
      if (match == null && abandoned.contains(ouid)) {
        m.slot.destroyObject(ms, h); // made by a creation that failed: it leaves no trace
        removed++;
      } else if (match != null) {
        match.copies.put(m, h);
      } else if (adopt) {
        VirtualObject vo =
            new VirtualObject(
                nextHandle.getAndIncrement(), MemberFacts.hex(a.get(Cka.OUID)), digest(a), true, 0);
        vo.copies.put(m, h);
        objects.put(vo.handle, vo);
        byIdentity.computeIfAbsent(id, k -> new ArrayList<>()).add(vo);
        adopted++;
      } else {
        m.slot.destroyObject(ms, h);
        removed++;
      }
    }
    m.mayHoldLeftovers = false;
    if (removed + adopted > 0) {
      events.record(
          HaEvent.Kind.RESYNC,
          m.serial,
          removed + " object(s) the group does not hold" + " removed, " + adopted + " adopted");
    }
  }

  /**
   * Matches a member copy that differs from a recorded object by a purpose commitment only. A copy
   * that missed the group's commitment (its member was away) is committed now; if the member
   * refuses the change, the copy is kept and committed at the key's next use (never used before
   * that). A copy its member committed on its own gives the group its commitment, which the next
   * use spreads to the other copies. Anything else is no match.
   */
  private VirtualObject matchByCommitment(
      HaMember m,
      long ms,
      long h,
      Attributes a,
      String ouid,
      Map<String, List<VirtualObject>> byIdentity)
      throws HsmException {
    if (PurposeCommitment.isUncommitted(a)) {
      for (PurposeCommitment.Candidate c : PurposeCommitment.commitments(a)) {
        VirtualObject vo = unmatched(byIdentity, ouid + "/" + digest(c.committed()), m);
        if (vo == null) {
          continue;
        }
        vo.committedUse = c.usage();
        try {
          m.slot.setAttributes(ms, h, c.change());
        } catch (HsmException e) {
          if (isGone(e)) {
            throw e;
          }
          vo.purposeSettled = false;
        }
        return vo;
      }
    } else if (PurposeCommitment.isCommitted(a)) {
      for (Attributes origin : PurposeCommitment.origins(a)) {
        VirtualObject vo = unmatched(byIdentity, ouid + "/" + digest(origin), m);
        if (vo == null) {
          continue;
        }
        byIdentity.get(vo.identity()).remove(vo);
        vo.digest = digest(a);
        vo.committedUse = PurposeCommitment.keptUse(a);
        vo.purposeSettled = false;
        byIdentity.computeIfAbsent(vo.identity(), k -> new ArrayList<>()).add(vo);
        return vo;
      }
    }
    return null;
  }

  private static VirtualObject unmatched(
      Map<String, List<VirtualObject>> byIdentity, String id, HaMember m) {
    return byIdentity.getOrDefault(id, List.of()).stream()
        .filter(vo -> !vo.copies.containsKey(m))
        .findFirst()
        .orElse(null);
  }

  /** Active, or being brought in line under the write lock (a valid clone source by then). */
  private static boolean serving(HaMember m) {
    return m.state == MemberState.ACTIVE || m.state == MemberState.SYNCING;
  }

  /**
   * Clones every acknowledged object to each serving member that lacks it; the member being
   * rejoined may be the only holder left (every other member was lost after it made the object).
   */
  private void fillMissing() throws HsmException {
    for (HaMember m : members) {
      if (!serving(m)) {
        continue;
      }
      int cloned = 0;
      for (VirtualObject vo : objects.values()) {
        if (vo.copies.containsKey(m)) {
          continue;
        }
        VirtualSession vs = vo.token ? loggedInSession() : sessions.get(vo.owner);
        if (vs == null || m.sessions.get(vs.id) == null) {
          continue;
        }
        Map.Entry<HaMember, Long> source =
            vo.copies.entrySet().stream()
                .filter(
                    e ->
                        e.getKey() != m
                            && serving(e.getKey())
                            && e.getKey().sessions.containsKey(vs.id))
                .findFirst()
                .orElse(null);
        if (source == null) {
          continue;
        }
        HaMember from = source.getKey();
        byte[] target;
        try {
          target = cloningTargetOf(m, m.sessions.get(vs.id));
        } catch (HsmException e) {
          lostDuringFill(m, e);
          break;
        }
        byte[] payload;
        try {
          payload = copyOut(from, from.sessions.get(vs.id), source.getValue(), target);
        } catch (HsmException e) {
          lostDuringFill(from, e);
          continue;
        }
        try {
          vo.copies.put(m, copyIn(m, m.sessions.get(vs.id), payload, vo.ouid));
        } catch (HsmException e) {
          lostDuringFill(m, e);
          break;
        }
        cloned++;
      }
      if (cloned > 0) {
        events.record(HaEvent.Kind.RESYNC, m.serial, cloned + " object(s) cloned in");
      }
    }
  }

  /**
   * A member lost while gaps were being filled: an active one (restarted since its last call) is
   * marked down and the fill goes on; the member being rejoined fails its rejoin.
   */
  private void lostDuringFill(HaMember m, HsmException e) throws HsmException {
    if (!isGone(e) || m.state == MemberState.SYNCING) {
      throw e;
    }
    markDown(m, e);
  }

  /**
   * The first time an application logs in, and after a member rejoined with nobody logged in: every
   * member's objects are matched, the union adopted the first time, and gaps filled.
   */
  private void syncIfNeeded() throws HsmException {
    if (synced && members.stream().noneMatch(m -> m.needsSync && m.active())) {
      return;
    }
    lock.writeLock().lock();
    try {
      VirtualSession vs = loggedInSession();
      if (vs == null) {
        return;
      }
      boolean first = !synced;
      for (HaMember m : members) {
        if (m.active() && (first || m.needsSync) && m.sessions.containsKey(vs.id)) {
          try {
            reconcile(m, vs, first);
            m.needsSync = false;
          } catch (HsmException e) {
            if (!isGone(e)) {
              throw e;
            }
            markDown(m, e);
          }
        }
      }
      fillMissing();
      synced = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Re-reads every member and fills gaps, e.g. after a restore into the members. */
  public void resynchronize() throws HsmException {
    lock.writeLock().lock();
    try {
      synced = false;
    } finally {
      lock.writeLock().unlock();
    }
    syncIfNeeded();
  }

  static String digest(Attributes readable) {
    byte[] enc = readable.toBuilder().remove(Cka.USAGE_COUNT).build().encode();
    try {
      return MemberFacts.hex(Arrays.copyOf(SoftwareProviders.digest("SHA-256").digest(enc), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  // ---------------------------------------------------------------- routing

  @FunctionalInterface
  private interface MemberCall<T> {
    T call(HaMember m, long memberSession) throws HsmException;
  }

  /**
   * Runs one call on a member. If the member stops answering, the call waits no longer than the
   * failover timeout ({@code haFailoverTimeout}) and then fails with {@code CKR_DEVICE_ERROR},
   * which takes the member out so the caller fails over.
   */
  private <T> T invoke(HaMember m, long memberSession, MemberCall<T> call) throws HsmException {
    FailoverWatchdog.Call c = watchdog.enter(m);
    T result;
    try {
      result = call.call(m, memberSession);
    } catch (HsmException | RuntimeException e) {
      if (watchdog.exit(c)) {
        throw new HsmException(
            Ckr.DEVICE_ERROR,
            m
                + " did not answer within the HA failover"
                + " timeout of "
                + watchdog.timeout().toMillis()
                + " ms (haFailoverTimeout)",
            e);
      }
      throw e;
    }
    watchdog.exit(c); // a cancellation that lost the race to the answer changes nothing
    return result;
  }

  /** Whether a member fails a status read that does not wait: hung, halted, gone. */
  private static boolean unresponsive(HaMember m) {
    try {
      return !m.slot.info().tokenPresent();
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Thrown inside a member call when that member holds no copy of an object. */
  private static final class NoCopy extends RuntimeException {
    NoCopy() {
      super(null, null, false, false);
    }
  }

  private VirtualSession session(long handle) throws HsmException {
    VirtualSession vs = sessions.get(handle);
    if (vs == null) {
      if (endedByLoss.contains(handle)) {
        throw new HsmException(
            Ckr.SESSION_HANDLE_INVALID,
            "session "
                + handle
                + " of HA group "
                + label
                + " ended when every member was lost (VirtualTokenActiveRecovery ="
                + " activeBasic); open a new session and log in again");
      }
      throw new HsmException(
          Ckr.SESSION_HANDLE_INVALID, "session " + handle + " is not open on HA slot " + slotId);
    }
    return vs;
  }

  private VirtualObject object(long handle) throws HsmException {
    VirtualObject vo = objects.get(handle);
    if (vo == null) {
      throw new HsmException(
          Ckr.OBJECT_HANDLE_INVALID, "no object with handle " + handle + " in HA group " + label);
    }
    return vo;
  }

  /** The member's handle for a virtual one; {@link NoCopy} when it holds no copy. */
  private long on(HaMember m, long virtualHandle) throws HsmException {
    Long h = object(virtualHandle).copies.get(m);
    if (h == null) {
      throw new NoCopy();
    }
    return h;
  }

  /** Members in the order an operation tries them. */
  private List<HaMember> rotation() {
    List<HaMember> primary = new ArrayList<>();
    List<HaMember> standbys = new ArrayList<>();
    for (HaMember m : members) {
      if (m.active()) {
        (m.standby ? standbys : primary).add(m);
      }
    }
    List<HaMember> order = primary.isEmpty() ? standbys : primary;
    if (settings.loadBalancing() == LoadBalancing.ROUND_ROBIN && order.size() > 1) {
      int start = (int) Math.floorMod(roundRobin.getAndIncrement(), (long) order.size());
      List<HaMember> rotated = new ArrayList<>(order.subList(start, order.size()));
      rotated.addAll(order.subList(0, start));
      order = rotated;
    }
    if (!primary.isEmpty()) {
      order = new ArrayList<>(order);
      order.addAll(standbys);
    }
    return order;
  }

  /**
   * The member a call tries first (the next active one in rotation, standbys only when no other
   * member is active), chosen without allocating: the fast path of every single-part call. Null
   * when no member is active.
   */
  private HaMember preferred() {
    int primaries = 0;
    int standbys = 0;
    for (HaMember m : memberArray) {
      if (m.active()) {
        if (m.standby) {
          standbys++;
        } else {
          primaries++;
        }
      }
    }
    boolean useStandby = primaries == 0;
    int n = useStandby ? standbys : primaries;
    if (n == 0) {
      return null;
    }
    int k =
        settings.loadBalancing() == LoadBalancing.ROUND_ROBIN && n > 1
            ? (int) Math.floorMod(roundRobin.getAndIncrement(), (long) n)
            : 0;
    for (HaMember m : memberArray) {
      if (m.active() && m.standby == useStandby && k-- == 0) {
        return m;
      }
    }
    return null; // a state changed meanwhile; the full rotation decides
  }

  /** Runs a call on one active member, failing over to the next while members are lost. */
  private <T> T onAny(VirtualSession vs, MemberCall<T> call) throws HsmException {
    lock.readLock().lock();
    try {
      boolean noCopy = false;
      HaMember first = preferred();
      Long firstSession =
          first == null ? null : vs == null ? NO_SESSION : first.sessions.get(vs.id);
      if (firstSession != null) {
        try {
          return invoke(first, firstSession, call);
        } catch (NoCopy e) {
          noCopy = true;
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw e;
          }
          markDown(first, e);
        }
      }
      for (int round = 0; round <= members.size(); round++) {
        List<HaMember> order = rotation();
        if (order.isEmpty()) {
          throw noActiveMember();
        }
        boolean lost = false;
        for (HaMember m : order) {
          Long ms = vs == null ? Long.valueOf(0) : m.sessions.get(vs.id);
          if (ms == null || !m.active()) {
            continue;
          }
          try {
            return invoke(m, ms, call);
          } catch (NoCopy e) {
            noCopy = true;
          } catch (HsmException e) {
            if (!isGone(e)) {
              throw e;
            }
            markDown(m, e);
            lost = true;
          }
        }
        if (!lost) {
          break;
        }
      }
      if (members.stream().noneMatch(HaMember::active)) {
        throw noActiveMember();
      }
      throw new HsmException(
          noCopy ? Ckr.OBJECT_HANDLE_INVALID : Ckr.TOKEN_NOT_PRESENT,
          "HA group "
              + label
              + ": no active member could serve the call"
              + (noCopy ? " (none holds the object)" : ""));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs a change on every active member, the first one first: its refusal is the caller's answer
   * and nothing else is touched. A member lost on the way is marked down (it is resynchronised when
   * it returns); one that disagrees after the first agreed is marked down too.
   */
  private void onAll(VirtualSession vs, MemberCall<Void> call) throws HsmException {
    lock.readLock().lock();
    try {
      boolean done = false;
      for (HaMember m : rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null || !m.active()) {
          continue;
        }
        try {
          invoke(m, ms, call);
          done = true;
        } catch (NoCopy e) {
          // This member never got the object; nothing to change there.
        } catch (HsmException e) {
          if (isGone(e)) {
            markDown(m, e);
          } else if (!done) {
            throw e;
          } else {
            markDown(
                m,
                new HsmException(e.returnCode(), m + " disagreed with the group: " + e.detail()));
          }
        }
      }
      if (!done) {
        throw noActiveMember();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every active member, declaration order. */
  private List<HaMember> rotationAll() {
    return members.stream().filter(HaMember::active).toList();
  }

  // ---------------------------------------------------------------- object creation

  @FunctionalInterface
  private interface Creator {
    long[] create(HaMember m, long memberSession) throws HsmException;
  }

  /**
   * Makes objects on one member and clones them to every other active member before returning their
   * virtual handles. A creation either takes effect everywhere and returns, or fails and leaves no
   * trace: whatever an abandoned attempt made is removed from the members that answer, and its
   * OUIDs are remembered so members that did not answer lose those objects when they return (see
   * {@link #abandon}). If the maker is lost midway another member makes them afresh.
   */
  private long[] create(VirtualSession vs, Creator creator) throws HsmException {
    return create(vs, creator, null);
  }

  /** As above, made on {@code preferredMaker} while it is active (null: the rotation decides). */
  private long[] create(VirtualSession vs, Creator creator, HaMember preferredMaker)
      throws HsmException {
    lock.readLock().lock();
    try {
      for (int round = 0; round <= members.size(); round++) {
        List<HaMember> order = rotation();
        if (order.isEmpty()) {
          throw noActiveMember();
        }
        HaMember maker =
            preferredMaker != null && order.contains(preferredMaker)
                ? preferredMaker
                : order.get(0);
        Long ms = maker.sessions.get(vs.id);
        if (ms == null) {
          markDown(
              maker,
              new HsmException(
                  Ckr.SESSION_HANDLE_INVALID,
                  maker + " has no session for virtual session " + vs.id));
          continue;
        }
        long[] made;
        try {
          made = invoke(maker, ms, creator::create);
        } catch (NoCopy e) {
          throw new HsmException(
              Ckr.OBJECT_HANDLE_INVALID,
              "HA group " + label + ": " + maker + " lacks an object the call names");
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw e;
          }
          // It may have made the objects before the answer was lost: it prunes when it returns.
          maker.mayHoldLeftovers = true;
          markDown(maker, e);
          continue;
        }
        List<VirtualObject> created = new ArrayList<>();
        try {
          for (long h : made) {
            Attributes a = invoke(maker, ms, (x, xs) -> x.slot.getAttributes(xs, h));
            boolean token = a.bool(Cka.TOKEN, false);
            VirtualObject vo =
                new VirtualObject(
                    nextHandle.getAndIncrement(),
                    MemberFacts.hex(a.get(Cka.OUID)),
                    digest(a),
                    token,
                    token ? 0 : vs.id);
            vo.copies.put(maker, h);
            created.add(vo);
          }
          for (VirtualObject vo : created) {
            replicate(vs, maker, vo);
          }
        } catch (MakerLost e) {
          abandon(vs, created, maker, maker, made);
          markDown(maker, e.cause);
          continue;
        } catch (HsmException e) {
          if (isGone(e)) {
            abandon(vs, created, maker, maker, made);
            markDown(maker, e);
            continue;
          }
          abandon(vs, created, maker, null, made);
          throw e;
        } catch (RuntimeException e) {
          abandon(vs, created, maker, null, made);
          throw e;
        }
        long[] handles = new long[created.size()];
        for (int i = 0; i < handles.length; i++) {
          VirtualObject vo = created.get(i);
          abandoned.remove(vo.ouid); // made again on purpose (a replica payload keeps its OUID)
          objects.put(vo.handle, vo);
          handles[i] = vo.handle;
        }
        return handles;
      }
      throw noActiveMember();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Rolls an abandoned creation back: its copies are destroyed where members answer (the lost
   * maker, {@code lostMaker}, is not asked), and its OUIDs are remembered so a copy left on a
   * member that did not answer is removed when that member is reconciled, never adopted. Objects
   * the maker made whose OUIDs were never read are destroyed by handle; if that cannot be done the
   * maker prunes every object the group does not know at its next reconciliation.
   */
  private void abandon(
      VirtualSession vs,
      List<VirtualObject> created,
      HaMember maker,
      HaMember lostMaker,
      long[] made) {
    for (VirtualObject vo : created) {
      abandoned.add(vo.ouid);
    }
    undo(vs, created, lostMaker);
    Long ms = maker.sessions.get(vs.id);
    for (int i = created.size(); i < made.length; i++) {
      long h = made[i];
      try {
        if (maker == lostMaker || ms == null) {
          throw new HsmException(Ckr.DEVICE_ERROR, maker + " is lost");
        }
        invoke(
            maker,
            ms,
            (x, xs) -> {
              x.slot.destroyObject(xs, h);
              return null;
            });
      } catch (HsmException e) {
        maker.mayHoldLeftovers = true;
      }
    }
  }

  /** The maker was lost while its objects were being cloned out. */
  private static final class MakerLost extends Exception {
    final HsmException cause;

    MakerLost(HsmException cause) {
      super(cause.getMessage(), cause, false, false);
      this.cause = cause;
    }
  }

  private void replicate(VirtualSession vs, HaMember maker, VirtualObject vo)
      throws HsmException, MakerLost {
    byte[] payload = null;
    Long makerSession = maker.sessions.get(vs.id);
    if (makerSession == null) {
      throw new MakerLost(
          new HsmException(
              Ckr.DEVICE_ERROR, maker + " was lost before its" + " object could be replicated"));
    }
    for (HaMember m : members) {
      if (m == maker || !m.active()) {
        continue;
      }
      Long ms = m.sessions.get(vs.id);
      if (ms == null) {
        continue;
      }
      byte[] target;
      try {
        target = cloningTargetOf(m, ms);
      } catch (HsmException e) {
        if (!isGone(e)) {
          throw e;
        }
        markDown(m, e);
        continue;
      }
      // A V1 blob serves every member; a V0 payload is encrypted to one member's device.
      if (payload == null || target != null) {
        try {
          payload = copyOut(maker, makerSession, vo.copies.get(maker), target);
        } catch (HsmException e) {
          if (isGone(e)) {
            throw new MakerLost(e);
          }
          throw e;
        }
      }
      try {
        vo.copies.put(m, copyIn(m, ms, payload, vo.ouid));
      } catch (HsmException e) {
        if (!isGone(e)) {
          throw e;
        }
        markDown(m, e);
      }
    }
  }

  /**
   * One object leaving a member for replication: V0 by the cloning protocol, V1 as an SKS blob
   * sealed under the group's SMK.
   */
  private byte[] copyOut(HaMember from, long session, long handle, byte[] target)
      throws HsmException {
    if (facts.version() == 1) {
      return invoke(from, session, (x, xs) -> x.slot.sksExtract(xs, SksExtractRequest.of(handle)));
    }
    return invoke(
        from,
        session,
        (x, xs) -> x.slot.cloneObjectOut(xs, handle, target, settings.networkReplication()));
  }

  /**
   * What a V0 source needs to encrypt a clone to {@code to} (its device's cloning key, tagged by
   * its domain); null for V1, whose replicas travel as SKS blobs under the shared SMK.
   */
  private byte[] cloningTargetOf(HaMember to, long session) throws HsmException {
    return facts.version() == 1 ? null : invoke(to, session, (x, xs) -> x.slot.cloningTarget(xs));
  }

  /**
   * The replica made on {@code to} from {@link #copyOut}'s payload; same OUID, same attributes.
   * Idempotent by OUID: a member that already holds this very object (a copy whose answer was lost,
   * or one placed there directly) answers {@code CKR_OBJECT_ALREADY_EXISTS}, and that copy is taken
   * as the replica.
   */
  private long copyIn(HaMember to, long session, byte[] payload, String ouid) throws HsmException {
    try {
      if (facts.version() == 1) {
        return invoke(to, session, (x, xs) -> x.slot.sksInsertReplica(xs, payload)[0]);
      }
      return invoke(
          to, session, (x, xs) -> x.slot.cloneObjectIn(xs, payload, settings.networkReplication()));
    } catch (HsmException e) {
      if (e.returnCode() != Ckr.OBJECT_ALREADY_EXISTS) {
        throw e;
      }
      Attributes byOuid = Attributes.builder().set(Cka.OUID, HexFormat.of().parseHex(ouid)).build();
      List<Long> same = invoke(to, session, (x, xs) -> x.slot.findObjects(xs, byOuid));
      if (same.size() != 1) {
        throw e;
      }
      return same.get(0);
    }
  }

  /** Best-effort removal of an abandoned creation's copies (all but {@code skip}). */
  private void undo(VirtualSession vs, List<VirtualObject> created, HaMember skip) {
    for (VirtualObject vo : created) {
      for (Map.Entry<HaMember, Long> e : vo.copies.entrySet()) {
        HaMember m = e.getKey();
        Long ms = m.sessions.get(vs.id);
        if (m == skip || ms == null) {
          continue;
        }
        long h = e.getValue();
        try {
          invoke(
              m,
              ms,
              (x, xs) -> {
                x.slot.destroyObject(xs, h);
                return null;
              });
        } catch (HsmException x) {
          // A member that cannot answer is resynchronised when it returns.
        }
      }
    }
  }

  private long createOne(VirtualSession vs, Creator c) throws HsmException {
    return create(vs, c, null)[0];
  }

  // ---------------------------------------------------------------- multi-part pinning

  private <T> T begin(VirtualSession vs, String kind, MemberCall<T> call) throws HsmException {
    if (vs.pinned.containsKey(kind)) {
      throw new HsmException(
          Ckr.OPERATION_ACTIVE,
          "a " + kind + " operation is already active" + " on session " + vs.id);
    }
    return onAny(
        vs,
        (m, ms) -> {
          T r = call.call(m, ms);
          vs.pinned.put(kind, m);
          return r;
        });
  }

  private <T> T step(VirtualSession vs, String kind, boolean ends, MemberCall<T> call)
      throws HsmException {
    HaMember m = vs.pinned.get(kind);
    if (m == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_INITIALIZED, "no " + kind + " operation is active on session " + vs.id);
    }
    lock.readLock().lock();
    try {
      Long ms = m.sessions.get(vs.id);
      if (ms == null || !m.active()) {
        vs.pinned.remove(kind);
        throw new HsmException(
            Ckr.DEVICE_ERROR,
            "HA group "
                + label
                + ": "
                + m
                + " was lost during a multi-part "
                + kind
                + " operation; start it again");
      }
      try {
        T r = invoke(m, ms, call);
        if (ends) {
          vs.pinned.remove(kind);
        }
        return r;
      } catch (NoCopy e) {
        throw new HsmException(Ckr.OBJECT_HANDLE_INVALID, m + " lacks the object");
      } catch (HsmException e) {
        if (ends || isGone(e)) {
          vs.pinned.remove(kind);
        }
        if (isGone(e)) {
          markDown(m, e);
          throw new HsmException(
              e.returnCode(),
              "HA group "
                  + label
                  + ": "
                  + m
                  + " was lost during a multi-part "
                  + kind
                  + " operation; start it again",
              e);
        }
        throw e;
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------- sessions and roles

  @Override
  public long openSession(long appId, boolean readWrite) throws HsmException {
    VirtualSession vs = new VirtualSession(nextSession.getAndIncrement(), appId, readWrite);
    lock.readLock().lock();
    try {
      boolean any = false;
      for (HaMember m : rotationAll()) {
        try {
          m.sessions.put(vs.id, invoke(m, 0, (x, xs) -> x.slot.openSession(appId, readWrite)));
          any = true;
        } catch (HsmException e) {
          if (!isGone(e)) {
            vs.pinned.clear();
            closeMemberSessions(vs);
            throw e;
          }
          markDown(m, e);
        }
      }
      if (!any) {
        throw noActiveMember();
      }
      sessions.put(vs.id, vs);
      return vs.id;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void closeMemberSessions(VirtualSession vs) {
    for (HaMember m : members) {
      Long ms = m.sessions.remove(vs.id);
      if (ms != null) {
        try {
          m.slot.closeSession(ms);
        } catch (HsmException e) {
          // Gone or restarted: the member session is dead already.
        }
      }
    }
  }

  @Override
  public void closeSession(long session) throws HsmException {
    if (endedByLoss.remove(session)) {
      return; // it ended with the loss of every member; closing it is all that was left to do
    }
    VirtualSession vs = session(session);
    lock.readLock().lock();
    try {
      sessions.remove(session);
      closeMemberSessions(vs);
      objects.values().removeIf(vo -> vo.owner == session);
      if (anySessionOf(vs.appId) == null) {
        Login gone = logins.remove(vs.appId);
        if (gone != null) {
          Arrays.fill(gone.pin(), '\0');
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void closeAllSessions(long appId) throws HsmException {
    for (VirtualSession vs : List.copyOf(sessions.values())) {
      if (vs.appId == appId) {
        closeSession(vs.id);
      }
    }
  }

  @Override
  public SessionInfo sessionInfo(long session) throws HsmException {
    VirtualSession vs = session(session);
    SessionInfo m = onAny(vs, (x, ms) -> x.slot.sessionInfo(ms));
    return new SessionInfo(vs.id, m.partitionId(), vs.readWrite, m.role());
  }

  /** Logs the application in on every active member; members that rejoin are logged in too. */
  @Override
  public void login(long session, Role role, char[] pin) throws HsmException {
    VirtualSession vs = session(session);
    Login current = logins.get(vs.appId);
    if (current != null) {
      throw new HsmException(
          current.role() == role ? Ckr.USER_ALREADY_LOGGED_IN : Ckr.USER_ANOTHER_ALREADY_LOGGED_IN,
          "already logged in as " + current.role().shortName() + " on HA slot " + slotId);
    }
    lock.readLock().lock();
    try {
      boolean done = false;
      for (HaMember m : rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null) {
          continue;
        }
        try {
          invoke(
              m,
              ms,
              (x, xs) -> {
                x.slot.login(xs, role, pin);
                return null;
              });
          done = true;
        } catch (HsmException e) {
          if (e.returnCode() == Ckr.USER_ALREADY_LOGGED_IN) {
            done = true; // the application was already logged in on this member directly
          } else if (isGone(e)) {
            markDown(m, e);
          } else if (!done) {
            throw e;
          } else {
            // Another password on this member: keep it out rather than lock its role out.
            m.state = MemberState.OUT;
            m.misfit = true;
            m.lastError = e.getMessage();
            events.record(HaEvent.Kind.MEMBER_OUT, m.serial, "login refused: " + e.getMessage());
          }
        }
      }
      if (!done) {
        throw noActiveMember();
      }
      logins.put(vs.appId, new Login(role, pin.clone()));
    } finally {
      lock.readLock().unlock();
    }
    if (role == Role.CRYPTO_OFFICER && facts.version() == 1) {
      alignSmks();
    }
    if (role.isCryptoRole()) {
      syncIfNeeded();
    }
  }

  @Override
  public void logout(long session) throws HsmException {
    VirtualSession vs = session(session);
    onAll(
        vs,
        (m, ms) -> {
          m.slot.logout(ms);
          return null;
        });
    Login gone = logins.remove(vs.appId);
    if (gone != null) {
      Arrays.fill(gone.pin(), '\0');
    }
  }

  @Override
  public void initRole(long session, Role role, char[] pin) throws HsmException {
    onAll(
        session(session),
        (m, ms) -> {
          m.slot.initRole(ms, role, pin);
          return null;
        });
  }

  @Override
  public void changePin(long session, char[] oldPin, char[] newPin) throws HsmException {
    VirtualSession vs = session(session);
    onAll(
        vs,
        (m, ms) -> {
          m.slot.changePin(ms, oldPin, newPin);
          return null;
        });
    logins.computeIfPresent(vs.appId, (k, l) -> new Login(l.role(), newPin.clone()));
  }

  @Override
  public void resetPin(long session, Role target, char[] newPin) throws HsmException {
    onAll(
        session(session),
        (m, ms) -> {
          m.slot.resetPin(ms, target, newPin);
          return null;
        });
  }

  // ---------------------------------------------------------------- admin slot: not here

  private HsmException notOnVirtualSlot(String command) {
    return new HsmException(
        Ckr.OPERATION_NOT_ALLOWED,
        command
            + " is not available on HA"
            + " virtual slot "
            + slotId
            + " ("
            + label
            + "); use a member's own slot");
  }

  @Override
  public HsmInfo hsmInfo() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.hsmInfo());
  }

  @Override
  public StmStrings stmTransport(long session) throws HsmException {
    throw notOnVirtualSlot("stm transport");
  }

  @Override
  public String stmRecover(long session, String randomUserString) throws HsmException {
    throw notOnVirtualSlot("stm recover");
  }

  @Override
  public String stmVerificationString(long session, String randomUserString) throws HsmException {
    throw notOnVirtualSlot("stm recover");
  }

  @Override
  public void initHsm(
      long session, String label, char[] soPin, String domain, String policyTemplate)
      throws HsmException {
    throw notOnVirtualSlot("hsm init");
  }

  @Override
  public void zeroize(long session) throws HsmException {
    throw notOnVirtualSlot("hsm zeroize");
  }

  @Override
  public void factoryReset() throws HsmException {
    throw notOnVirtualSlot("hsm factoryreset");
  }

  @Override
  public PolicyValues hsmPolicies() throws HsmException {
    throw notOnVirtualSlot("hsm showpolicies");
  }

  @Override
  public String exportHsmPolicyTemplate() throws HsmException {
    throw notOnVirtualSlot("hsm showpolicies -exporttemplate");
  }

  @Override
  public void changeHsmPolicy(long session, int policy, int value) throws HsmException {
    throw notOnVirtualSlot("hsm changehsmpolicy");
  }

  @Override
  public void createPartition(long session, int targetSlot, int version) throws HsmException {
    throw notOnVirtualSlot("partition create");
  }

  @Override
  public void deletePartition(long session, int targetSlot) throws HsmException {
    throw notOnVirtualSlot("partition delete");
  }

  // ---------------------------------------------------------------- application slot

  @Override
  public PartitionInfo partitionInfo() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.partitionInfo());
  }

  @Override
  public PolicyValues partitionPolicies() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.partitionPolicies());
  }

  @Override
  public String exportPartitionPolicyTemplate() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.exportPartitionPolicyTemplate());
  }

  @Override
  public void initPartition(
      long session, String label, char[] poPin, String domain, String policyTemplate)
      throws HsmException {
    throw notOnVirtualSlot("partition init");
  }

  @Override
  public void changePartitionPolicy(long session, int policy, int value) throws HsmException {
    throw notOnVirtualSlot("partition changepolicy");
  }

  @Override
  public long createObject(long session, Attributes template) throws HsmException {
    return createOne(session(session), (m, ms) -> new long[] {m.slot.createObject(ms, template)});
  }

  @Override
  public long copyObject(long session, long handle, Attributes template) throws HsmException {
    VirtualSession vs = session(session);
    object(handle);
    return createOne(vs, (m, ms) -> new long[] {m.slot.copyObject(ms, on(m, handle), template)});
  }

  @Override
  public void destroyObject(long session, long handle) throws HsmException {
    VirtualSession vs = session(session);
    VirtualObject vo = object(handle);
    onAll(
        vs,
        (m, ms) -> {
          m.slot.destroyObject(ms, on(m, handle));
          vo.copies.remove(m);
          return null;
        });
    objects.remove(handle);
  }

  @Override
  public List<Long> findObjects(long session, Attributes template) throws HsmException {
    VirtualSession vs = session(session);
    return onAny(
        vs,
        (m, ms) -> {
          Map<Long, Long> virtualOf = new HashMap<>();
          for (VirtualObject vo : objects.values()) {
            Long h = vo.copies.get(m);
            if (h != null) {
              virtualOf.put(h, vo.handle);
            }
          }
          List<Long> out = new ArrayList<>();
          for (long h : m.slot.findObjects(ms, template)) {
            Long v = virtualOf.get(h);
            if (v != null) {
              out.add(v);
            }
          }
          out.sort(null);
          return out;
        });
  }

  @Override
  public byte[] getAttribute(long session, long handle, long type) throws HsmException {
    object(handle);
    return onAny(session(session), (m, ms) -> m.slot.getAttribute(ms, on(m, handle), type));
  }

  @Override
  public long objectSize(long session, long handle) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.objectSize(ms, on(m, handle)));
  }

  @Override
  public Attributes getAttributes(long session, long handle) throws HsmException {
    object(handle);
    return onAny(session(session), (m, ms) -> m.slot.getAttributes(ms, on(m, handle)));
  }

  @Override
  public void setAttributes(long session, long handle, Attributes change) throws HsmException {
    VirtualSession vs = session(session);
    changeEverywhere(vs, object(handle), change);
  }

  /** Changes an object on every active member and records its new identity. */
  private void changeEverywhere(VirtualSession vs, VirtualObject vo, Attributes change)
      throws HsmException {
    String[] digest = new String[1];
    onAll(
        vs,
        (m, ms) -> {
          long h = on(m, vo.handle);
          m.slot.setAttributes(ms, h, change);
          if (digest[0] == null) {
            digest[0] = digest(m.slot.getAttributes(ms, h));
          }
          return null;
        });
    if (digest[0] != null) {
      vo.digest = digest[0];
    }
  }

  // ---------------------------------------------------------------- key separation

  /**
   * Settles a key's purpose on every member before its first encrypt, decrypt, wrap or unwrap
   * through the group. The engine commits an uncommitted key on the member that serves the use;
   * through a group the other copies would stay uncommitted and an attacker could wrap on one
   * member and decrypt on another. So the group commits first, on every member, as one replicated
   * attribute change (the kind a member already committed its copy to wins). Serialised per object,
   * so two first uses of different kinds end with one kind everywhere; afterwards a use costs one
   * volatile read. {@code use} runs the caller's kind of use on one member without a result; it
   * commits there when the session may not change the key.
   */
  private void settlePurpose(VirtualSession vs, VirtualObject vo, long usage, MemberCall<Void> use)
      throws HsmException {
    if (vo.purposeSettled) {
      return;
    }
    synchronized (vo) {
      if (vo.purposeSettled) {
        return;
      }
      List<Attributes> copies = copiesOf(vs, vo);
      Attributes committed =
          copies.stream().filter(PurposeCommitment::isCommitted).findFirst().orElse(null);
      Attributes uncommitted =
          copies.stream().filter(PurposeCommitment::isUncommitted).findFirst().orElse(null);
      if (uncommitted != null) {
        long target =
            committed != null
                ? PurposeCommitment.keptUse(committed)
                : vo.committedUse != 0 ? vo.committedUse : usage;
        long kind = KeyPurpose.isKeyUse(target) ? Cka.WRAP : Cka.ENCRYPT;
        boolean sameKind = KeyPurpose.isKeyUse(target) == KeyPurpose.isKeyUse(usage);
        commitEverywhere(
            vs, vo, PurposeCommitment.change(uncommitted, target), sameKind ? use : null);
        vo.committedUse = kind;
      }
      Attributes any = copies.get(0);
      if (any.ulong(Cka.CLASS, -1) == Cko.PUBLIC_KEY && any.has(Cka.MODULUS)) {
        vo.publicModulus = any.get(Cka.MODULUS);
      }
      vo.purposeSettled = true;
    }
  }

  /**
   * A wrap under an RSA public key commits, in the engine, the private keys with its modulus on the
   * member that serves it; the group commits them on every member first.
   */
  private void settlePrivateHalves(VirtualSession vs, byte[] modulus, MemberCall<Void> wrap)
      throws HsmException {
    Attributes halves =
        Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).set(Cka.MODULUS, modulus).build();
    for (long h : findObjects(vs.id, halves)) {
      VirtualObject half = objects.get(h);
      if (half != null) {
        settlePurpose(vs, half, Cka.UNWRAP, wrap);
      }
    }
  }

  /** The key's attributes on every active member that holds a copy (at least one). */
  private List<Attributes> copiesOf(VirtualSession vs, VirtualObject vo) throws HsmException {
    List<Attributes> out = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (HaMember m : rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        Long h = vo.copies.get(m);
        if (ms == null || h == null) {
          continue;
        }
        try {
          out.add(invoke(m, ms, (mm, s) -> mm.slot.getAttributes(s, h)));
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw e;
          }
          markDown(m, e);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    if (out.isEmpty()) { // fails over, or answers with the group's error
      out.add(onAny(vs, (m, ms) -> m.slot.getAttributes(ms, on(m, vo.handle))));
    }
    return out;
  }

  /**
   * Commits on every member by one replicated attribute change through the caller's session. A
   * session that may not change the key (read-only, a Crypto User with a private token key, an
   * unmodifiable key, partition policy 11 off) commits by use instead: {@code use} runs on every
   * member, which commits the copy there as the engine does, and the copies are read back. A use of
   * the other kind than the one a member's copy is committed to ({@code use} null) is refused: run
   * on an uncommitted member it would split the copies.
   */
  private void commitEverywhere(
      VirtualSession vs, VirtualObject vo, Attributes change, MemberCall<Void> use)
      throws HsmException {
    HsmException refused;
    try {
      changeEverywhere(vs, vo, change);
      return;
    } catch (HsmException e) {
      if (isGone(e)) {
        throw e;
      }
      refused = e;
    }
    if (use == null) {
      throw new HsmException(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          "HA group "
              + label
              + ": key "
              + vo.handle
              + " is committed to the other kind of use on a member, and the group could"
              + " not commit the other copies ("
              + refused.detail()
              + ")",
          refused);
    }
    HsmException failedUse = null;
    lock.readLock().lock();
    try {
      for (HaMember m : rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null || !vo.copies.containsKey(m)) {
          continue;
        }
        try {
          invoke(m, ms, use);
        } catch (NoCopy e) {
          // this member holds no copy to commit
        } catch (HsmException e) {
          if (isGone(e)) {
            markDown(m, e);
          } else if (failedUse == null) {
            failedUse = e;
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    List<Attributes> after = copiesOf(vs, vo);
    boolean oneKind =
        after.stream().allMatch(PurposeCommitment::isCommitted)
            && after.stream().map(PurposeCommitment::keptUse).distinct().count() == 1;
    if (!oneKind) {
      HsmException cause = failedUse != null ? failedUse : refused;
      throw new HsmException(
          cause.returnCode(),
          "HA group "
              + label
              + ": key "
              + vo.handle
              + " is not yet committed to encrypting data or to wrapping keys, and the group could"
              + " not commit it on every member before its first use ("
              + cause.detail()
              + ")",
          cause);
    }
    vo.digest = digest(after.get(0));
  }

  /** Ends a use run only to commit a key: its result or refusal is not the caller's. */
  private static void quietly(MemberCall<?> step, HaMember m, long ms) {
    try {
      step.call(m, ms);
    } catch (HsmException e) {
      // the operation is ended either way; the commitment is read back afterwards
    }
  }

  @Override
  public byte[] generateRandom(long session, int length) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.generateRandom(ms, length));
  }

  // ---------------------------------------------------------------- per-key authorization

  @Override
  public void authorizeKey(long session, long key, char[] authData) throws HsmException {
    object(key);
    onAll(
        session(session),
        (m, ms) -> {
          m.slot.authorizeKey(ms, on(m, key), authData);
          return null;
        });
  }

  @Override
  public void setAuthorizationData(long session, long key, char[] oldData, char[] newData)
      throws HsmException {
    object(key);
    onAll(
        session(session),
        (m, ms) -> {
          m.slot.setAuthorizationData(ms, on(m, key), oldData, newData);
          return null;
        });
  }

  @Override
  public void resetAuthorizationData(long session, long key, char[] newData) throws HsmException {
    object(key);
    onAll(
        session(session),
        (m, ms) -> {
          m.slot.resetAuthorizationData(ms, on(m, key), newData);
          return null;
        });
  }

  @Override
  public void assignKey(long session, long key) throws HsmException {
    object(key);
    onAll(
        session(session),
        (m, ms) -> {
          m.slot.assignKey(ms, on(m, key));
          return null;
        });
  }

  @Override
  public long failedKeyAuthorizations(long session, long key) throws HsmException {
    object(key);
    return onAny(session(session), (m, ms) -> m.slot.failedKeyAuthorizations(ms, on(m, key)));
  }

  // ---------------------------------------------------------------- PED, audit, utilization
  // These act on one device's roles, log and counters: they belong on a member's own slot.

  @Override
  public void loginWithPed(long session, Role role, Ped ped) throws HsmException {
    throw notOnVirtualSlot("role login -iped");
  }

  @Override
  public void initRoleWithPed(long session, Role role, Ped ped, int m, int n) throws HsmException {
    throw notOnVirtualSlot("role init -iped");
  }

  @Override
  public void initHsmWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    throw notOnVirtualSlot("hsm init -iped");
  }

  @Override
  public void initPartitionWithPed(
      long session, String label, String domain, String policyTemplate, Ped ped, int m, int n)
      throws HsmException {
    throw notOnVirtualSlot("partition init -iped");
  }

  @Override
  public void createChallenge(long session, Role role, char[] challenge) throws HsmException {
    throw notOnVirtualSlot("role createchallenge");
  }

  @Override
  public void deactivate(long session) throws HsmException {
    throw notOnVirtualSlot("role deactivate");
  }

  @Override
  public AuditConfig auditConfig() throws HsmException {
    throw notOnVirtualSlot("audit config show");
  }

  @Override
  public void configureAudit(long session, String setting) throws HsmException {
    throw notOnVirtualSlot("audit config");
  }

  @Override
  public AuditStatus auditStatus() throws HsmException {
    throw notOnVirtualSlot("audit status");
  }

  @Override
  public Instant auditTime() throws HsmException {
    throw notOnVirtualSlot("audit time get");
  }

  @Override
  public void syncAuditTime(long session, Instant hostTime) throws HsmException {
    throw notOnVirtualSlot("audit time sync");
  }

  @Override
  public void setAuditDomain(long session, String domain) throws HsmException {
    throw notOnVirtualSlot("role setdomain");
  }

  @Override
  public String exportAuditSecret(long session) throws HsmException {
    throw notOnVirtualSlot("audit export");
  }

  @Override
  public String importAuditSecret(long session, String file) throws HsmException {
    throw notOnVirtualSlot("audit import");
  }

  @Override
  public VerificationResult verifyAuditLog(long session, List<Path> files) throws HsmException {
    throw notOnVirtualSlot("audit verify");
  }

  @Override
  public Optional<Path> rotateAuditLog(long session) throws HsmException {
    throw notOnVirtualSlot("audit rotate");
  }

  @Override
  public int clearAuditLog(long session) throws HsmException {
    throw notOnVirtualSlot("audit clear");
  }

  @Override
  public void logExternal(long session, String message) throws HsmException {
    throw notOnVirtualSlot("audit logmsg");
  }

  @Override
  public String lastTamper() throws HsmException {
    throw notOnVirtualSlot("hsm tampershow");
  }

  @Override
  public void restart() throws HsmException {
    throw notOnVirtualSlot("hsm restart");
  }

  @Override
  public Map<Integer, HsmUtilization.PartitionUsage> utilization(long session) throws HsmException {
    throw notOnVirtualSlot("hsm showutilization");
  }

  @Override
  public void resetUtilization(long session) throws HsmException {
    throw notOnVirtualSlot("hsm resetutilization");
  }

  // ---------------------------------------------------------------- SKS

  @Override
  public SmkInfo smkInfo(long session) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.smkInfo(ms));
  }

  /**
   * Rolls the SMK over on one member, then clones the new SMK to every other active member, so each
   * ends with the same new primary and the old one as its rollover. Runs under the write lock: no
   * object is replicated under a half-distributed SMK. A member lost on the way takes the new SMK
   * when it rejoins.
   */
  @Override
  public void rolloverSmk(long session) throws HsmException {
    VirtualSession vs = session(session);
    lock.writeLock().lock();
    try {
      List<HaMember> order = rotationAll();
      HaMember first = null;
      byte[] payload = null;
      for (HaMember m : order) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null) {
          continue;
        }
        try {
          m.slot.rolloverSmk(ms);
          m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
          first = m;
          break;
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw e;
          }
          markDown(m, e);
        }
      }
      if (first == null) {
        throw noActiveMember();
      }
      groupSmk = first.smk;
      for (HaMember m : order) {
        Long ms = m.sessions.get(vs.id);
        if (m == first || ms == null || !m.active()) {
          continue;
        }
        try {
          // Each member gets the SMK encrypted to its own device.
          Long fs = first.sessions.get(vs.id);
          byte[] copy =
              first.slot.cloneSmkOut(fs, m.slot.cloningTarget(ms), settings.networkReplication());
          m.slot.cloneSmkIn(ms, copy, settings.networkReplication());
          m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
        } catch (HsmException e) {
          markDown(
              m,
              isGone(e)
                  ? e
                  : new HsmException(
                      e.returnCode(), m + " did not take the rolled-over SMK: " + e.detail()));
        }
      }
      events.record(
          HaEvent.Kind.RESYNC,
          first.serial,
          "SMK rolled over and cloned to the" + " other members");
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public int sksExtractSize(long session, SksExtractRequest request) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.sksExtractSize(ms, onMember(m, request)));
  }

  /** Extracts on one member; extract-and-delete then destroys the objects through the group. */
  @Override
  public byte[] sksExtract(long session, SksExtractRequest request) throws HsmException {
    VirtualSession vs = session(session);
    SksExtractRequest keep =
        new SksExtractRequest(request.handles(), request.authorization(), false);
    byte[] blob = onAny(vs, (m, ms) -> m.slot.sksExtract(ms, onMember(m, keep)));
    if (request.deleteAfterExtract()) {
      for (long h : request.handles()) {
        destroyObject(session, h);
      }
    }
    return blob;
  }

  /**
   * Inserts on one member (as session objects of this session) and replicates the inserted objects
   * to every other active member, which then need not hold the SMK the blob was sealed under;
   * virtual handles map to each member's.
   */
  @Override
  public long[] sksInsert(long session, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    return create(session(session), (m, ms) -> m.slot.sksInsert(ms, blob, authorization));
  }

  @Override
  public long[] sksInsertReplica(long session, byte[] blob) throws HsmException {
    return create(session(session), (m, ms) -> m.slot.sksInsertReplica(ms, blob));
  }

  @Override
  public List<byte[]> sksSignFromBlob(
      long session,
      byte[] blob,
      SksAuthorization authorization,
      Mechanism mech,
      List<byte[]> inputs)
      throws HsmException {
    return onAny(
        session(session), (m, ms) -> m.slot.sksSignFromBlob(ms, blob, authorization, mech, inputs));
  }

  /** The request with its virtual handles mapped to one member's handles. */
  private SksExtractRequest onMember(HaMember m, SksExtractRequest request) throws HsmException {
    long[] mapped = new long[request.handles().size()];
    for (int i = 0; i < mapped.length; i++) {
      long h = request.handles().get(i);
      object(h);
      mapped[i] = on(m, h);
    }
    return SksExtractRequest.of(mapped).withAuthorization(request.authorization());
  }

  // ---------------------------------------------------------------- cloning and backup

  @Override
  public byte[] cloningDomainFingerprint() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.cloningDomainFingerprint());
  }

  @Override
  public Optional<byte[]> smkFingerprint() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.smkFingerprint());
  }

  /**
   * The group as a cloning target: the descriptor of one member (the preferred one). A payload made
   * for it is taken by that member and replicated to the others by the group.
   */
  @Override
  public byte[] cloningTarget(long session) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.cloningTarget(ms));
  }

  @Override
  public byte[] cloneObjectOut(long session, long handle, byte[] target, boolean network)
      throws HsmException {
    object(handle);
    return onAny(
        session(session), (m, ms) -> m.slot.cloneObjectOut(ms, on(m, handle), target, network));
  }

  /**
   * A payload opens only on the member whose device it was encrypted to: that member takes it (the
   * others refuse it with "another device" and are skipped), then the group replicates.
   */
  @Override
  public long cloneObjectIn(long session, byte[] payload, boolean network) throws HsmException {
    VirtualSession vs = session(session);
    HaMember[] taker = new HaMember[1];
    onAll(
        vs,
        (m, ms) -> {
          if (forThisMember(m, ms, payload)) {
            taker[0] = m;
          }
          return null;
        });
    if (taker[0] == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HA group "
              + label
              + ": the payload"
              + " was encrypted to a device that is not an active member; ask cloningTarget again");
    }
    return create(vs, (m, ms) -> new long[] {m.slot.cloneObjectIn(ms, payload, network)}, taker[0])[
        0];
  }

  private static boolean forThisMember(HaMember m, long ms, byte[] payload) throws HsmException {
    byte[] pub = CloningTarget.decode(m.slot.cloningTarget(ms)).publicKey();
    return TargetEnvelope.isFor(payload, pub);
  }

  @Override
  public byte[] cloneSmkOut(long session, byte[] target, boolean network) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.cloneSmkOut(ms, target, network));
  }

  /**
   * The member the SMK was encrypted to takes it, then hands it to every other active member (each
   * copy encrypted to that member's device); it becomes the group's SMK.
   */
  @Override
  public void cloneSmkIn(long session, byte[] payload, boolean network) throws HsmException {
    VirtualSession vs = session(session);
    HaMember[] taker = new HaMember[1];
    onAll(
        vs,
        (m, ms) -> {
          if (forThisMember(m, ms, payload)) {
            m.slot.cloneSmkIn(ms, payload, network);
            m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
            groupSmk = m.smk;
            taker[0] = m;
          }
          return null;
        });
    if (taker[0] == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HA group "
              + label
              + ": the SMK payload"
              + " was encrypted to a device that is not an active member; ask cloningTarget again");
    }
    HaMember from = taker[0];
    onAll(
        vs,
        (m, ms) -> {
          Long fs = from.sessions.get(vs.id);
          if (m != from && fs == null) {
            throw new HsmException(
                Ckr.DEVICE_ERROR,
                from + " was lost while handing the SMK to " + m + "; take the SMK again");
          }
          if (m != from) {
            byte[] copy = from.slot.cloneSmkOut(fs, m.slot.cloningTarget(ms), network);
            m.slot.cloneSmkIn(ms, copy, network);
            m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
          }
          return null;
        });
  }

  @Override
  public BackupReport backupPartition(
      long session, Slot backupSlot, long backupSession, String container, boolean append)
      throws HsmException {
    return onAny(
        session(session),
        (m, ms) -> m.slot.backupPartition(ms, backupSlot, backupSession, container, append));
  }

  /** Restores into every active member, then resynchronises the group. */
  @Override
  public BackupReport restorePartition(
      long session, Slot backupSlot, long backupSession, String container) throws HsmException {
    VirtualSession vs = session(session);
    BackupReport[] first = new BackupReport[1];
    onAll(
        vs,
        (m, ms) -> {
          BackupReport r = m.slot.restorePartition(ms, backupSlot, backupSession, container);
          m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
          if (first[0] == null) {
            first[0] = r;
            groupSmk = m.smk; // a V1 restore brings the SMK
          }
          return null;
        });
    resynchronize();
    return first[0];
  }

  @Override
  public List<BackupContainerInfo> listBackups(long backupSession) throws HsmException {
    throw notOnVirtualSlot("partition archive list");
  }

  @Override
  public void deleteBackup(long backupSession, String container) throws HsmException {
    throw notOnVirtualSlot("partition archive delete");
  }

  // ---------------------------------------------------------------- cryptography

  @Override
  public List<MechanismInfo> mechanisms() throws HsmException {
    return onAny(null, (m, ms) -> m.slot.mechanisms());
  }

  @Override
  public MechanismInfo mechanismInfo(long mechanism) throws HsmException {
    return onAny(null, (m, ms) -> m.slot.mechanismInfo(mechanism));
  }

  @Override
  public long generateKey(long session, Mechanism mech, Attributes template) throws HsmException {
    return createOne(
        session(session), (m, ms) -> new long[] {m.slot.generateKey(ms, mech, template)});
  }

  @Override
  public long[] generateKeyPair(
      long session, Mechanism mech, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    return create(
        session(session),
        (m, ms) -> m.slot.generateKeyPair(ms, mech, publicTemplate, privateTemplate));
  }

  @Override
  public void signInit(long session, Mechanism mech, long key) throws HsmException {
    object(key);
    begin(
        session(session),
        "sign",
        (m, ms) -> {
          m.slot.signInit(ms, mech, on(m, key));
          return null;
        });
  }

  @Override
  public void signUpdate(long session, byte[] data) throws HsmException {
    step(
        session(session),
        "sign",
        false,
        (m, ms) -> {
          m.slot.signUpdate(ms, data);
          return null;
        });
  }

  @Override
  public byte[] signFinal(long session) throws HsmException {
    return step(session(session), "sign", true, (m, ms) -> m.slot.signFinal(ms));
  }

  @Override
  public byte[] sign(long session, byte[] data) throws HsmException {
    return step(session(session), "sign", true, (m, ms) -> m.slot.sign(ms, data));
  }

  @Override
  public byte[] sign(long session, Mechanism mech, long key, byte[] data) throws HsmException {
    object(key);
    return onAny(session(session), (m, ms) -> m.slot.sign(ms, mech, on(m, key), data));
  }

  @Override
  public void verifyInit(long session, Mechanism mech, long key) throws HsmException {
    object(key);
    begin(
        session(session),
        "verify",
        (m, ms) -> {
          m.slot.verifyInit(ms, mech, on(m, key));
          return null;
        });
  }

  @Override
  public void verifyUpdate(long session, byte[] data) throws HsmException {
    step(
        session(session),
        "verify",
        false,
        (m, ms) -> {
          m.slot.verifyUpdate(ms, data);
          return null;
        });
  }

  @Override
  public void verifyFinal(long session, byte[] signature) throws HsmException {
    step(
        session(session),
        "verify",
        true,
        (m, ms) -> {
          m.slot.verifyFinal(ms, signature);
          return null;
        });
  }

  @Override
  public void verify(long session, byte[] data, byte[] signature) throws HsmException {
    step(
        session(session),
        "verify",
        true,
        (m, ms) -> {
          m.slot.verify(ms, data, signature);
          return null;
        });
  }

  @Override
  public void verify(long session, Mechanism mech, long key, byte[] data, byte[] signature)
      throws HsmException {
    object(key);
    onAny(
        session(session),
        (m, ms) -> {
          m.slot.verify(ms, mech, on(m, key), data, signature);
          return null;
        });
  }

  @Override
  public void verifyWithPublicKey(
      long session, Mechanism mech, PublicKey key, byte[] data, byte[] signature)
      throws HsmException {
    onAny(
        session(session),
        (m, ms) -> {
          m.slot.verifyWithPublicKey(ms, mech, key, data, signature);
          return null;
        });
  }

  /** An encryption of nothing on one member: commits the key there as a first encrypt does. */
  private MemberCall<Void> encryptingUse(Mechanism mech, long key) {
    return (m, ms) -> {
      m.slot.encryptInit(ms, mech, on(m, key));
      quietly((mm, s) -> mm.slot.encryptFinal(s), m, ms);
      return null;
    };
  }

  /** A decryption of nothing on one member: commits the key there as a first decrypt does. */
  private MemberCall<Void> decryptingUse(Mechanism mech, long key) {
    return (m, ms) -> {
      m.slot.decryptInit(ms, mech, on(m, key));
      quietly((mm, s) -> mm.slot.decryptFinal(s), m, ms);
      return null;
    };
  }

  @Override
  public byte[] encryptInit(long session, Mechanism mech, long key) throws HsmException {
    VirtualObject vo = object(key);
    settlePurpose(session(session), vo, Cka.ENCRYPT, encryptingUse(mech, key));
    return begin(session(session), "encrypt", (m, ms) -> m.slot.encryptInit(ms, mech, on(m, key)));
  }

  @Override
  public byte[] encryptUpdate(long session, byte[] data) throws HsmException {
    return step(session(session), "encrypt", false, (m, ms) -> m.slot.encryptUpdate(ms, data));
  }

  @Override
  public byte[] encryptFinal(long session) throws HsmException {
    return step(session(session), "encrypt", true, (m, ms) -> m.slot.encryptFinal(ms));
  }

  @Override
  public byte[] encrypt(long session, byte[] data) throws HsmException {
    return step(session(session), "encrypt", true, (m, ms) -> m.slot.encrypt(ms, data));
  }

  @Override
  public Encrypted encrypt(long session, Mechanism mech, long key, byte[] data)
      throws HsmException {
    VirtualObject vo = object(key);
    VirtualSession vs = session(session);
    settlePurpose(vs, vo, Cka.ENCRYPT, encryptingUse(mech, key));
    return onAny(vs, (m, ms) -> m.slot.encrypt(ms, mech, on(m, key), data));
  }

  @Override
  public byte[] encryptWithPublicKey(long session, Mechanism mech, PublicKey key, byte[] data)
      throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.encryptWithPublicKey(ms, mech, key, data));
  }

  @Override
  public void decryptInit(long session, Mechanism mech, long key) throws HsmException {
    VirtualObject vo = object(key);
    settlePurpose(session(session), vo, Cka.DECRYPT, decryptingUse(mech, key));
    begin(
        session(session),
        "decrypt",
        (m, ms) -> {
          m.slot.decryptInit(ms, mech, on(m, key));
          return null;
        });
  }

  @Override
  public byte[] decryptUpdate(long session, byte[] data) throws HsmException {
    return step(session(session), "decrypt", false, (m, ms) -> m.slot.decryptUpdate(ms, data));
  }

  @Override
  public byte[] decryptFinal(long session) throws HsmException {
    return step(session(session), "decrypt", true, (m, ms) -> m.slot.decryptFinal(ms));
  }

  @Override
  public byte[] decrypt(long session, byte[] data) throws HsmException {
    return step(session(session), "decrypt", true, (m, ms) -> m.slot.decrypt(ms, data));
  }

  @Override
  public byte[] decrypt(long session, Mechanism mech, long key, byte[] data) throws HsmException {
    VirtualObject vo = object(key);
    VirtualSession vs = session(session);
    settlePurpose(vs, vo, Cka.DECRYPT, decryptingUse(mech, key));
    return onAny(vs, (m, ms) -> m.slot.decrypt(ms, mech, on(m, key), data));
  }

  @Override
  public void digestInit(long session, Mechanism mech) throws HsmException {
    begin(
        session(session),
        "digest",
        (m, ms) -> {
          m.slot.digestInit(ms, mech);
          return null;
        });
  }

  @Override
  public void digestUpdate(long session, byte[] data) throws HsmException {
    step(
        session(session),
        "digest",
        false,
        (m, ms) -> {
          m.slot.digestUpdate(ms, data);
          return null;
        });
  }

  @Override
  public void digestKey(long session, long key) throws HsmException {
    object(key);
    step(
        session(session),
        "digest",
        false,
        (m, ms) -> {
          m.slot.digestKey(ms, on(m, key));
          return null;
        });
  }

  @Override
  public byte[] digestFinal(long session) throws HsmException {
    return step(session(session), "digest", true, (m, ms) -> m.slot.digestFinal(ms));
  }

  @Override
  public byte[] digest(long session, Mechanism mech, byte[] data) throws HsmException {
    return onAny(session(session), (m, ms) -> m.slot.digest(ms, mech, data));
  }

  @Override
  public void seedRandom(long session, byte[] seed) throws HsmException {
    onAny(
        session(session),
        (m, ms) -> {
          m.slot.seedRandom(ms, seed);
          return null;
        });
  }

  @Override
  public byte[] wrapKey(long session, Mechanism mech, long wrappingKey, long key)
      throws HsmException {
    VirtualObject wrapping = object(wrappingKey);
    object(key);
    VirtualSession vs = session(session);
    MemberCall<Void> wrap =
        (m, ms) -> {
          m.slot.wrapKey(ms, mech, on(m, wrappingKey), on(m, key));
          return null;
        };
    settlePurpose(vs, wrapping, Cka.WRAP, wrap);
    byte[] modulus = wrapping.publicModulus;
    if (modulus != null) {
      settlePrivateHalves(vs, modulus, wrap);
    }
    return onAny(vs, (m, ms) -> m.slot.wrapKey(ms, mech, on(m, wrappingKey), on(m, key)));
  }

  @Override
  public long unwrapKey(
      long session, Mechanism mech, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException {
    VirtualObject vo = object(unwrappingKey);
    VirtualSession vs = session(session);
    settlePurpose(
        vs,
        vo,
        Cka.UNWRAP,
        (m, ms) -> {
          long made = m.slot.unwrapKey(ms, mech, on(m, unwrappingKey), wrapped, template);
          m.slot.destroyObject(ms, made); // only the commitment was wanted
          return null;
        });
    return createOne(
        vs,
        (m, ms) ->
            new long[] {m.slot.unwrapKey(ms, mech, on(m, unwrappingKey), wrapped, template)});
  }

  @Override
  public long deriveKey(long session, Mechanism mech, long baseKey, Attributes template)
      throws HsmException {
    if (baseKey != 0) {
      object(baseKey);
    }
    return createOne(
        session(session),
        (m, ms) ->
            new long[] {m.slot.deriveKey(ms, mech, baseKey == 0 ? 0 : on(m, baseKey), template)});
  }

  @Override
  public Encapsulated encapsulate(long session, Mechanism mech, long publicKey, Attributes template)
      throws HsmException {
    object(publicKey);
    byte[][] ciphertext = new byte[1][];
    long h =
        createOne(
            session(session),
            (m, ms) -> {
              Encapsulated e = m.slot.encapsulate(ms, mech, on(m, publicKey), template);
              ciphertext[0] = e.ciphertext();
              return new long[] {e.secretHandle()};
            });
    return new Encapsulated(ciphertext[0], h);
  }

  @Override
  public long decapsulate(
      long session, Mechanism mech, long privateKey, byte[] ciphertext, Attributes template)
      throws HsmException {
    object(privateKey);
    return createOne(
        session(session),
        (m, ms) ->
            new long[] {m.slot.decapsulate(ms, mech, on(m, privateKey), ciphertext, template)});
  }

  /** Stops background probes; the members are left as they are. */
  public void close() {
    for (HaMember m : members) {
      Scheduler.Task t = m.recovery;
      if (t != null) {
        t.cancel();
      }
    }
    probes.shutdownNow();
  }

  /** Sessions open on the virtual slot, for tests and diagnostics. */
  int openSessionCount() {
    return sessions.size();
  }

  /** Copies by member, for tests: member serial -> member handles of acknowledged objects. */
  Map<String, List<Long>> copiesByMember() {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (HaMember m : members) {
      List<Long> hs = new ArrayList<>();
      objects
          .values()
          .forEach(
              vo -> {
                Long h = vo.copies.get(m);
                if (h != null) {
                  hs.add(h);
                }
              });
      out.put(m.serial, hs);
    }
    return out;
  }
}
