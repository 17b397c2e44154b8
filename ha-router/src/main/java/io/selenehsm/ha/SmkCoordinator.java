package io.selenehsm.ha;

import io.selenehsm.device.CloningCall;
import io.selenehsm.firmware.clone.CloningTarget;
import io.selenehsm.firmware.clone.TargetEnvelope;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SMK coordination for V1 groups: every member holds the group's SKS Master Key as its primary, so
 * a blob extracted on one member opens on all of them.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>The group's SMK.</b> The first member's that has one. A member with another SMK, or
 *       none, waits out of rotation ({@code awaitingSmk}) until a Crypto Officer is logged in
 *       through the group; then it takes the group's SMK by SMK cloning (its own moves to its
 *       rollover slot) and joins.
 *   <li><b>Rollover.</b> Rolls over on one member and clones the new SMK to the others, so every
 *       member ends with the same primary and the old one as rollover.
 *   <li><b>Guards.</b> Alignment and rollover run under the group's write lock, so no object is
 *       replicated under a half-distributed SMK; the group's SMK fingerprint is volatile and is
 *       written only there or by an SMK clone-in or restore through the group (under the read lock,
 *       where the members it reaches are changed in the same call). A member lost on the way takes
 *       the new SMK when it rejoins.
 * </ul>
 */
final class SmkCoordinator {
  /** Thrown by a rejoin that needs the group's SMK while no Crypto Officer is logged in. */
  static final class SmkPending extends HsmException {
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

  private final GroupState g;
  private final MemberRouter router;
  private final Consumer<HaMember> rejoin;

  /**
   * @param rejoin one recovery attempt of a member, run once it may take the group's SMK
   */
  SmkCoordinator(GroupState g, MemberRouter router, Consumer<HaMember> rejoin) {
    this.g = g;
    this.router = router;
    this.rejoin = rejoin;
  }

  /** True (and the member set waiting) when a V1 member's SMK is not the group's. */
  boolean holdIfForeign(HaMember m) {
    if (!g.v1()
        || m.state != MemberState.ACTIVE
        || g.groupSmk.isEmpty()
        || g.groupSmk.equals(m.smk)) {
      return false;
    }
    m.state = MemberState.DOWN;
    m.awaitingSmk = true;
    m.lastError =
        "V1 member "
            + m.serial
            + " has "
            + (m.smk.isEmpty() ? "no SMK" : "another SMK")
            + "; it takes the group's at the next Crypto Officer login through the group";
    g.events.record(HaEvent.Kind.MEMBER_FAILED, m.serial, m.lastError);
    return true;
  }

  /**
   * A V1 member whose primary SMK is not the group's takes the group's by SMK cloning from an
   * active member that holds it (needs a Crypto Officer logged in through the group). With no group
   * SMK known yet, the member's own becomes the group's.
   */
  void handOverSmk(HaMember m) throws HsmException {
    VirtualSession co = g.officerSession();
    if (co == null) {
      if (g.groupSmk.isPresent() && !g.groupSmk.equals(m.smk)) {
        throw new SmkPending(m);
      }
      return;
    }
    Long target = m.sessions.get(co.id);
    if (target == null) {
      throw new HsmException(Ckr.SESSION_HANDLE_INVALID, m + " has no session to take the SMK");
    }
    m.smk = readSmk(m);
    if (g.groupSmk.isEmpty()) {
      g.groupSmk = m.smk;
      return;
    }
    if (g.groupSmk.equals(m.smk)) {
      return;
    }
    byte[] payload = null;
    for (HaMember source : g.members) {
      Long ss = source.sessions.get(co.id);
      if (source == m || !source.active() || !g.groupSmk.equals(source.smk) || ss == null) {
        continue;
      }
      try {
        payload =
            source.slot.cloneSmkOut(
                ss, m.slot.cloningTarget(target), g.settings.networkReplication());
        break;
      } catch (HsmException e) {
        if (!GroupState.isGone(e)) {
          throw e;
        }
        router.markDown(source, e); // lost since its last call; another holder may hand it over
      }
    }
    if (payload == null) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          m + " has another SMK and no active member" + " holding the group's can hand it over");
    }
    m.slot.cloneSmkIn(target, payload, g.settings.networkReplication());
    m.smk = readSmk(m);
    if (!g.groupSmk.equals(m.smk)) {
      throw new HsmException(Ckr.DEVICE_ERROR, m + " did not take the group's SMK");
    }
    m.awaitingSmk = false;
    g.events.record(HaEvent.Kind.RESYNC, m.serial, "took the group's SMK by SMK cloning");
  }

  private static Optional<String> readSmk(HaMember m) throws HsmException {
    return m.slot.smkFingerprint().map(MemberFacts::hex);
  }

  /**
   * V1, after a Crypto Officer login: every active member's SMK is made the group's, then the
   * members that waited for it join (synchronously, so they serve when the login returns).
   */
  void alignSmks() throws HsmException {
    g.lock.writeLock().lock();
    try {
      for (HaMember m : g.rotationAll()) {
        try {
          handOverSmk(m);
        } catch (HsmException e) {
          if (!GroupState.isGone(e)) {
            throw e;
          }
          router.markDown(m, e);
        }
      }
    } finally {
      g.lock.writeLock().unlock();
    }
    for (HaMember m : g.members) {
      if (m.awaitingSmk && m.state == MemberState.DOWN) {
        rejoin.accept(m);
      }
    }
  }

  /**
   * Rolls the SMK over on one member, then clones the new SMK to every other active member, so each
   * ends with the same new primary and the old one as its rollover. Runs under the write lock: no
   * object is replicated under a half-distributed SMK. A member lost on the way takes the new SMK
   * when it rejoins.
   */
  void rolloverSmk(VirtualSession vs) throws HsmException {
    g.lock.writeLock().lock();
    try {
      List<HaMember> order = g.rotationAll();
      HaMember first = null;
      for (HaMember m : order) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null) {
          continue;
        }
        try {
          m.slot.rolloverSmk(ms);
          m.smk = readSmk(m);
          first = m;
          break;
        } catch (HsmException e) {
          if (!GroupState.isGone(e)) {
            throw e;
          }
          router.markDown(m, e);
        }
      }
      if (first == null) {
        throw g.noActiveMember();
      }
      g.groupSmk = first.smk;
      for (HaMember m : order) {
        Long ms = m.sessions.get(vs.id);
        if (m == first || ms == null || !m.active()) {
          continue;
        }
        try {
          // Each member gets the SMK encrypted to its own device.
          Long fs = first.sessions.get(vs.id);
          byte[] copy =
              first.slot.cloneSmkOut(fs, m.slot.cloningTarget(ms), g.settings.networkReplication());
          m.slot.cloneSmkIn(ms, copy, g.settings.networkReplication());
          m.smk = readSmk(m);
        } catch (HsmException e) {
          router.markDown(
              m,
              GroupState.isGone(e)
                  ? e
                  : new HsmException(
                      e.returnCode(), m + " did not take the rolled-over SMK: " + e.detail()));
        }
      }
      g.events.record(
          HaEvent.Kind.RESYNC, first.serial, "SMK rolled over and cloned to the other members");
    } finally {
      g.lock.writeLock().unlock();
    }
  }

  /**
   * The member the SMK was encrypted to takes it, then hands it to every other active member (each
   * copy encrypted to that member's device); it becomes the group's SMK.
   */
  void cloneSmkIn(VirtualSession vs, CloningCall.CloneSmkIn c) throws HsmException {
    HaMember[] taker = new HaMember[1];
    router.onAll(
        vs,
        (m, ms) -> {
          if (forThisMember(m, ms, c.payload())) {
            m.slot.cloneSmkIn(ms, c.payload(), c.network());
            m.smk = readSmk(m);
            g.groupSmk = m.smk;
            taker[0] = m;
          }
          return null;
        });
    if (taker[0] == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HA group "
              + g.label
              + ": the SMK payload"
              + " was encrypted to a device that is not an active member; ask cloningTarget again");
    }
    HaMember from = taker[0];
    router.onAll(
        vs,
        (m, ms) -> {
          Long fs = from.sessions.get(vs.id);
          if (m != from && fs == null) {
            throw new HsmException(
                Ckr.DEVICE_ERROR,
                from + " was lost while handing the SMK to " + m + "; take the SMK again");
          }
          if (m != from) {
            byte[] copy = from.slot.cloneSmkOut(fs, m.slot.cloningTarget(ms), c.network());
            m.slot.cloneSmkIn(ms, copy, c.network());
            m.smk = readSmk(m);
          }
          return null;
        });
  }

  /** Whether a cloning payload was encrypted to this member's device. */
  static boolean forThisMember(HaMember m, long ms, byte[] payload) throws HsmException {
    byte[] pub = CloningTarget.decode(m.slot.cloningTarget(ms)).publicKey();
    return TargetEnvelope.isFor(payload, pub);
  }
}
