package io.selenehsm.provider.internal;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The sessions the provider keeps open on one slot, shaped like SunPKCS11's SessionManager.
 *
 * <p>Design notes.
 * <ul>
 *   <li>One <em>object session</em> (the anchor) owns every session object the provider creates
 *       (generated, imported, unwrapped keys) and carries the application's login; the engine
 *       destroys a session's objects when it closes, so the anchor stays open until
 *       {@link #closeAll}. Its generation counts how often it was (re)opened, so a key
 *       cleaned up after a reopen does not destroy an unrelated object that reused its handle.
 *   <li><em>Operation sessions</em> are borrowed for one call (or one multi-part operation) and
 *       returned. Idle ones wait in a LIFO deque (hot sessions are reused first); at most
 *       {@code maxIdle} wait, extra ones are closed on release, and one idle longer than
 *       {@code idleNanos} (measured with the injected ticker) is closed by the next
 *       borrow/release or by {@link #closeIdle}.
 *   <li>A session the engine no longer knows (device restart) is dropped, not returned.
 * </ul>
 * Lock-free on the borrow/release path; the anchor opens under the pool's monitor.
 */
public final class SessionPool {
  private record Idle(long handle, long since) {}

  private final Slot slot;
  private final long appId;
  private final LongSupplier ticker;
  private final long idleNanos;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final AtomicInteger borrowed = new AtomicInteger();
  private volatile long anchor;
  private volatile long anchorGeneration;

  public SessionPool(Slot slot, long appId, LongSupplier ticker, long idleNanos, int maxIdle) {
    this.slot = slot;
    this.appId = appId;
    this.ticker = ticker;
    this.idleNanos = idleNanos;
    this.maxIdle = maxIdle;
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

  /** A session for one operation; give it back with {@link #release}. */
  public long borrow() throws HsmException {
    Idle i = idle.pollFirst();
    borrowed.incrementAndGet();
    if (i != null) {
      idleCount.decrementAndGet();
      return i.handle();
    }
    try {
      return slot.openSession(appId, true);
    } catch (HsmException | RuntimeException e) {
      borrowed.decrementAndGet();
      throw e;
    }
  }

  /** Returns a borrowed session; {@code failure} (may be null) says whether it is still good. */
  public void release(long session, Throwable failure) {
    borrowed.decrementAndGet();
    if (failure instanceof HsmException h && isDead(h.returnCode())) {
      quietlyClose(session);
      return;
    }
    long now = ticker.getAsLong();
    if (idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      quietlyClose(session);
    } else {
      idle.offerFirst(new Idle(session, now));
    }
    closeIdleSince(now);
  }

  public void release(long session) {
    release(session, null);
  }

  /**
   * Closes a borrowed session instead of returning it: how a multi-part operation the caller
   * abandoned ends in the engine (closing a session ends its operations).
   */
  public void discard(long session) {
    borrowed.decrementAndGet();
    quietlyClose(session);
  }

  private static boolean isDead(long code) {
    return code == Ckr.SESSION_HANDLE_INVALID || code == Ckr.SESSION_CLOSED
        || code == Ckr.TOKEN_NOT_PRESENT || code == Ckr.DEVICE_ERROR;
  }

  /** Closes sessions idle for longer than the idle timeout; returns how many. */
  public int closeIdle() {
    return closeIdleSince(ticker.getAsLong());
  }

  private int closeIdleSince(long now) {
    int closed = 0;
    Idle oldest;
    while ((oldest = idle.peekLast()) != null && now - oldest.since() > idleNanos) {
      if (idle.removeLastOccurrence(oldest)) {
        idleCount.decrementAndGet();
        quietlyClose(oldest.handle());
        closed++;
      }
    }
    return closed;
  }

  /** Idle operation sessions right now. */
  public int idleCount() {
    return idleCount.get();
  }

  /** Operation sessions lent out right now. */
  public int borrowedCount() {
    return borrowed.get();
  }

  /** Closes every session, the anchor included (its session objects die with it). */
  public synchronized void closeAll() {
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
