package io.selenehsm.ha;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksExtractRequest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Replication: an object created through the group is made on one member and copied to every other
 * active member before the call returns, V0 by the firmware cloning protocol, V1 as an SKS blob
 * sealed under the shared SMK and inserted as a replica.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>All or nothing.</b> A creation either returns with its objects on every active member or
 *       fails leaving no trace: an abandoned attempt is destroyed where members answer and its
 *       OUIDs are remembered in the group's {@code abandoned} set, so copies on members that did
 *       not answer are removed when they return and never adopted. If the maker is lost midway
 *       another member makes the objects afresh.
 *   <li><b>Idempotent by OUID.</b> A member that already holds the object (a copy whose answer was
 *       lost) answers {@code CKR_OBJECT_ALREADY_EXISTS}; that copy is taken as the replica.
 *   <li><b>Guards.</b> A creation runs under the group's read lock, so no rejoin (write lock)
 *       interleaves with it; its objects enter the group's registry only once every copy is made,
 *       so concurrent readers never see a half-replicated object. Two creations may run at once;
 *       each works on its own objects.
 * </ul>
 */
final class Replication {
  /** Makes objects on one member; their member handles. */
  @FunctionalInterface
  interface Creator {
    long[] create(HaMember m, long memberSession) throws HsmException;
  }

  private final GroupState g;
  private final MemberRouter router;

  Replication(GroupState g, MemberRouter router) {
    this.g = g;
    this.router = router;
  }

  /**
   * Makes objects on one member ({@code preferredMaker} while it is active, else the rotation's
   * first) and clones them to every other active member before returning their virtual handles. A
   * creation either takes effect everywhere and returns, or fails and leaves no trace (see {@link
   * #abandon}).
   */
  long[] create(VirtualSession vs, Creator creator, HaMember preferredMaker) throws HsmException {
    g.lock.readLock().lock();
    try {
      for (int round = 0; round <= g.members.size(); round++) {
        List<HaMember> order = router.rotation();
        if (order.isEmpty()) {
          throw g.noActiveMember();
        }
        HaMember maker =
            preferredMaker != null && order.contains(preferredMaker)
                ? preferredMaker
                : order.get(0);
        Long ms = maker.sessions.get(vs.id);
        if (ms == null) {
          router.markDown(
              maker,
              new HsmException(
                  Ckr.SESSION_HANDLE_INVALID,
                  maker + " has no session for virtual session " + vs.id));
          continue;
        }
        long[] made;
        try {
          made = router.invoke(maker, ms, creator::create);
        } catch (MemberRouter.NoCopy e) {
          throw new HsmException(
              Ckr.OBJECT_HANDLE_INVALID,
              "HA group " + g.label + ": " + maker + " lacks an object the call names");
        } catch (HsmException e) {
          if (!GroupState.isGone(e)) {
            throw e;
          }
          // It may have made the objects before the answer was lost: it prunes when it returns.
          maker.mayHoldLeftovers = true;
          router.markDown(maker, e);
          continue;
        }
        List<VirtualObject> created = new ArrayList<>();
        try {
          for (long h : made) {
            Attributes a = router.invoke(maker, ms, (x, xs) -> x.slot.getAttributes(xs, h));
            boolean token = a.bool(Cka.TOKEN, false);
            VirtualObject vo =
                new VirtualObject(
                    g.nextHandle.getAndIncrement(),
                    MemberFacts.hex(a.get(Cka.OUID)),
                    GroupState.digest(a),
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
          router.markDown(maker, e.cause);
          continue;
        } catch (HsmException e) {
          if (GroupState.isGone(e)) {
            abandon(vs, created, maker, maker, made);
            router.markDown(maker, e);
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
          g.abandoned.remove(vo.ouid); // made again on purpose (a replica payload keeps its OUID)
          g.objects.put(vo.handle, vo);
          handles[i] = vo.handle;
        }
        return handles;
      }
      throw g.noActiveMember();
    } finally {
      g.lock.readLock().unlock();
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
      g.abandoned.add(vo.ouid);
    }
    undo(vs, created, lostMaker);
    Long ms = maker.sessions.get(vs.id);
    for (int i = created.size(); i < made.length; i++) {
      long h = made[i];
      try {
        if (maker == lostMaker || ms == null) {
          throw new HsmException(Ckr.DEVICE_ERROR, maker + " is lost");
        }
        destroy(maker, ms, h);
      } catch (HsmException e) {
        maker.mayHoldLeftovers = true;
      }
    }
  }

  private void destroy(HaMember m, long ms, long h) throws HsmException {
    router.invoke(
        m,
        ms,
        (x, xs) -> {
          x.slot.destroyObject(xs, h);
          return null;
        });
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
    for (HaMember m : g.members) {
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
        if (!GroupState.isGone(e)) {
          throw e;
        }
        router.markDown(m, e);
        continue;
      }
      // A V1 blob serves every member; a V0 payload is encrypted to one member's device.
      if (payload == null || target != null) {
        try {
          payload = copyOut(maker, makerSession, vo.copies.get(maker), target);
        } catch (HsmException e) {
          if (GroupState.isGone(e)) {
            throw new MakerLost(e);
          }
          throw e;
        }
      }
      try {
        vo.copies.put(m, copyIn(m, ms, payload, vo.ouid));
      } catch (HsmException e) {
        if (!GroupState.isGone(e)) {
          throw e;
        }
        router.markDown(m, e);
      }
    }
  }

  /**
   * One object leaving a member for replication: V0 by the cloning protocol, V1 as an SKS blob
   * sealed under the group's SMK.
   */
  byte[] copyOut(HaMember from, long session, long handle, byte[] target) throws HsmException {
    if (g.v1()) {
      return router.invoke(
          from, session, (x, xs) -> x.slot.sksExtract(xs, SksExtractRequest.of(handle)));
    }
    return router.invoke(
        from,
        session,
        (x, xs) -> x.slot.cloneObjectOut(xs, handle, target, g.settings.networkReplication()));
  }

  /**
   * What a V0 source needs to encrypt a clone to {@code to} (its device's cloning key, tagged by
   * its domain); null for V1, whose replicas travel as SKS blobs under the shared SMK.
   */
  byte[] cloningTargetOf(HaMember to, long session) throws HsmException {
    return g.v1() ? null : router.invoke(to, session, (x, xs) -> x.slot.cloningTarget(xs));
  }

  /**
   * The replica made on {@code to} from {@link #copyOut}'s payload; same OUID, same attributes.
   * Idempotent by OUID: a member that already holds this very object (a copy whose answer was lost,
   * or one placed there directly) answers {@code CKR_OBJECT_ALREADY_EXISTS}, and that copy is taken
   * as the replica.
   */
  long copyIn(HaMember to, long session, byte[] payload, String ouid) throws HsmException {
    try {
      if (g.v1()) {
        return router.invoke(to, session, (x, xs) -> x.slot.sksInsertReplica(xs, payload)[0]);
      }
      return router.invoke(
          to,
          session,
          (x, xs) -> x.slot.cloneObjectIn(xs, payload, g.settings.networkReplication()));
    } catch (HsmException e) {
      if (e.returnCode() != Ckr.OBJECT_ALREADY_EXISTS) {
        throw e;
      }
      Attributes byOuid = Attributes.builder().set(Cka.OUID, HexFormat.of().parseHex(ouid)).build();
      List<Long> same = router.invoke(to, session, (x, xs) -> x.slot.findObjects(xs, byOuid));
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
        try {
          destroy(m, ms, e.getValue());
        } catch (HsmException x) {
          // A member that cannot answer is resynchronised when it returns.
        }
      }
    }
  }
}
