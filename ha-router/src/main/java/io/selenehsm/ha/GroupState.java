package io.selenehsm.ha;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What every concern of an HA group shares: its members, its virtual sessions and objects, the
 * applications logged in through it, and the group lock.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Lock.</b> Calls through the group hold the read lock of {@link #lock}; a member's
 *       rejoin, SMK alignment and rollover and a resynchronisation hold the write lock, so no
 *       object is created or destroyed while a member is brought in line.
 *   <li><b>Registries.</b> Sessions, objects and logins are concurrent maps read without the lock;
 *       an object's member copies are a concurrent map of their own. A creation puts its objects
 *       here only after every copy is made, so a reader never sees a half-replicated object.
 *   <li><b>Benign races.</b> {@link #synced} is written under the write lock and read without it: a
 *       reader that sees the old value takes the slow path and checks again under the lock. {@link
 *       #groupSmk} is written under the write lock (alignment, rollover) or by an SMK clone-in or
 *       restore through the group, which changes the members it reaches in the same call; a rejoin
 *       reads it under the write lock, so it never compares against a half-made change.
 * </ul>
 */
final class GroupState {
  final int slotId;
  final String label;
  final HaSettings settings;
  final List<HaMember> members;

  /** The members as an array, for the allocation-free routing of single-part calls. */
  final HaMember[] memberArray;

  final MemberFacts facts;
  final HaEventLog events;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final AtomicLong nextSession = new AtomicLong(1);
  final AtomicLong nextHandle = new AtomicLong(1);
  final ConcurrentHashMap<Long, VirtualSession> sessions = new ConcurrentHashMap<>();
  final ConcurrentHashMap<Long, VirtualObject> objects = new ConcurrentHashMap<>();

  /** Application id -> its login, replayed on members that rejoin. */
  final ConcurrentHashMap<Long, Login> logins = new ConcurrentHashMap<>();

  /** True once every member's objects were matched after the first crypto-role login. */
  volatile boolean synced;

  /** True from the moment the last active member is lost until one rejoins. */
  final AtomicBoolean lost = new AtomicBoolean();

  /**
   * OUIDs (hex) of objects made by creations that failed: wherever they turn up (on a member that
   * was unreachable when the creation was rolled back) they are removed, never adopted.
   */
  final Set<String> abandoned = ConcurrentHashMap.newKeySet();

  /** Virtual sessions ended by a loss of every member (activeBasic), for a precise refusal. */
  final Set<Long> endedByLoss = ConcurrentHashMap.newKeySet();

  /** V1: fingerprint (hex) of the SMK every active member holds as primary; empty until known. */
  volatile Optional<String> groupSmk;

  /** An application's login through the group; the PIN is wiped when the login ends. */
  record Login(Role role, char[] pin) {
    void wipe() {
      Arrays.fill(pin, '\0');
    }
  }

  GroupState(
      int slotId,
      String label,
      HaSettings settings,
      List<HaMember> members,
      MemberFacts facts,
      HaEventLog events) {
    this.slotId = slotId;
    this.label = label;
    this.settings = settings;
    this.members = List.copyOf(members);
    this.memberArray = this.members.toArray(new HaMember[0]);
    this.facts = facts;
    this.events = events;
    this.groupSmk = facts.smk();
  }

  boolean v1() {
    return facts.version() == 1;
  }

  VirtualSession session(long handle) throws HsmException {
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

  VirtualObject object(long handle) throws HsmException {
    VirtualObject vo = objects.get(handle);
    if (vo == null) {
      throw new HsmException(
          Ckr.OBJECT_HANDLE_INVALID, "no object with handle " + handle + " in HA group " + label);
    }
    return vo;
  }

  HsmException noActiveMember() {
    return new HsmException(
        Ckr.TOKEN_NOT_PRESENT,
        "HA group " + label + " has no active member; it recovers by itself when a member returns");
  }

  HsmException notOnVirtualSlot(String command) {
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

  /** Every active member, declaration order. */
  List<HaMember> rotationAll() {
    return members.stream().filter(HaMember::active).toList();
  }

  VirtualSession anySessionOf(long appId) {
    return sessions.values().stream().filter(v -> v.appId == appId).findFirst().orElse(null);
  }

  /** A virtual session whose application is logged in as Crypto Officer, or null. */
  VirtualSession officerSession() {
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

  /** A virtual session whose application is logged in with a crypto role, or null. */
  VirtualSession loggedInSession() {
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

  /** Ends an application's login and wipes its PIN. */
  void forgetLogin(long appId) {
    Login gone = logins.remove(appId);
    if (gone != null) {
      gone.wipe();
    }
  }

  static boolean isGone(HsmException e) {
    long c = e.returnCode();
    return c == Ckr.TOKEN_NOT_PRESENT
        || c == Ckr.DEVICE_ERROR
        || c == Ckr.DEVICE_REMOVED
        || c == Ckr.SESSION_HANDLE_INVALID;
  }

  /** The digest half of an object's identity: its readable attributes but the usage count. */
  static String digest(Attributes readable) {
    byte[] enc = readable.toBuilder().remove(Cka.USAGE_COUNT).build().encode();
    try {
      return MemberFacts.hex(Arrays.copyOf(SoftwareProviders.digest("SHA-256").digest(enc), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
