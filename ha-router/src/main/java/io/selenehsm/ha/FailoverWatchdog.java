package io.selenehsm.ha;

import io.selenehsm.firmware.time.TimeSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Bounds how long a call through an HA group waits on a member that stopped answering: a call still
 * running on a member after the failover timeout, while that member does not answer a non-waiting
 * status read, is cancelled by interrupting its thread. The driver's wait for a hung device is
 * interruptible and answers {@code CKR_FUNCTION_CANCELED}; the group turns that into a lost member
 * and fails over.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Cost on the fast path.</b> A call registers one small record in a concurrent set and
 *       removes it afterwards; no timer is scheduled per call. One checker runs on the group's
 *       probe pool only while calls are in flight and stops after an idle second.
 *   <li><b>Slow is not hung.</b> A long command on a member that still answers its status (an
 *       RSA-8192 key generation, say) is never cancelled: the check asks the member first.
 *   <li><b>Interrupt handshake.</b> The checker interrupts under the record's lock only while the
 *       call is running; the caller marks the record done under the same lock and clears the
 *       interrupt it was sent, so no interrupt leaks past the call into the application.
 *   <li><b>Time.</b> Elapsed time is read from the group's injected {@link TimeSource}, so tests
 *       decide when a call is overdue; the checker polls in real time and counts its idle polls to
 *       know when to stop, so it reads no clock of its own.
 * </ul>
 */
final class FailoverWatchdog {
  /** A call in flight on one member. */
  static final class Call {
    final HaMember member;
    final Thread thread;
    final long started;
    private boolean done;
    private boolean cancelled;

    Call(HaMember member, Thread thread, long started) {
      this.member = member;
      this.thread = thread;
      this.started = started;
    }

    synchronized boolean cancel() {
      if (done || cancelled) {
        return false;
      }
      cancelled = true;
      thread.interrupt();
      return true;
    }

    /** Ends the call; true when the watchdog cancelled it (its interrupt is cleared here). */
    synchronized boolean finish() {
      done = true;
      if (cancelled) {
        Thread.interrupted();
      }
      return cancelled;
    }

    synchronized boolean cancelled() {
      return cancelled;
    }
  }

  private static final long IDLE_STOP_MILLIS = TimeUnit.SECONDS.toMillis(1);

  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean();
  private final TimeSource time;
  private final long timeoutNanos;
  private final long pollMillis;
  private final ExecutorService executor;
  private final Predicate<HaMember> unresponsive;

  /**
   * @param unresponsive whether a member fails a status read that does not wait (true: cancel)
   */
  FailoverWatchdog(
      TimeSource time,
      Duration timeout,
      ExecutorService executor,
      Predicate<HaMember> unresponsive) {
    this.time = time;
    this.timeoutNanos = timeout.toNanos();
    this.pollMillis = Math.max(10, Math.min(250, timeout.toMillis() / 10));
    this.executor = executor;
    this.unresponsive = unresponsive;
  }

  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  Call enter(HaMember m) {
    Call c = new Call(m, Thread.currentThread(), time.nanoTime());
    inFlight.add(c);
    if (!running.get() && running.compareAndSet(false, true)) {
      try {
        executor.execute(this::watch);
      } catch (RuntimeException e) {
        running.set(false); // shut down: the group is closing, calls keep their own timeouts
      }
    }
    return c;
  }

  /** Ends a call; true when it was cancelled because its member stopped answering. */
  boolean exit(Call c) {
    inFlight.remove(c);
    return c.finish();
  }

  private void watch() {
    // Polls with nothing in flight since the last call; a poll sleeps pollMillis of real time.
    long idlePolls = 0;
    try {
      while (true) {
        if (inFlight.isEmpty()) {
          if (++idlePolls * pollMillis > IDLE_STOP_MILLIS) {
            running.set(false);
            // A call that registered after the check above found no checker: take over again.
            if (inFlight.isEmpty() || !running.compareAndSet(false, true)) {
              return;
            }
          }
        } else {
          idlePolls = 0;
          check();
        }
        Thread.sleep(pollMillis);
      }
    } catch (InterruptedException e) {
      running.set(false); // the pool is shutting down with the group
    }
  }

  private void check() {
    long now = time.nanoTime();
    for (Call c : inFlight) {
      if (now - c.started >= timeoutNanos && !c.cancelled() && unresponsive.test(c.member)) {
        c.cancel();
      }
    }
  }
}
