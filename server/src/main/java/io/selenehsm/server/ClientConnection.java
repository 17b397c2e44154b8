package io.selenehsm.server;

import io.selenehsm.device.LoginCall;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One client connection of the device service: who it is, which sessions it opened, and how much it
 * may do at once. A session belongs to the connection that opened it; no other connection can name
 * it, and when the connection ends its sessions are closed (with their session objects), as an HSM
 * does when a client goes away.
 *
 * <p>Application ids are the client's own numbers, so two processes that both call themselves
 * application 1 must not share a login: each (connection, application) pair gets a server-wide id
 * of its own, and calls are translated on the way in.
 *
 * <p>Design note (concurrency): calls of one connection run on many gRPC threads at once. The
 * session and application tables are guarded by this object's lock, held only for table updates,
 * never while a call runs on the device; the in-flight bound is a semaphore; counters are atomic.
 * {@link #close} marks the connection closed under the lock, so a session an in-flight call opens
 * after it is closed at once instead of being recorded.
 */
final class ClientConnection {
  private static final AtomicLong NEXT_APPLICATION = new AtomicLong(1L << 32);

  /** How same-host clients are named until they say which process they are. */
  static final String LOCAL_PREFIX = "local#";

  /** One session of this connection: the slot it is on and the application it belongs to. */
  record OwnedSession(Slot slot, long handle, long serverAppId) {}

  private final long id;
  private volatile String name;
  private final String address;
  private final X509Certificate peer;
  private volatile Predicate<Integer> slotVisible = slot -> false;
  private final ServerLimits limits;
  private final Instant connectedAt;
  private final Semaphore inFlight;
  private final AtomicLong calls = new AtomicLong();

  /** Guarded by this. Keyed by (server slot id, session handle). */
  private final Map<SessionKey, OwnedSession> sessions = new HashMap<>();

  /** Guarded by this. The client's application id to the server's. */
  private final Map<Long, Long> applications = new HashMap<>();

  private boolean closed;

  private record SessionKey(int slot, long handle) {}

  ClientConnection(
      long id,
      String name,
      String address,
      X509Certificate peer,
      ServerLimits limits,
      Instant connectedAt) {
    this.id = id;
    this.name = name;
    this.address = address;
    this.peer = peer;
    this.limits = limits;
    this.connectedAt = connectedAt;
    this.inFlight = new Semaphore(limits.callsPerClient());
  }

  long id() {
    return id;
  }

  String name() {
    return name;
  }

  /** Names a same-host client by the process it says it is (the socket's permissions admit it). */
  void describeLocal(String process) {
    if (name.startsWith(LOCAL_PREFIX) && !name.contains(" ")) {
      name = name + " " + process;
    }
  }

  String address() {
    return address;
  }

  Instant connectedAt() {
    return connectedAt;
  }

  long calls() {
    return calls.get();
  }

  int callsInFlight() {
    return limits.callsPerClient() - inFlight.availablePermits();
  }

  /** The client's TLS certificate; null on the Unix socket. */
  X509Certificate peer() {
    return peer;
  }

  /** Which slots the client may reach from now on (the registry's current assignment). */
  void reachable(Predicate<Integer> slots) {
    this.slotVisible = slots;
  }

  /** Whether this client may reach server slot {@code slotId} now. */
  boolean mayReach(int slotId) {
    return slotVisible.test(slotId);
  }

  /** Takes one of the client's call permits, or refuses and says why. */
  void admit() throws HsmException {
    if (!inFlight.tryAcquire()) {
      throw new HsmException(
          Ckr.FUNCTION_FAILED,
          "client "
              + name
              + " already has "
              + limits.callsPerClient()
              + " calls running on this server, the most it allows at once; retry when one ends");
    }
    calls.incrementAndGet();
  }

  void release() {
    inFlight.release();
  }

  /**
   * The call as the device must see it: the client's application ids translated, and every session
   * it names checked to be this connection's on this slot.
   */
  SlotCall<?> adopt(Slot slot, SlotCall<?> call) throws HsmException {
    if (call instanceof LoginCall.OpenSession open) {
      synchronized (this) {
        if (sessions.size() >= limits.sessionsPerClient()) {
          throw new HsmException(
              Ckr.SESSION_COUNT,
              "client "
                  + name
                  + " has "
                  + sessions.size()
                  + " sessions open on this server, the most it allows; close one first");
        }
      }
      return new LoginCall.OpenSession(serverAppId(open.appId()), open.readWrite());
    }
    if (call instanceof LoginCall.CloseAllSessions all) {
      return new LoginCall.CloseAllSessions(serverAppId(all.appId()));
    }
    long session = call.session();
    if (session != SlotCall.NO_SESSION) {
      synchronized (this) {
        if (!sessions.containsKey(new SessionKey(slot.slotId(), session))) {
          throw new HsmException(
              Ckr.SESSION_HANDLE_INVALID,
              "session " + session + " on slot " + slot.slotId() + " is not open for this client");
        }
      }
    }
    return call;
  }

  /** Records what a call that succeeded did to this connection's sessions. */
  void settle(Slot slot, SlotCall<?> call, Object result) {
    if (call instanceof LoginCall.OpenSession open) {
      long handle = (Long) result;
      boolean keep;
      synchronized (this) {
        keep = !closed;
        if (keep) {
          sessions.put(
              new SessionKey(slot.slotId(), handle), new OwnedSession(slot, handle, open.appId()));
        }
      }
      if (!keep) {
        closeQuietly(slot, handle);
      }
    } else if (call instanceof LoginCall.CloseSession close) {
      synchronized (this) {
        sessions.remove(new SessionKey(slot.slotId(), close.session()));
      }
    } else if (call instanceof LoginCall.CloseAllSessions all) {
      synchronized (this) {
        sessions.values().removeIf(s -> s.slot() == slot && s.serverAppId() == all.appId());
      }
    }
  }

  private synchronized long serverAppId(long clientAppId) {
    return applications.computeIfAbsent(clientAppId, a -> NEXT_APPLICATION.getAndIncrement());
  }

  /** This connection's open sessions, for operators. */
  synchronized List<OwnedSession> sessions() {
    return List.copyOf(sessions.values());
  }

  /**
   * Ends the connection: every session it opened is closed on its device, which destroys the
   * session's objects and ends the application's login once its last session is gone.
   */
  void close() {
    List<OwnedSession> open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(sessions.values());
      sessions.clear();
    }
    Map<Slot, Set<Long>> appsBySlot = new HashMap<>();
    for (OwnedSession s : open) {
      appsBySlot.computeIfAbsent(s.slot(), k -> new java.util.HashSet<>()).add(s.serverAppId());
    }
    appsBySlot.forEach(
        (slot, apps) -> {
          for (long app : apps) {
            try {
              slot.closeAllSessions(app);
            } catch (HsmException e) {
              // A device that is gone has no sessions left to close.
            }
          }
        });
  }

  private static void closeQuietly(Slot slot, long handle) {
    try {
      slot.closeSession(handle);
    } catch (HsmException e) {
      // Already gone with its device.
    }
  }

  @Override
  public String toString() {
    return "client " + name + " (" + address + ")";
  }
}
