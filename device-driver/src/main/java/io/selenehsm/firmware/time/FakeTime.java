package io.selenehsm.firmware.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Time that moves only when a test says so: {@link #advance} moves the monotonic reading and the
 * wall clock together and runs, on the caller's thread, every scheduled task that falls due, in due
 * order; {@link #setInstant} makes the wall clock jump (as a host clock correction does) without
 * moving the monotonic reading.
 *
 * <p>Design note: readings are one volatile immutable pair, so reading the time never locks (the
 * driver and the session pool read it on every call); moving time and the task queue sit under this
 * object's lock, and due tasks run outside it, so a task may schedule further tasks or read the
 * time. Tasks run only inside {@code advance}, never on a thread of their own, so a test sees their
 * effects as soon as it returns. Every scheduler this source hands out is this object.
 */
public final class FakeTime implements TimeSource, Scheduler {
  /** Where the monotonic reading starts: non-zero, so no code can mistake a reading for unset. */
  private static final long START_NANOS = 1_000_000_000L;

  private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private record Entry(long due, long seq, Runnable task, boolean[] cancelled) {}

  /** Both readings, swapped as one so a reader never sees one moved without the other. */
  private record Now(long nanos, Instant wall) {}

  private volatile Now now;
  private long seq;
  private final List<Entry> queue = new ArrayList<>();

  private FakeTime(Instant start) {
    this.now = new Now(START_NANOS, Objects.requireNonNull(start, "start"));
  }

  /** Fake time whose wall clock starts at 2026-01-01T00:00:00Z. */
  public FakeTime() {
    this(DEFAULT_START);
  }

  /** Fake time whose wall clock starts at {@code start}. */
  public static FakeTime at(Instant start) {
    return new FakeTime(start);
  }

  /** Fake time whose wall clock starts at the ISO-8601 instant {@code iso}. */
  public static FakeTime at(String iso) {
    return new FakeTime(Instant.parse(iso));
  }

  @Override
  public long nanoTime() {
    return now.nanos();
  }

  @Override
  public Instant instant() {
    return now.wall();
  }

  @Override
  public Scheduler scheduler(String name) {
    return this;
  }

  /**
   * Sets the wall clock to {@code t}; the monotonic reading and scheduled tasks stay as they are.
   */
  public synchronized void setInstant(Instant t) {
    now = new Now(now.nanos(), Objects.requireNonNull(t, "t"));
  }

  @Override
  public synchronized Task schedule(Runnable task, Duration delay) {
    boolean[] cancelled = new boolean[1];
    queue.add(new Entry(now.nanos() + delay.toNanos(), seq++, task, cancelled));
    return () -> {
      synchronized (FakeTime.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves time forward by {@code d} and runs every task due by then, in due order. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, got " + d);
    }
    long until;
    synchronized (this) {
      until = now.nanos() + d.toNanos();
    }
    while (true) {
      Entry next;
      synchronized (this) {
        next =
            queue.stream()
                .filter(e -> e.due() <= until)
                .min(Comparator.comparingLong(Entry::due).thenComparingLong(Entry::seq))
                .orElse(null);
        if (next == null) {
          moveTo(until);
          return;
        }
        queue.remove(next);
        moveTo(next.due());
        if (next.cancelled()[0]) {
          continue;
        }
      }
      next.task().run();
    }
  }

  /** How many scheduled tasks have neither run nor been cancelled. */
  public synchronized int pending() {
    return (int) queue.stream().filter(e -> !e.cancelled()[0]).count();
  }

  private void moveTo(long target) {
    Now n = now;
    if (target > n.nanos()) {
      now = new Now(target, n.wall().plusNanos(target - n.nanos()));
    }
  }

  @Override
  public String toString() {
    Now n = now;
    return "fake time at " + n.wall() + " (" + n.nanos() + " ns)";
  }
}
