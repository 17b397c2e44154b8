package io.selenehsm.ha;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Failure and recovery: a member that stops answering leaves the rotation, is probed until it
 * answers, and rejoins once it is brought in line.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Probing.</b> A down member is probed every AutoReconnectInterval (a probe is bounded by
 *       ProbeTimeout), up to reconnAtt attempts. A group with no active member ({@code lost},
 *       GROUP_LOST logged once) probes every member fast, 100 ms doubling to 1 s, regardless of
 *       reconnAtt, so it serves within about a second of a member's return; in activeBasic mode the
 *       loss also ends the application's sessions. A forced recovery probes at once.
 *   <li><b>Rejoin.</b> A member that answers is checked against the group's rules, gets sessions
 *       for every open virtual session, is logged in for every logged-in application, takes the
 *       group's SMK (V1), is resynchronised and only then rejoins. All of that runs under the
 *       group's write lock, so no call sees the member half in line.
 *   <li><b>Guards and races.</b> A member's state moves ACTIVE to DOWN under the member's monitor
 *       ({@link #markDown}), so one loss is logged once however many calls see it; the {@code
 *       probing} flag keeps a forced and a scheduled probe of one member from overlapping. A member
 *       marked down while its probe runs is probed again on its next schedule.
 * </ul>
 */
final class MemberRecovery {
  /** First probe after a loss of every member; the pace doubles up to {@link #LOST_PROBE_MAX}. */
  static final Duration LOST_PROBE_FIRST = Duration.ofMillis(100);

  /** Longest wait between probes while no member is active. */
  static final Duration LOST_PROBE_MAX = Duration.ofSeconds(1);

  private final GroupState g;
  private final Scheduler scheduler;
  private final ExecutorService probes;
  private Resynchronizer resync;
  private SmkCoordinator smk;

  MemberRecovery(GroupState g, Scheduler scheduler, ExecutorService probes) {
    this.g = g;
    this.scheduler = scheduler;
    this.probes = probes;
  }

  /** Completes the wiring: a rejoin resynchronises the member and hands it the group's SMK. */
  void wire(Resynchronizer resync, SmkCoordinator smk) {
    this.resync = resync;
    this.smk = smk;
  }

  /** Takes a member out of rotation and starts its recovery. */
  void markDown(HaMember m, HsmException cause) {
    synchronized (m) {
      if (m.state != MemberState.ACTIVE && m.state != MemberState.SYNCING) {
        return;
      }
      m.state = MemberState.DOWN;
      m.lastError = cause.getMessage();
      m.attempts.set(0);
    }
    for (VirtualSession vs : g.sessions.values()) {
      vs.pinned.values().removeIf(p -> p == m);
    }
    g.events.record(HaEvent.Kind.MEMBER_FAILED, m.serial, cause.getMessage());
    if (g.members.stream().noneMatch(HaMember::active) && g.lost.compareAndSet(false, true)) {
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
    g.events.record(
        HaEvent.Kind.GROUP_LOST,
        null,
        "no active member left; probing every "
            + LOST_PROBE_FIRST.toMillis()
            + " ms to "
            + LOST_PROBE_MAX.toMillis()
            + " ms until one"
            + " returns");
    if (!g.settings.sessionsSurviveGroupLoss()) {
      endSessionsAfterLoss();
    }
    for (HaMember x : g.members) {
      if (x.state == MemberState.OUT && !x.misfit) {
        x.state = MemberState.DOWN; // gave up while others served; the group needs it now
      }
      if (x.state == MemberState.DOWN && !x.awaitingSmk) {
        x.lostProbes.set(0);
        cancelPending(x);
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
    for (VirtualSession vs : List.copyOf(g.sessions.values())) {
      if (g.sessions.remove(vs.id) == null) {
        continue;
      }
      g.endedByLoss.add(vs.id);
      vs.pinned.clear();
      for (HaMember m : g.members) {
        Long ms = m.sessions.remove(vs.id);
        if (ms != null) {
          m.orphanSessions.add(ms);
        }
      }
    }
    g.objects.values().removeIf(vo -> !vo.token);
    for (Long app : List.copyOf(g.logins.keySet())) {
      g.forgetLogin(app);
    }
  }

  /** Starts recovery of the members that were unreachable when the group was made. */
  void start() {
    for (HaMember m : g.members) {
      if (m.state == MemberState.DOWN && !m.awaitingSmk) {
        scheduleRecovery(m);
      }
    }
  }

  private void scheduleRecovery(HaMember m) {
    if (g.lost.get()) {
      scheduleRecovery(m, lostProbeDelay(m));
      return;
    }
    if (!g.settings.autoReconnectEnabled()) {
      return;
    }
    scheduleRecovery(m, g.settings.autoReconnectInterval());
  }

  /** 100 ms, 200 ms, ... up to 1 s (never beyond AutoReconnectInterval). */
  private Duration lostProbeDelay(HaMember m) {
    int k = Math.min(m.lostProbes.getAndIncrement(), 10);
    Duration d = LOST_PROBE_FIRST.multipliedBy(1L << k);
    Duration cap =
        LOST_PROBE_MAX.compareTo(g.settings.autoReconnectInterval()) < 0
            ? LOST_PROBE_MAX
            : g.settings.autoReconnectInterval();
    return d.compareTo(cap) > 0 ? cap : d;
  }

  private void scheduleRecovery(HaMember m, Duration delay) {
    m.recovery = scheduler.schedule(() -> recover(m), delay);
  }

  private static void cancelPending(HaMember m) {
    Scheduler.Task pending = m.recovery;
    if (pending != null) {
      pending.cancel();
    }
  }

  /** A member recovery gave up on is probed at once (on the scheduler). */
  void recoverMember(HaMember m) {
    if (m.state == MemberState.OUT) {
      m.state = MemberState.DOWN;
      m.misfit = false;
      m.attempts.set(0);
      scheduleRecovery(m, Duration.ZERO);
    }
  }

  /** Probes every member that is not active now, on the calling thread, out ones included. */
  void recoverAll() {
    for (HaMember m : g.members) {
      if (m.state == MemberState.OUT) {
        m.state = MemberState.DOWN;
        m.misfit = false;
        m.attempts.set(0);
      }
      if (m.state == MemberState.DOWN) {
        cancelPending(m);
        recover(m);
      }
    }
  }

  /** One recovery attempt (on the scheduler, or forced). */
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
      g.events.record(HaEvent.Kind.RECOVERY_ATTEMPT, m.serial, "attempt " + attempt);
    }
    try {
      MemberFacts f = probe(m);
      GroupRules.check(
          g.label,
          new MemberFacts(g.facts.serial(), g.facts.version(), g.facts.domain(), Optional.empty()),
          f);
      boolean wasLost;
      g.lock.writeLock().lock();
      try {
        m.state = MemberState.SYNCING;
        rejoin(m, f);
        m.state = MemberState.ACTIVE;
        m.attempts.set(0);
        m.lostProbes.set(0);
        m.lastError = null;
        wasLost = g.lost.compareAndSet(true, false);
      } finally {
        g.lock.writeLock().unlock();
      }
      g.events.record(HaEvent.Kind.MEMBER_REJOINED, m.serial, "after " + attempt + " attempt(s)");
      if (wasLost) {
        g.events.record(HaEvent.Kind.GROUP_RECOVERED, m.serial, "the group serves again");
      }
    } catch (SmkCoordinator.SmkPending e) {
      m.state = MemberState.DOWN;
      m.lastError = e.getMessage();
      m.awaitingSmk = true;
      dropMemberSessions(m);
      g.events.record(HaEvent.Kind.RECOVERY_FAILED, m.serial, e.getMessage());
    } catch (HsmException | RuntimeException e) {
      m.state = MemberState.DOWN;
      m.lastError = e.getMessage();
      dropMemberSessions(m);
      if (logged) {
        g.events.record(HaEvent.Kind.RECOVERY_FAILED, m.serial, e.getMessage());
      }
      boolean misfit =
          e instanceof HsmException h && h.returnCode() == Ckr.OPERATION_NOT_ALLOWED
              || e instanceof HsmException h2 && h2.returnCode() == Ckr.PIN_INCORRECT;
      boolean exhausted =
          g.settings.reconnectAttempts() > 0 && attempt >= g.settings.reconnectAttempts();
      boolean groupLost = g.lost.get();
      if (misfit || (exhausted && !groupLost)) {
        m.state = MemberState.OUT;
        m.misfit = misfit;
        g.events.record(
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
    return !g.lost.get() || Integer.bitCount(attempt) == 1;
  }

  /** A health probe bounded by ProbeTimeout, so a hung member cannot stall recovery. */
  private MemberFacts probe(HaMember m) throws HsmException {
    Future<MemberFacts> f =
        probes.submit(
            () -> {
              if (!m.slot.info().tokenPresent()) {
                throw new HsmException(Ckr.TOKEN_NOT_PRESENT, m + " shows no partition");
              }
              return HaGroup.readFacts(m.slot, m.serial);
            });
    Duration timeout = g.settings.probeTimeout();
    try {
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HsmException(
          Ckr.DEVICE_ERROR, m + " did not answer its probe within " + timeout.toMillis() + " ms");
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

  /** Closes a member's sessions; its session objects die with them and are cloned in again. */
  void dropMemberSessions(HaMember m) {
    for (Long ms = m.orphanSessions.poll(); ms != null; ms = m.orphanSessions.poll()) {
      closeQuietly(m, ms);
    }
    for (Long ms : m.sessions.values()) {
      closeQuietly(m, ms);
    }
    m.sessions.clear();
    g.objects
        .values()
        .forEach(
            vo -> {
              if (!vo.token) {
                vo.copies.remove(m);
              }
            });
  }

  private static void closeQuietly(HaMember m, long ms) {
    try {
      m.slot.closeSession(ms);
    } catch (HsmException e) {
      // It restarted or is gone; the handle is dead either way.
    }
  }

  /** Under the write lock: sessions, logins, SMK and objects brought in line. */
  private void rejoin(HaMember m, MemberFacts f) throws HsmException {
    m.smk = f.smk();
    if (g.v1()
        && g.groupSmk.isPresent()
        && !g.groupSmk.equals(f.smk())
        && g.officerSession() == null) {
      throw new SmkCoordinator.SmkPending(m);
    }
    dropMemberSessions(m);
    for (VirtualSession vs : g.sessions.values()) {
      m.sessions.put(vs.id, m.slot.openSession(vs.appId, vs.readWrite));
    }
    VirtualSession loggedIn = null;
    for (Map.Entry<Long, GroupState.Login> e : g.logins.entrySet()) {
      VirtualSession vs = g.anySessionOf(e.getKey());
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
    if (g.v1()) {
      smk.handOverSmk(m);
    }
    resync.reconcile(m, loggedIn, false);
    resync.fillMissing();
    m.needsSync = false;
  }

  /** Stops scheduled probes; the members are left as they are. */
  void close() {
    for (HaMember m : g.members) {
      cancelPending(m);
    }
  }
}
