package io.selenehsm.ha;

import java.util.ArrayDeque;
import java.util.List;

/** The group's recent events, oldest first, bounded so a flapping member cannot grow it. */
final class HaEventLog {
  private final int capacity;
  private final ArrayDeque<HaEvent> events = new ArrayDeque<>();
  private final Ticker ticker;

  HaEventLog(Ticker ticker, int capacity) {
    this.ticker = ticker;
    this.capacity = capacity;
  }

  synchronized void record(HaEvent.Kind kind, String member, String detail) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(new HaEvent(ticker.nanos(), kind, member, detail));
  }

  synchronized List<HaEvent> snapshot() {
    return List.copyOf(events);
  }
}
