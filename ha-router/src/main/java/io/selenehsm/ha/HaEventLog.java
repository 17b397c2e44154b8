package io.selenehsm.ha;

import io.selenehsm.firmware.time.TimeSource;
import java.util.ArrayDeque;
import java.util.List;

/** The group's recent events, oldest first, bounded so a flapping member cannot grow it. */
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
