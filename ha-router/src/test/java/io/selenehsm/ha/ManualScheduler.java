package io.selenehsm.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A scheduler and ticker tests drive by hand: {@link #advance} runs what falls due. */
final class ManualScheduler implements Scheduler, Ticker {
  private record Entry(long due, long seq, Runnable task, boolean[] cancelled) {}

  private final AtomicLong now = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();
  private final List<Entry> queue = new ArrayList<>();

  @Override
  public long nanos() {
    return now.get();
  }

  @Override
  public synchronized Task schedule(Runnable task, Duration delay) {
    boolean[] cancelled = new boolean[1];
    queue.add(new Entry(now.get() + delay.toNanos(), seq.getAndIncrement(), task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves time forward and runs every task due by then, in due order, on this thread. */
  void advance(Duration d) {
    long until = now.get() + d.toNanos();
    while (true) {
      Entry next;
      synchronized (this) {
        next =
            queue.stream()
                .filter(e -> e.due() <= until)
                .min(Comparator.comparingLong(Entry::due).thenComparingLong(Entry::seq))
                .orElse(null);
        if (next == null) {
          break;
        }
        queue.remove(next);
        now.set(Math.max(now.get(), next.due()));
      }
      if (!next.cancelled()[0]) {
        next.task().run();
      }
    }
    now.set(until);
  }

  synchronized int pending() {
    return (int) queue.stream().filter(e -> !e.cancelled()[0]).count();
  }
}
