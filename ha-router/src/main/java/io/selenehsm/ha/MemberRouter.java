package io.selenehsm.ha;

import io.selenehsm.device.HandleMap;
import io.selenehsm.device.SlotCall;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing and failover: which member serves a call, and what happens when it stops answering.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Member choice.</b> Single-part calls go to the next active member (round robin) or the
 *       first (pick first); standby members serve only when no other member can. {@link #preferred}
 *       picks without allocating (the fast path of every single-part call); the full {@link
 *       #rotation} decides only after a failure.
 *   <li><b>Failover.</b> A member that answers {@code CKR_TOKEN_NOT_PRESENT}, {@code
 *       CKR_DEVICE_ERROR}, {@code CKR_DEVICE_REMOVED} or {@code CKR_SESSION_HANDLE_INVALID} (it
 *       restarted) is reported lost ({@link MemberLoss}) and the call is retried on another member.
 *       A member that hangs holds a call for at most the failover timeout ({@link
 *       FailoverWatchdog}).
 *   <li><b>Pinning.</b> A multi-part operation stays on the member that took its init, recorded per
 *       kind in its virtual session; losing that member ends the operation.
 *   <li><b>Handles.</b> A call reaches a member through {@link #handles}, which translates the
 *       group's virtual session and object handles into that member's (one map per member, made
 *       with the router, reading the member's live session map); a member without a copy of an
 *       object throws {@link NoCopy}, and the caller tries another member.
 *   <li><b>Guards and races.</b> Every routed call holds the group's read lock. Member states are
 *       volatile and may change under a call: a call that picked a member just lost fails with a
 *       lost-member code and fails over, which is the same path as a loss during the call. {@link
 *       #roundRobin} is a counter whose races only skew the balance.
 * </ul>
 */
final class MemberRouter {
  /** One call on one member, in that member's session ({@code 0} for none). */
  @FunctionalInterface
  interface MemberCall<T> {
    T call(HaMember m, long memberSession) throws HsmException;
  }

  /** Told when a member stops answering: it is taken out of rotation and recovery starts. */
  @FunctionalInterface
  interface MemberLoss {
    void markDown(HaMember m, HsmException cause);
  }

  /** Thrown inside a member call when that member holds no copy of an object. */
  static final class NoCopy extends RuntimeException {
    NoCopy() {
      super(null, null, false, false);
    }
  }

  private static final Long NO_SESSION = 0L;

  private final GroupState g;
  private final FailoverWatchdog watchdog;
  private final MemberLoss loss;
  private final AtomicLong roundRobin = new AtomicLong();

  MemberRouter(GroupState g, FailoverWatchdog watchdog, MemberLoss loss) {
    this.g = g;
    this.watchdog = watchdog;
    this.loss = loss;
    for (HaMember m : g.members) {
      m.handles = new MemberHandles(m, false);
    }
  }

  void markDown(HaMember m, HsmException cause) {
    loss.markDown(m, cause);
  }

  /**
   * Runs one call on a member. If the member stops answering, the call waits no longer than the
   * failover timeout ({@code haFailoverTimeout}) and then fails with {@code CKR_DEVICE_ERROR},
   * which takes the member out so the caller fails over.
   */
  <T> T invoke(HaMember m, long memberSession, MemberCall<T> call) throws HsmException {
    return invoke(m, memberSession, call, MemberRouter::run);
  }

  /** As above, the call given as a step and its argument (no capturing lambda on the fast path). */
  private <A, T> T invoke(HaMember m, long memberSession, A arg, MemberStep<A, T> step)
      throws HsmException {
    FailoverWatchdog.Call c = watchdog.enter(m);
    T result;
    try {
      result = step.call(m, memberSession, arg);
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
  static boolean unresponsive(HaMember m) {
    try {
      return !m.slot.info().tokenPresent();
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** The member's handle for a virtual one; {@link NoCopy} when it holds no copy. */
  long on(HaMember m, long virtualHandle) throws HsmException {
    Long h = g.object(virtualHandle).copies.get(m);
    if (h == null) {
      throw new NoCopy();
    }
    return h;
  }

  /**
   * The group's handles as {@code m} knows them: virtual sessions by its member sessions, virtual
   * objects by its copies. One map per member, made once, so routing a call allocates none.
   */
  HandleMap handles(HaMember m) {
    return m.handles;
  }

  /** As {@link #handles}, passing the null object handle 0 through (a derivation without base). */
  HandleMap handlesAllowingNone(HaMember m) {
    return new MemberHandles(m, true);
  }

  private final class MemberHandles implements HandleMap {
    private final HaMember member;
    private final boolean noneAllowed;

    MemberHandles(HaMember member, boolean noneAllowed) {
      this.member = member;
      this.noneAllowed = noneAllowed;
    }

    @Override
    public long session(long session) throws HsmException {
      Long ms = member.sessions.get(session);
      if (ms == null) {
        throw new HsmException(
            Ckr.SESSION_HANDLE_INVALID, member + " has no session for virtual session " + session);
      }
      return ms;
    }

    @Override
    public long object(long handle) throws HsmException {
      return noneAllowed && handle == 0 ? 0 : on(member, handle);
    }
  }

  /** Members in the order an operation tries them. */
  List<HaMember> rotation() {
    List<HaMember> primary = new ArrayList<>();
    List<HaMember> standbys = new ArrayList<>();
    for (HaMember m : g.members) {
      if (m.active()) {
        (m.standby ? standbys : primary).add(m);
      }
    }
    List<HaMember> order = primary.isEmpty() ? standbys : primary;
    if (g.settings.loadBalancing() == LoadBalancing.ROUND_ROBIN && order.size() > 1) {
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
   * member is active), chosen without allocating. Null when no member is active.
   */
  private HaMember preferred() {
    int primaries = 0;
    int standbys = 0;
    for (HaMember m : g.memberArray) {
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
        g.settings.loadBalancing() == LoadBalancing.ROUND_ROBIN && n > 1
            ? (int) Math.floorMod(roundRobin.getAndIncrement(), (long) n)
            : 0;
    for (HaMember m : g.memberArray) {
      if (m.active() && m.standby == useStandby && k-- == 0) {
        return m;
      }
    }
    return null; // a state changed meanwhile; the full rotation decides
  }

  /** Runs a call on one active member, failing over to the next while members are lost. */
  <T> T onAny(VirtualSession vs, MemberCall<T> call) throws HsmException {
    return onAny(vs, call, MemberRouter::run);
  }

  /**
   * Runs a call value on one active member, its handles translated, failing over to the next while
   * members are lost: the path of every single-part call.
   */
  <T> T onAny(VirtualSession vs, SlotCall<T> call) throws HsmException {
    return onAny(vs, call, MemberRouter::translated);
  }

  /** One step of a member call: {@code arg} is what it needs besides the member and session. */
  @FunctionalInterface
  private interface MemberStep<A, T> {
    T call(HaMember m, long memberSession, A arg) throws HsmException;
  }

  private static <T> T run(HaMember m, long memberSession, MemberCall<T> call) throws HsmException {
    return call.call(m, memberSession);
  }

  /** A call value on a member, on the member's handles. */
  static <T> T translated(HaMember m, long memberSession, SlotCall<T> call) throws HsmException {
    return m.slot.call(call.withHandles(m.handles));
  }

  private <A, T> T onAny(VirtualSession vs, A arg, MemberStep<A, T> call) throws HsmException {
    g.lock.readLock().lock();
    try {
      boolean noCopy = false;
      HaMember first = preferred();
      Long firstSession =
          first == null ? null : vs == null ? NO_SESSION : first.sessions.get(vs.id);
      if (firstSession != null) {
        try {
          return invoke(first, firstSession, arg, call);
        } catch (NoCopy e) {
          noCopy = true;
        } catch (HsmException e) {
          if (!GroupState.isGone(e)) {
            throw e;
          }
          markDown(first, e);
        }
      }
      for (int round = 0; round <= g.members.size(); round++) {
        List<HaMember> order = rotation();
        if (order.isEmpty()) {
          throw g.noActiveMember();
        }
        boolean lost = false;
        for (HaMember m : order) {
          Long ms = vs == null ? NO_SESSION : m.sessions.get(vs.id);
          if (ms == null || !m.active()) {
            continue;
          }
          try {
            return invoke(m, ms, arg, call);
          } catch (NoCopy e) {
            noCopy = true;
          } catch (HsmException e) {
            if (!GroupState.isGone(e)) {
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
      if (g.members.stream().noneMatch(HaMember::active)) {
        throw g.noActiveMember();
      }
      throw new HsmException(
          noCopy ? Ckr.OBJECT_HANDLE_INVALID : Ckr.TOKEN_NOT_PRESENT,
          "HA group "
              + g.label
              + ": no active member could serve the call"
              + (noCopy ? " (none holds the object)" : ""));
    } finally {
      g.lock.readLock().unlock();
    }
  }

  /**
   * Runs a change on every active member, the first one first: its refusal is the caller's answer
   * and nothing else is touched. A member lost on the way is marked down (it is resynchronised when
   * it returns); one that disagrees after the first agreed is marked down too.
   *
   * @return the first member's answer
   */
  <T> T onAll(VirtualSession vs, MemberCall<T> call) throws HsmException {
    g.lock.readLock().lock();
    try {
      boolean done = false;
      T first = null;
      for (HaMember m : g.rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null || !m.active()) {
          continue;
        }
        try {
          T r = invoke(m, ms, call);
          if (!done) {
            first = r;
          }
          done = true;
        } catch (NoCopy e) {
          // This member never got the object; nothing to change there.
        } catch (HsmException e) {
          if (GroupState.isGone(e)) {
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
        throw g.noActiveMember();
      }
      return first;
    } finally {
      g.lock.readLock().unlock();
    }
  }

  /** Starts a multi-part operation of {@code kind} on one member and pins it there. */
  <T> T begin(VirtualSession vs, String kind, MemberCall<T> call) throws HsmException {
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

  /** One step of the multi-part operation of {@code kind}, on the member it is pinned to. */
  <T> T step(VirtualSession vs, String kind, boolean ends, MemberCall<T> call) throws HsmException {
    HaMember m = vs.pinned.get(kind);
    if (m == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_INITIALIZED, "no " + kind + " operation is active on session " + vs.id);
    }
    g.lock.readLock().lock();
    try {
      Long ms = m.sessions.get(vs.id);
      if (ms == null || !m.active()) {
        vs.pinned.remove(kind);
        throw new HsmException(Ckr.DEVICE_ERROR, lostDuring(m, kind));
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
        boolean gone = GroupState.isGone(e);
        if (ends || gone) {
          vs.pinned.remove(kind);
        }
        if (gone) {
          markDown(m, e);
          throw new HsmException(e.returnCode(), lostDuring(m, kind), e);
        }
        throw e;
      }
    } finally {
      g.lock.readLock().unlock();
    }
  }

  private String lostDuring(HaMember m, String kind) {
    return "HA group "
        + g.label
        + ": "
        + m
        + " was lost during a multi-part "
        + kind
        + " operation; start it again";
  }

  /** The group's objects that match {@code template} on one member, by virtual handle. */
  List<Long> findObjects(VirtualSession vs, Attributes template) throws HsmException {
    return onAny(
        vs,
        (m, ms) -> {
          Map<Long, Long> virtualOf = new HashMap<>();
          for (VirtualObject vo : g.objects.values()) {
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
}
