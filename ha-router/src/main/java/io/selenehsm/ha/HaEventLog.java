package io.selenehsm.ha;

import io.selenehsm.firmware.time.TimeSource;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The group's recent events, oldest first, bounded so a flapping member cannot grow it.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Guard.</b> One monitor (this log) guards the deque: recording and snapshotting are short
 *       and rare (member failures, probes, rejoins), never on a call's fast path, so a lock costs
 *       nothing that matters and keeps eviction and insertion one atomic step.
 *   <li><b>Readers.</b> {@link #snapshot} copies under the monitor, so a reader (the admin shell,
 *       JMX) never sees a half-evicted log and never holds the lock while it formats.
 *   <li><b>Order.</b> Events are stamped with the injected time source inside the monitor, so the
 *       log's order and its timestamps agree even when several threads record at once.
 *   <li><b>Recording callers.</b> Callers may hold a member's monitor or the group lock; the log
 *       takes no other lock and calls out to nothing, so it cannot deadlock with them.
 * </ul>
 */
final class HaEventLog {
  private final int capacity;
  private final ArrayDeque<HaEvent> events = new ArrayDeque<>();
  private final TimeSource time;

  HaEventLog(TimeSource time, int capacity) {
    this.time = time;
    this.capacity = capacity;
  }

  synchronized void record(HaEvent.Kind kind, String member, String detail) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(new HaEvent(time.nanoTime(), kind, member, detail));
  }

  synchronized List<HaEvent> snapshot() {
    return List.copyOf(events);
  }
}
