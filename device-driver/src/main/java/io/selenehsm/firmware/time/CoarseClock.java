package io.selenehsm.firmware.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A monotonic nanosecond reading that costs one volatile read: a daemon thread stores {@link
 * System#nanoTime()} every 10 ms while the clock is in use (a 1 ms tick cost 8% of two threads'
 * AES-GCM 16 KiB throughput on 2 cores, the ticker pre-empting them a thousand times a second). On
 * this project's 2-core VMs a {@code System.nanoTime()} costs about 30 ns, and a provider call took
 * three of them (two for the command timeout, one for the session pool's idle timer), a sizeable
 * part of a 1 KiB HMAC's cost.
 *
 * <p>Design note (concurrency): readers only read {@link #now} and {@link #wanted}; a reader writes
 * {@code wanted} only when it finds it clear, which the ticker does once per {@link #IDLE_TICKS}
 * ticks, so readers on several cores share a line they almost never write. A ticker that finds
 * nobody wanted the clock for a whole round stops, leaving {@link #running} false; the next reader
 * starts a new one and, for that reading, returns {@code System.nanoTime()} itself after storing
 * it, so {@code now} never goes back. A reading lags the real clock by at most the tick period (10
 * ms) plus however long the ticker waits for a core: fine for timeouts and idle timers of seconds,
 * not for measuring.
 */
final class CoarseClock {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Ticks without a reader before the ticker stops (about one second). */
  private static final int IDLE_TICKS = 100;

  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long now = System.nanoTime();
  private volatile boolean wanted;

  /** The current ticker, for tests. */
  private volatile Thread ticker;

  long nanoTime() {
    if (!wanted) {
      wanted = true;
    }
    if (running.get()) {
      return now;
    }
    if (running.compareAndSet(false, true)) {
      long t = System.nanoTime();
      now = t;
      Thread started = new Thread(this::tick, "selene-clock");
      started.setDaemon(true);
      ticker = started;
      started.start();
      return t;
    }
    return System.nanoTime(); // another reader is starting the ticker right now
  }

  Thread ticker() {
    return ticker;
  }

  private void tick() {
    int idle = 0;
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      now = System.nanoTime();
      if (++idle < IDLE_TICKS) {
        continue;
      }
      idle = 0;
      if (wanted) {
        wanted = false;
        continue;
      }
      running.set(false);
      return;
    }
  }
}
