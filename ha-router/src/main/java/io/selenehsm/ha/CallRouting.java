package io.selenehsm.ha;

import io.selenehsm.device.CallKind;
import io.selenehsm.device.CallType;
import io.selenehsm.device.CloningCall;
import io.selenehsm.device.Encapsulated;
import io.selenehsm.device.HandleMap;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SksCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.GeneratedKeyPair;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksExtractRequest;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routes a call through the group by its {@link CallKind}; no call has a method of its own here.
 *
 * <ul>
 *   <li>{@code STATUS} and {@code READ}: one active member, failing over ({@link
 *       MemberRouter#onAny}).
 *   <li>{@code MULTI_PART}: an init on one member, which the operation is pinned to; its other
 *       steps on that member.
 *   <li>{@code CREATE}: made on one member and replicated to every other ({@link Replication}); the
 *       handles in the result become virtual handles, by the shape of the result.
 *   <li>{@code CHANGE} (and role changes): on every active member ({@link MemberRouter#onAll}).
 *   <li>{@code ADMIN}: refused; it belongs on a member's own slot.
 * </ul>
 *
 * <p>A few calls keep behaviour of their own through a handler chosen by call type (sessions and
 * logins, object search and destruction, attribute changes, SKS extract, SMK rollover and clone-in,
 * cloning in, backup and restore), and the first encrypt, decrypt, wrap or unwrap of a key settles
 * its purpose first ({@link KeySeparation}).
 *
 * <p>Design note: immutable after construction (the handler table is filled in the constructor and
 * only read); every guard is in the concerns it calls.
 */
final class CallRouting {
  /** Calls that may be a key's first use of a kind, which commits it. */
  private static final Set<CallType> SETTLES_PURPOSE =
      EnumSet.of(
          CallType.ENCRYPT,
          CallType.ENCRYPT_INIT,
          CallType.DECRYPT,
          CallType.DECRYPT_INIT,
          CallType.WRAP_KEY,
          CallType.UNWRAP_KEY);

  /** Multi-part calls: the operation they belong to ("sign", "encrypt", ...), by type. */
  private static final Map<CallType, String> OPERATION = new EnumMap<>(CallType.class);

  private static final Set<CallType> STARTS = EnumSet.noneOf(CallType.class);
  private static final Set<CallType> ENDS = EnumSet.noneOf(CallType.class);

  static {
    for (CallType t : CallType.values()) {
      if (t.kind() != CallKind.MULTI_PART) {
        continue;
      }
      String name = t.name();
      int cut = name.indexOf('_');
      OPERATION.put(t, name.substring(0, cut).toLowerCase(Locale.ROOT));
      String phase = name.substring(cut + 1);
      if (phase.equals("INIT")) {
        STARTS.add(t);
      } else if (phase.equals("FINAL") || phase.equals("INITIALIZED")) {
        ENDS.add(t);
      }
    }
  }

  /** A call with behaviour of its own. */
  @FunctionalInterface
  private interface Handler {
    Object handle(SlotCall<?> c) throws HsmException;
  }

  private final GroupState g;
  private final MemberRouter router;
  private final Replication replication;
  private final KeySeparation keys;
  private final Resynchronizer resync;
  private final Map<CallType, Handler> handlers = new EnumMap<>(CallType.class);

  CallRouting(
      GroupState g,
      MemberRouter router,
      Replication replication,
      KeySeparation keys,
      Resynchronizer resync,
      GroupSessions sessions,
      SmkCoordinator smk) {
    this.g = g;
    this.router = router;
    this.replication = replication;
    this.keys = keys;
    this.resync = resync;
    // Sessions and logins hold group state; other role calls run on every member.
    handlers.put(CallType.OPEN_SESSION, c -> sessions.openSession((LoginCall.OpenSession) c));
    handlers.put(
        CallType.CLOSE_SESSION,
        c -> {
          sessions.closeSession(c.session());
          return null;
        });
    handlers.put(
        CallType.CLOSE_ALL_SESSIONS,
        c -> {
          sessions.closeAllSessions(((LoginCall.CloseAllSessions) c).appId());
          return null;
        });
    handlers.put(CallType.GET_SESSION_INFO, c -> sessions.sessionInfo(g.session(c.session())));
    handlers.put(
        CallType.LOGIN,
        c -> {
          LoginCall.Login x = (LoginCall.Login) c;
          sessions.login(g.session(x.session()), x.role(), x.pin());
          return null;
        });
    handlers.put(
        CallType.LOGOUT,
        c -> {
          sessions.logout(g.session(c.session()));
          return null;
        });
    handlers.put(
        CallType.CHANGE_PIN,
        c -> {
          sessions.changePin(g.session(c.session()), (LoginCall.ChangePin) c);
          return null;
        });
    // Objects: answers in virtual handles, and the registry follows every change.
    handlers.put(
        CallType.FIND_OBJECTS,
        c -> router.findObjects(g.session(c.session()), ((ObjectCall.FindObjects) c).template()));
    handlers.put(
        CallType.DESTROY_OBJECT,
        c -> {
          destroyObject(g.session(c.session()), ((ObjectCall.DestroyObject) c).handle());
          return null;
        });
    handlers.put(
        CallType.SET_ATTRIBUTES,
        c -> {
          ObjectCall.SetAttributes x = (ObjectCall.SetAttributes) c;
          VirtualSession vs = g.session(x.session());
          keys.changeEverywhere(vs, g.object(x.handle()), x.change());
          return null;
        });
    // SKS, SMK, cloning and backup.
    handlers.put(CallType.SKS_EXTRACT, c -> sksExtract((SksCall.SksExtract) c));
    handlers.put(
        CallType.ROLLOVER_SMK,
        c -> {
          smk.rolloverSmk(g.session(c.session()));
          return null;
        });
    handlers.put(
        CallType.CLONE_SMK_IN,
        c -> {
          smk.cloneSmkIn(g.session(c.session()), (CloningCall.CloneSmkIn) c);
          return null;
        });
    handlers.put(CallType.CLONE_OBJECT_IN, c -> cloneObjectIn((CloningCall.CloneObjectIn) c));
    handlers.put(CallType.BACKUP_PARTITION, c -> backup((CloningCall.BackupPartition) c));
    handlers.put(CallType.RESTORE_PARTITION, c -> restore((CloningCall.RestorePartition) c));
  }

  @SuppressWarnings("unchecked") // a handler and a member answer with the call's own result type
  <R> R route(SlotCall<R> c) throws HsmException {
    Handler h = handlers.get(c.type());
    if (h != null) {
      return (R) h.handle(c);
    }
    switch (c.kind()) {
      case STATUS:
        return router.onAny(null, c); // no session, no handles: each member takes the call as is
      case READ:
        {
          VirtualSession vs = g.session(c.session());
          if (SETTLES_PURPOSE.contains(c.type())) {
            keys.beforeUse(c, vs);
          }
          return router.onAny(vs, c);
        }
      case MULTI_PART:
        return multiPart(c);
      case CREATE:
        return (R) create(c, null);
      case SESSION:
      case CHANGE:
        return router.onAll(g.session(c.session()), (m, ms) -> MemberRouter.translated(m, ms, c));
      case ADMIN:
      default:
        throw g.notOnVirtualSlot(c.command());
    }
  }

  /** An init pins its operation to the member that took it; every later step runs there. */
  private <R> R multiPart(SlotCall<R> c) throws HsmException {
    VirtualSession vs = g.session(c.session());
    String operation = OPERATION.get(c.type());
    MemberRouter.MemberCall<R> onMember = (m, ms) -> MemberRouter.translated(m, ms, c);
    if (STARTS.contains(c.type())) {
      if (SETTLES_PURPOSE.contains(c.type())) {
        keys.beforeUse(c, vs);
      }
      return router.begin(vs, operation, onMember);
    }
    return router.step(vs, operation, ENDS.contains(c.type()), onMember);
  }

  /**
   * Makes objects on one member ({@code maker} first, when given) and replicates them; the member
   * handles in the result become the group's virtual handles.
   */
  private Object create(SlotCall<?> c, HaMember maker) throws HsmException {
    VirtualSession vs = g.session(c.session());
    if (SETTLES_PURPOSE.contains(c.type())) {
      keys.beforeUse(c, vs);
    }
    boolean baseOptional = c.type() == CallType.DERIVE_KEY;
    Object[] answer = new Object[1];
    long[] handles =
        replication.create(
            vs,
            (m, ms) -> {
              HandleMap map = baseOptional ? router.handlesAllowingNone(m) : router.handles(m);
              Object r = m.slot.call(c.withHandles(map));
              answer[0] = r;
              return madeHandles(r);
            },
            maker);
    return withVirtualHandles(answer[0], handles);
  }

  /** The member handles of the objects a creating call made, in its result's order. */
  private static long[] madeHandles(Object result) throws HsmException {
    if (result instanceof Long h) {
      return new long[] {h};
    }
    if (result instanceof long[] hs) {
      return hs;
    }
    if (result instanceof GeneratedKeyPair pair) {
      return pair.handles();
    }
    if (result instanceof Encapsulated e) {
      return new long[] {e.secretHandle()};
    }
    throw new HsmException(
        Ckr.GENERAL_ERROR, "a creating call answered " + result + ", which names no objects");
  }

  /** The result a creating call answered, its member handles replaced by virtual handles. */
  private static Object withVirtualHandles(Object result, long[] handles) {
    if (result instanceof Encapsulated e) {
      return e.withSecretHandle(handles[0]);
    }
    if (result instanceof long[]) {
      return handles;
    }
    if (result instanceof GeneratedKeyPair pair) {
      return pair.withHandles(handles[0], handles[1]); // the maker's readable attributes
    }
    return handles[0];
  }

  private void destroyObject(VirtualSession vs, long handle) throws HsmException {
    VirtualObject vo = g.object(handle);
    router.onAll(
        vs,
        (m, ms) -> {
          m.slot.destroyObject(ms, router.on(m, handle));
          vo.copies.remove(m);
          return null;
        });
    g.objects.remove(handle);
  }

  /** Extracts on one member; extract-and-delete then destroys the objects through the group. */
  private byte[] sksExtract(SksCall.SksExtract c) throws HsmException {
    VirtualSession vs = g.session(c.session());
    SksExtractRequest request = c.request();
    SksCall.SksExtract keep =
        new SksCall.SksExtract(
            c.session(), new SksExtractRequest(request.handles(), request.authorization(), false));
    byte[] blob = router.onAny(vs, keep);
    if (request.deleteAfterExtract()) {
      for (long h : request.handles()) {
        destroyObject(vs, h);
      }
    }
    return blob;
  }

  /**
   * A payload opens only on the member whose device it was encrypted to: that member takes it (the
   * others are skipped), then the group replicates.
   */
  private Object cloneObjectIn(CloningCall.CloneObjectIn c) throws HsmException {
    VirtualSession vs = g.session(c.session());
    HaMember[] taker = new HaMember[1];
    router.onAll(
        vs,
        (m, ms) -> {
          if (SmkCoordinator.forThisMember(m, ms, c.payload())) {
            taker[0] = m;
          }
          return null;
        });
    if (taker[0] == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HA group "
              + g.label
              + ": the payload"
              + " was encrypted to a device that is not an active member; ask cloningTarget again");
    }
    return create(c, taker[0]);
  }

  /** Backs up one member; the backup session belongs to the Backup HSM, not to the group. */
  private BackupReport backup(CloningCall.BackupPartition c) throws HsmException {
    return router.onAny(
        g.session(c.session()),
        (m, ms) ->
            m.slot.backupPartition(
                ms, c.backupSlot(), c.backupSession(), c.container(), c.append()));
  }

  /** Restores into every active member, then resynchronises the group. */
  private BackupReport restore(CloningCall.RestorePartition c) throws HsmException {
    VirtualSession vs = g.session(c.session());
    BackupReport[] first = new BackupReport[1];
    router.onAll(
        vs,
        (m, ms) -> {
          BackupReport r =
              m.slot.restorePartition(ms, c.backupSlot(), c.backupSession(), c.container());
          m.smk = m.slot.smkFingerprint().map(MemberFacts::hex);
          if (first[0] == null) {
            first[0] = r;
            g.groupSmk = m.smk; // a V1 restore brings the SMK
          }
          return null;
        });
    resync.resynchronize();
    return first[0];
  }
}
