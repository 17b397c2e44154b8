package io.selenehsm.ha;

import io.selenehsm.device.LoginCall;
import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;

/**
 * Sessions and logins through the group: a virtual session is one member session per active member;
 * a login is made on every active member and remembered, so members that rejoin are logged in too.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Guards.</b> Opening, closing and logging in hold the group's read lock, so a rejoin
 *       (write lock) sees each virtual session and login either whole or not at all. The login
 *       registry is a concurrent map; a login replaced by a PIN change keeps its role.
 *   <li><b>Refusals.</b> The first active member's refusal of a login is the caller's answer; a
 *       member that refuses after another accepted has another password and is kept out rather than
 *       have its role locked out by retries.
 *   <li><b>After a login.</b> A Crypto Officer login aligns V1 SMKs; the first crypto-role login
 *       matches every member's objects. Both run after the read lock is released, as they take the
 *       write lock.
 * </ul>
 */
final class GroupSessions {
  private final GroupState g;
  private final MemberRouter router;
  private final SmkCoordinator smk;
  private final Resynchronizer resync;

  GroupSessions(GroupState g, MemberRouter router, SmkCoordinator smk, Resynchronizer resync) {
    this.g = g;
    this.router = router;
    this.smk = smk;
    this.resync = resync;
  }

  long openSession(LoginCall.OpenSession c) throws HsmException {
    VirtualSession vs =
        new VirtualSession(g.nextSession.getAndIncrement(), c.appId(), c.readWrite());
    g.lock.readLock().lock();
    try {
      boolean any = false;
      for (HaMember m : g.rotationAll()) {
        try {
          m.sessions.put(vs.id, router.invoke(m, 0, (x, xs) -> x.slot.call(c)));
          any = true;
        } catch (HsmException e) {
          if (!GroupState.isGone(e)) {
            vs.pinned.clear();
            closeMemberSessions(vs);
            throw e;
          }
          router.markDown(m, e);
        }
      }
      if (!any) {
        throw g.noActiveMember();
      }
      g.sessions.put(vs.id, vs);
      return vs.id;
    } finally {
      g.lock.readLock().unlock();
    }
  }

  private void closeMemberSessions(VirtualSession vs) {
    for (HaMember m : g.members) {
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

  void closeSession(long session) throws HsmException {
    if (g.endedByLoss.remove(session)) {
      return; // it ended with the loss of every member; closing it is all that was left to do
    }
    VirtualSession vs = g.session(session);
    g.lock.readLock().lock();
    try {
      g.sessions.remove(session);
      closeMemberSessions(vs);
      g.objects.values().removeIf(vo -> vo.owner == session);
      if (g.anySessionOf(vs.appId) == null) {
        g.forgetLogin(vs.appId);
      }
    } finally {
      g.lock.readLock().unlock();
    }
  }

  void closeAllSessions(long appId) throws HsmException {
    for (VirtualSession vs : List.copyOf(g.sessions.values())) {
      if (vs.appId == appId) {
        closeSession(vs.id);
      }
    }
  }

  SessionInfo sessionInfo(VirtualSession vs) throws HsmException {
    SessionInfo m = router.onAny(vs, (x, ms) -> x.slot.sessionInfo(ms));
    return new SessionInfo(vs.id, m.partitionId(), vs.readWrite, m.role());
  }

  /** Logs the application in on every active member; members that rejoin are logged in too. */
  void login(VirtualSession vs, Role role, char[] pin) throws HsmException {
    GroupState.Login current = g.logins.get(vs.appId);
    if (current != null) {
      throw new HsmException(
          current.role() == role ? Ckr.USER_ALREADY_LOGGED_IN : Ckr.USER_ANOTHER_ALREADY_LOGGED_IN,
          "already logged in as " + current.role().shortName() + " on HA slot " + g.slotId);
    }
    g.lock.readLock().lock();
    try {
      boolean done = false;
      for (HaMember m : g.rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null) {
          continue;
        }
        try {
          router.invoke(
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
          } else if (GroupState.isGone(e)) {
            router.markDown(m, e);
          } else if (!done) {
            throw e;
          } else {
            // Another password on this member: keep it out rather than lock its role out.
            m.state = MemberState.OUT;
            m.misfit = true;
            m.lastError = e.getMessage();
            g.events.record(HaEvent.Kind.MEMBER_OUT, m.serial, "login refused: " + e.getMessage());
          }
        }
      }
      if (!done) {
        throw g.noActiveMember();
      }
      g.logins.put(vs.appId, new GroupState.Login(role, pin.clone()));
    } finally {
      g.lock.readLock().unlock();
    }
    if (role == Role.CRYPTO_OFFICER && g.v1()) {
      smk.alignSmks();
    }
    if (role.isCryptoRole()) {
      resync.syncIfNeeded();
    }
  }

  void logout(VirtualSession vs) throws HsmException {
    router.onAll(
        vs,
        (m, ms) -> {
          m.slot.logout(ms);
          return null;
        });
    g.forgetLogin(vs.appId);
  }

  /** A PIN change through the group; the remembered login takes the new PIN. */
  void changePin(VirtualSession vs, LoginCall.ChangePin c) throws HsmException {
    router.onAll(vs, (m, ms) -> m.slot.call(c.withHandles(router.handles(m))));
    g.logins.computeIfPresent(
        vs.appId, (k, l) -> new GroupState.Login(l.role(), c.newPin().clone()));
  }
}
