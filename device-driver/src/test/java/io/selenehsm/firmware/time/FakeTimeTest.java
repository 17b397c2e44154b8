package io.selenehsm.firmware.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeTimeTest {
  @Test
  void advanceMovesTheMonotonicReadingAndTheWallClockTogether() {
    FakeTime t = FakeTime.at("2025-03-01T10:00:00Z");
    long before = t.nanoTime();
    t.advance(Duration.ofMillis(1500));
    assertEquals(1_500_000_000L, t.nanoTime() - before);
    assertEquals(Instant.parse("2025-03-01T10:00:01.500Z"), t.instant());
    assertEquals(Instant.parse("2025-03-01T10:00:01.500Z").toEpochMilli(), t.millis());
  }

  @Test
  void aWallClockJumpLeavesTheMonotonicReadingAndTheQueueAlone() {
    FakeTime t = new FakeTime();
    List<String> ran = new ArrayList<>();
    t.schedule(() -> ran.add("probe"), Duration.ofSeconds(1));
    long before = t.nanoTime();
    t.setInstant(Instant.parse("2030-01-01T00:00:00Z"));
    assertEquals(before, t.nanoTime());
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), t.instant());
    assertEquals(List.of(), ran, "a wall-clock jump runs nothing");
    assertEquals(1, t.pending());
  }

  @Test
  void dueTasksRunInDueOrderOnTheAdvancingThreadAndNotBefore() {
    FakeTime t = new FakeTime();
    List<String> ran = new ArrayList<>();
    Thread caller = Thread.currentThread();
    t.schedule(() -> ran.add("b@2s"), Duration.ofSeconds(2));
    t.schedule(() -> ran.add("a@1s"), Duration.ofSeconds(1));
    t.schedule(() -> ran.add("c@2s"), Duration.ofSeconds(2));
    t.schedule(() -> assertSame(caller, Thread.currentThread()), Duration.ofSeconds(1));
    t.advance(Duration.ofMillis(999));
    assertEquals(List.of(), ran);
    t.advance(Duration.ofMillis(1));
    assertEquals(List.of("a@1s"), ran);
    t.advance(Duration.ofSeconds(1));
    assertEquals(List.of("a@1s", "b@2s", "c@2s"), ran);
    assertEquals(0, t.pending());
  }

  @Test
  void aTaskSeesTheTimeItWasDueAndMayScheduleMoreWithinTheSameAdvance() {
    FakeTime t = new FakeTime();
    long start = t.nanoTime();
    List<Long> seen = new ArrayList<>();
    t.schedule(
        () -> {
          seen.add(t.nanoTime() - start);
          t.schedule(() -> seen.add(t.nanoTime() - start), Duration.ofSeconds(1));
        },
        Duration.ofSeconds(1));
    t.advance(Duration.ofSeconds(5));
    assertEquals(List.of(1_000_000_000L, 2_000_000_000L), seen);
    assertEquals(5_000_000_000L, t.nanoTime() - start);
  }

  @Test
  void aCancelledTaskNeverRuns() {
    FakeTime t = new FakeTime();
    List<String> ran = new ArrayList<>();
    Scheduler.Task task = t.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1));
    t.schedule(() -> ran.add("kept"), Duration.ofSeconds(1));
    task.cancel();
    assertEquals(1, t.pending());
    t.advance(Duration.ofMinutes(1));
    assertEquals(List.of("kept"), ran);
  }

  @Test
  void everySchedulerItHandsOutRunsOnItsTime() {
    FakeTime t = new FakeTime();
    assertSame(t, t.scheduler("selene-ha-a"));
    assertSame(t, t.scheduler("selene-ha-b"));
  }

  @Test
  void timeDoesNotRunBackwards() {
    FakeTime t = new FakeTime();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.advance(Duration.ofNanos(-1)));
    assertTrue(e.getMessage().contains("PT-0.000000001S"), e.getMessage());
  }

  @Test
  void withoutSchedulingKeepsTheReadingsAndDropsTheTasks() {
    FakeTime t = FakeTime.at("2025-03-01T10:00:00Z");
    TimeSource quiet = t.withoutScheduling();
    List<String> ran = new ArrayList<>();
    quiet.scheduler("transient").schedule(() -> ran.add("never"), Duration.ZERO);
    t.advance(Duration.ofSeconds(3));
    assertEquals(List.of(), ran);
    assertEquals(0, t.pending());
    assertEquals(t.nanoTime(), quiet.nanoTime());
    assertEquals(Instant.parse("2025-03-01T10:00:03Z"), quiet.instant());
  }
}
