package io.selenehsm.firmware.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the test clock every module's time-driven tests rely on. */
class FakeTimeProperties {
  private record Ran(int id, long at) {}

  @Property(tries = 300)
  void tasksRunExactlyOnceNeverEarlyAndInDueOrder(
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 5_000) Integer> delaysMillis,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 2_000) Integer> stepsMillis) {
    FakeTime t = new FakeTime();
    long start = t.nanoTime();
    List<Ran> ran = new ArrayList<>();
    for (int i = 0; i < delaysMillis.size(); i++) {
      int id = i;
      t.schedule(() -> ran.add(new Ran(id, t.nanoTime())), Duration.ofMillis(delaysMillis.get(i)));
    }
    long elapsed = 0;
    for (int step : stepsMillis) {
      elapsed += step;
      t.advance(Duration.ofMillis(step));
      assertEquals(start + elapsed * 1_000_000, t.nanoTime(), "advance lands where it was told");
    }
    long end = elapsed;
    long due = delaysMillis.stream().filter(d -> d <= end).count();
    assertEquals(due, ran.size(), "every task due by the end ran, and no other");
    assertEquals(delaysMillis.size() - due, t.pending());
    for (int k = 0; k < ran.size(); k++) {
      Ran r = ran.get(k);
      assertEquals(start + delaysMillis.get(r.id()) * 1_000_000L, r.at(), "ran at its due time");
      if (k > 0) {
        Ran prev = ran.get(k - 1);
        assertTrue(
            prev.at() < r.at() || (prev.at() == r.at() && prev.id() < r.id()),
            "due order, ties in scheduling order");
      }
    }
  }

  @Property(tries = 200)
  void wallClockAndMonotonicReadingNeverDrift(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 10_000_000) Integer> stepsNanos) {
    FakeTime t = FakeTime.at("2025-06-01T00:00:00Z");
    long n0 = t.nanoTime();
    var w0 = t.instant();
    for (int step : stepsNanos) {
      t.advance(Duration.ofNanos(step));
      assertEquals(t.nanoTime() - n0, Duration.between(w0, t.instant()).toNanos());
    }
  }
}
