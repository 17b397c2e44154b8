package io.selenehsm.provider.internal;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions the provider keeps open on one slot, shaped like SunPKCS11's SessionManager.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li>One <em>object session</em> (the anchor) owns every session object the provider creates
 *       (generated, imported, unwrapped keys) and carries the application's login; the engine
 *       destroys a session's objects when it closes, so the anchor stays open until {@link
 *       #closeAll}. Its generation counts how often it was (re)opened, so a key cleaned up after a
 *       reopen does not destroy an unrelated object that reused its handle.
 *   <li><em>Operation sessions</em> are borrowed for one call (or one multi-part operation) and
 *       returned. Each thread keeps the session it returned last in its own slot (thread affinity):
 *       the next borrow on that thread takes it back without touching anything another thread
 *       writes, so threads never contend and each stays on one engine session, as an application
 *       holding a session per thread would. A second session a thread returns while its slot is
 *       full (a multi-part operation next to single-part calls, a cleaner freeing a pinned session)
 *       waits in a shared LIFO deque of at most {@code maxIdle}; so at most {@code maxIdle} plus
 *       one per thread wait. A session idle longer than {@code idleNanos} (measured on the injected
 *       time source) is closed by the first release after it expired or by {@link #closeIdle}; the
 *       slot of a thread that ended is emptied the same way.
 *   <li>A session the engine no longer knows (device restart) is dropped, not returned.
 * </ul>
 *
 * Lock-free on the borrow/release path; the anchor opens under the pool's monitor.
 */
public final class SessionPool {
  private record Idle(long handle, long since) {}

  /**
   * The padding before a thread's slot: HotSpot lays out a superclass's fields first, so these 64
   * bytes keep the slot's hot fields off the cache line of whatever the heap puts before it (a
   * collection may move two threads' slots next to each other; unpadded, every borrow and release
   * of one thread would then invalidate the other's line).
   */
  @SuppressWarnings("unused") // padding only
  static class AffinePad {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  /** The fields of a thread's slot (see {@link Affine}). */
  static class AffineFields extends AffinePad {
    static final VarHandle HANDLE;
    static final VarHandle LENT;
    static final VarHandle SINCE;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        HANDLE = l.findVarHandle(AffineFields.class, "handle", long.class);
        LENT = l.findVarHandle(AffineFields.class, "lent", long.class);
        SINCE = l.findVarHandle(AffineFields.class, "since", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());

    /** The idle session (0 when empty); read and swapped through {@link #HANDLE}. */
    volatile long handle;

    /** Monotonic time when the session was returned; stored (release) before the handle. */
    volatile long since;

    /**
     * Sessions this thread borrowed minus those it returned (a session may come back on another
     * thread, so one slot's count can go negative; the sum over all slots is what is lent out).
     * Only the owner writes it, with an ordered store and no atomic instruction.
     */
    volatile long lent;
  }

  /**
   * One thread's idle session, padded on both sides against false sharing. Only the owning thread
   * fills it; the owner and a sweeping thread may empty it, each by compare-and-set, so exactly one
   * of them gets it.
   */
  static final class Affine extends AffineFields {
    @SuppressWarnings("unused") // padding only
    long p10, p11, p12, p13, p14, p15, p16, p17;

    long get() {
      return handle;
    }

    boolean compareAndSet(long expected, long value) {
      return HANDLE.compareAndSet(this, expected, value);
    }

    long getAndSet(long value) {
      return (long) HANDLE.getAndSet(this, value);
    }

    /**
     * Parks a session; release stores suffice, since only the owner fills the slot. The stamp is
     * stored before the handle, so a sweeper that reads the handle reads this stamp or a later one;
     * a volatile store would fence every release (4% of the 1 KiB HMAC profile).
     */
    void park(long session, long now) {
      SINCE.setRelease(this, now);
      HANDLE.setRelease(this, session);
    }

    void countLent(long delta) {
      LENT.setRelease(this, lent + delta);
    }

    boolean ownerGone() {
      Thread t = owner.get();
      return t == null || !t.isAlive();
    }
  }

  private final Slot slot;
  private final long appId;
  private final TimeSource time;
  private final long idleNanos;
  private final int maxIdle;
  private final ThreadLocal<Affine> affine = ThreadLocal.withInitial(this::newAffine);

  /**
   * The slots last looked up, by thread id: a thread finds its own with two reads and a compare
   * instead of a thread-local map probe (which profiles showed on every call). Written only when a
   * thread first comes (or two threads share an index), so threads only read it; an entry is used
   * only when it names the calling thread, so sharing an index costs a lookup, never a wrong slot.
   */
  private static final int RECENT_SLOTS = 64;

  private final Affine[] recent = new Affine[RECENT_SLOTS];
  private final ConcurrentLinkedQueue<Affine> affines = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  /** Lent-out counts of thread slots dropped after their thread ended. */
  private final AtomicLong retiredLent = new AtomicLong();

  /** Monotonic time at or after which the next release sweeps expired sessions. */
  private final AtomicLong nextSweep;

  private volatile long anchor;
  private volatile long anchorGeneration;

  public SessionPool(Slot slot, long appId, TimeSource time, long idleNanos, int maxIdle) {
    this.slot = slot;
    this.appId = appId;
    this.time = time;
    this.idleNanos = idleNanos;
    this.maxIdle = maxIdle;
    this.nextSweep = new AtomicLong(time.nanoTime() + idleNanos);
  }

  private Affine newAffine() {
    Affine a = new Affine();
    affines.add(a);
    return a;
  }

  /** The object-owning session, opened on first use. */
  public long anchor() throws HsmException {
    long a = anchor;
    if (a != 0) {
      return a;
    }
    synchronized (this) {
      if (anchor == 0) {
        anchor = slot.openSession(appId, true);
        anchorGeneration++;
      }
      return anchor;
    }
  }

  /** Increases whenever the anchor is reopened; 0 before it first opens. */
  public long anchorGeneration() {
    return anchorGeneration;
  }

  /** Whether the anchor is open in generation {@code generation}. */
  public boolean anchorOpenIn(long generation) {
    return anchor != 0 && anchorGeneration == generation;
  }

  /** Operation sessions lent out right now (a monitoring reading; may be stale at once). */
  public long inUseCount() {
    long n = retiredLent.get();
    for (Affine a : affines) {
      n += a.lent;
    }
    return n;
  }

  /** Idle operation sessions: the shared queue plus those parked with their thread. */
  public int idleSessionCount() {
    int n = idleCount.get();
    for (Affine a : affines) {
      if (a.get() != 0) {
        n++;
      }
    }
    return n;
  }

  /** Whether the object-owning session is open. */
  public boolean anchorOpen() {
    return anchor != 0;
  }

  /** A session for one operation; give it back with {@link #release}. */
  public long borrow() throws HsmException {
    return borrow(mine());
  }

  /**
   * The calling thread's slot, for a caller that borrows and releases on this thread: looked up
   * once for both (see {@link Token#call}).
   */
  Affine mine() {
    Thread t = Thread.currentThread();
    int at = (int) (t.getId() & (RECENT_SLOTS - 1));
    Affine a = recent[at];
    if (a != null && a.owner.get() == t) {
      return a;
    }
    a = affine.get();
    recent[at] = a; // plain store: a stale or torn-away entry only sends a caller to the lookup
    return a;
  }

  /** {@link #borrow()} with the calling thread's slot, {@code mine}. */
  long borrow(Affine mine) throws HsmException {
    mine.countLent(1);
    long h = mine.get();
    if (h != 0 && mine.compareAndSet(h, 0)) {
      return h;
    }
    Idle i = idle.pollFirst();
    if (i != null) {
      idleCount.decrementAndGet();
      return i.handle();
    }
    try {
      return slot.openSession(appId, true);
    } catch (HsmException | RuntimeException e) {
      mine.countLent(-1);
      throw e;
    }
  }

  /** Returns a borrowed session; {@code failure} (may be null) says whether it is still good. */
  public void release(long session, Throwable failure) {
    release(mine(), session, failure);
  }

  /** {@link #release(long, Throwable)} with the calling thread's slot, {@code mine}. */
  void release(Affine mine, long session, Throwable failure) {
    mine.countLent(-1);
    if (failure instanceof HsmException h && isDead(h.returnCode())) {
      quietlyClose(session);
      return;
    }
    long now = time.coarseNanoTime(); // idle timeouts are seconds; this runs on every call
    if (mine.get() == 0) {
      mine.park(session, now);
    } else if (idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      quietlyClose(session);
    } else {
      idle.offerFirst(new Idle(session, now));
    }
    long due = nextSweep.get();
    if (now - due >= 0 && nextSweep.compareAndSet(due, Long.MAX_VALUE)) {
      closeIdleSince(now); // this thread won the sweep; it sets the next due time
    }
  }

  public void release(long session) {
    release(session, null);
  }

  /**
   * Closes a borrowed session instead of returning it: how a multi-part operation the caller
   * abandoned ends in the engine (closing a session ends its operations).
   */
  public void discard(long session) {
    mine().countLent(-1);
    quietlyClose(session);
  }

  private static boolean isDead(long code) {
    return code == Ckr.SESSION_HANDLE_INVALID
        || code == Ckr.SESSION_CLOSED
        || code == Ckr.TOKEN_NOT_PRESENT
        || code == Ckr.DEVICE_ERROR;
  }

  /** Closes sessions idle for longer than the idle timeout; returns how many. */
  public int closeIdle() {
    return closeIdleSince(time.nanoTime());
  }

  /**
   * Closes expired sessions (and those of threads that ended), then schedules the next sweep for
   * when the oldest remaining idle session expires.
   */
  private int closeIdleSince(long now) {
    int closed = 0;
    long due = now + idleNanos;
    for (Affine a : affines) {
      boolean gone = a.ownerGone();
      long h = a.get();
      long since = a.since;
      if (h != 0) {
        if ((gone || now - since > idleNanos) && a.compareAndSet(h, 0)) {
          quietlyClose(h);
          closed++;
        } else {
          due = Math.min(due, since + idleNanos + 1);
        }
      }
      // Its thread ended: nothing can fill the slot again nor change its count. Whoever removes
      // it (two sweeps may race) keeps what it had lent.
      if (gone && a.get() == 0 && affines.remove(a)) {
        retiredLent.addAndGet(a.lent);
      }
    }
    Idle oldest;
    while ((oldest = idle.peekLast()) != null && now - oldest.since() > idleNanos) {
      if (idle.removeLastOccurrence(oldest)) {
        idleCount.decrementAndGet();
        quietlyClose(oldest.handle());
        closed++;
      }
    }
    if (oldest != null) {
      due = Math.min(due, oldest.since() + idleNanos + 1);
    }
    nextSweep.set(due);
    return closed;
  }

  /** Idle operation sessions right now. */
  public int idleCount() {
    int n = idleCount.get();
    for (Affine a : affines) {
      if (a.get() != 0) {
        n++;
      }
    }
    return n;
  }

  /** Operation sessions lent out right now. */
  public int borrowedCount() {
    return (int) inUseCount();
  }

  /** Closes every session, the anchor included (its session objects die with it). */
  public synchronized void closeAll() {
    for (Affine a : affines) {
      long h = a.getAndSet(0);
      if (h != 0) {
        quietlyClose(h);
      }
    }
    for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
      Idle i = it.next();
      it.remove();
      idleCount.decrementAndGet();
      quietlyClose(i.handle());
    }
    long a = anchor;
    anchor = 0;
    if (a != 0) {
      quietlyClose(a);
    }
  }

  /** Forgets the anchor after the device dropped it (restart), so the next use reopens it. */
  public synchronized void anchorLost(long handle) {
    if (anchor == handle) {
      anchor = 0;
    }
  }

  private void quietlyClose(long session) {
    try {
      slot.closeSession(session);
    } catch (HsmException | RuntimeException e) {
      // The session is gone either way (device restarted or removed); nothing to give back.
    }
  }
}
