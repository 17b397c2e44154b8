package io.selenehsm.ha;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resynchronisation: the group's registry of acknowledged objects is the truth a member is brought
 * back to. Missing objects are cloned in, objects the group does not know (destroyed while the
 * member was away, or made by a creation that failed) are removed, stale copies replaced; the first
 * sync after a crypto-role login adopts the union of what the members hold.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Identity.</b> Copies are matched by OUID plus a digest of their readable attributes
 *       (C_CopyObject keeps the OUID); a copy that differs from the record by a key-purpose
 *       commitment only is matched and brought to the commitment ({@link #matchByCommitment}).
 *   <li><b>Guards.</b> Everything here runs under the group's write lock (a rejoin, the first
 *       login, {@code resynchronize}), so the registry and the members' object sets hold still
 *       meanwhile.
 *   <li><b>Losses on the way.</b> An active member lost while gaps are filled is marked down and
 *       the fill goes on; the member being rejoined fails its rejoin instead.
 * </ul>
 */
final class Resynchronizer {
  private final GroupState g;
  private final MemberRouter router;
  private final Replication replication;

  Resynchronizer(GroupState g, MemberRouter router, Replication replication) {
    this.g = g;
    this.router = router;
    this.replication = replication;
  }

  /**
   * Matches a member's token objects to the registry by identity: unknown or stale copies go, and
   * copies the member holds are recorded. {@code adoptUnknown} (first sync) registers unknown
   * objects instead of removing them.
   */
  void reconcile(HaMember m, VirtualSession vs, boolean adoptUnknown) throws HsmException {
    long ms = m.sessions.get(vs.id);
    // A member that may hold leftovers of an abandoned creation adopts nothing this time.
    boolean adopt = adoptUnknown && !m.mayHoldLeftovers;
    Map<String, List<VirtualObject>> byIdentity = new HashMap<>();
    for (VirtualObject vo : g.objects.values()) {
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
      String id = ouid + "/" + GroupState.digest(a);
      VirtualObject match = unmatched(byIdentity, id, m);
      if (match == null && !g.abandoned.contains(ouid)) {
        match = matchByCommitment(m, ms, h, a, ouid, byIdentity);
      }
      if (match == null && g.abandoned.contains(ouid)) {
        m.slot.destroyObject(ms, h); // made by a creation that failed: it leaves no trace
        removed++;
      } else if (match != null) {
        match.copies.put(m, h);
      } else if (adopt) {
        VirtualObject vo =
            new VirtualObject(g.nextHandle.getAndIncrement(), ouid, GroupState.digest(a), true, 0);
        vo.copies.put(m, h);
        g.objects.put(vo.handle, vo);
        byIdentity.computeIfAbsent(id, k -> new ArrayList<>()).add(vo);
        adopted++;
      } else {
        m.slot.destroyObject(ms, h);
        removed++;
      }
    }
    m.mayHoldLeftovers = false;
    if (removed + adopted > 0) {
      g.events.record(
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
        VirtualObject vo = unmatched(byIdentity, ouid + "/" + GroupState.digest(c.committed()), m);
        if (vo == null) {
          continue;
        }
        vo.committedUse = c.usage();
        try {
          m.slot.setAttributes(ms, h, c.change());
        } catch (HsmException e) {
          if (GroupState.isGone(e)) {
            throw e;
          }
          vo.purposeSettled = false;
        }
        return vo;
      }
    } else if (PurposeCommitment.isCommitted(a)) {
      for (Attributes origin : PurposeCommitment.origins(a)) {
        VirtualObject vo = unmatched(byIdentity, ouid + "/" + GroupState.digest(origin), m);
        if (vo == null) {
          continue;
        }
        byIdentity.get(vo.identity()).remove(vo);
        vo.digest = GroupState.digest(a);
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
  void fillMissing() throws HsmException {
    for (HaMember m : g.members) {
      if (!serving(m)) {
        continue;
      }
      int cloned = 0;
      for (VirtualObject vo : g.objects.values()) {
        if (vo.copies.containsKey(m)) {
          continue;
        }
        VirtualSession vs = vo.token ? g.loggedInSession() : g.sessions.get(vo.owner);
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
          target = replication.cloningTargetOf(m, m.sessions.get(vs.id));
        } catch (HsmException e) {
          lostDuringFill(m, e);
          break;
        }
        byte[] payload;
        try {
          payload = replication.copyOut(from, from.sessions.get(vs.id), source.getValue(), target);
        } catch (HsmException e) {
          lostDuringFill(from, e);
          continue;
        }
        try {
          vo.copies.put(m, replication.copyIn(m, m.sessions.get(vs.id), payload, vo.ouid));
        } catch (HsmException e) {
          lostDuringFill(m, e);
          break;
        }
        cloned++;
      }
      if (cloned > 0) {
        g.events.record(HaEvent.Kind.RESYNC, m.serial, cloned + " object(s) cloned in");
      }
    }
  }

  /**
   * A member lost while gaps were being filled: an active one (restarted since its last call) is
   * marked down and the fill goes on; the member being rejoined fails its rejoin.
   */
  private void lostDuringFill(HaMember m, HsmException e) throws HsmException {
    if (!GroupState.isGone(e) || m.state == MemberState.SYNCING) {
      throw e;
    }
    router.markDown(m, e);
  }

  /**
   * The first time an application logs in, and after a member rejoined with nobody logged in: every
   * member's objects are matched, the union adopted the first time, and gaps filled.
   */
  void syncIfNeeded() throws HsmException {
    if (g.synced && g.members.stream().noneMatch(m -> m.needsSync && m.active())) {
      return;
    }
    g.lock.writeLock().lock();
    try {
      VirtualSession vs = g.loggedInSession();
      if (vs == null) {
        return;
      }
      boolean first = !g.synced;
      for (HaMember m : g.members) {
        if (m.active() && (first || m.needsSync) && m.sessions.containsKey(vs.id)) {
          try {
            reconcile(m, vs, first);
            m.needsSync = false;
          } catch (HsmException e) {
            if (!GroupState.isGone(e)) {
              throw e;
            }
            router.markDown(m, e);
          }
        }
      }
      fillMissing();
      g.synced = true;
    } finally {
      g.lock.writeLock().unlock();
    }
  }

  /** Re-reads every member and fills gaps, e.g. after a restore into the members. */
  void resynchronize() throws HsmException {
    g.lock.writeLock().lock();
    try {
      g.synced = false;
    } finally {
      g.lock.writeLock().unlock();
    }
    syncIfNeeded();
  }
}
