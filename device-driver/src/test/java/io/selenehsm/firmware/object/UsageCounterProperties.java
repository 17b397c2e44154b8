package io.selenehsm.firmware.object;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The usage counter's limit decision over any mix of uses with and without a limit. */
class UsageCounterProperties {
  /** However uses with and without a limit interleave, the counted total never passes a limit. */
  @Property
  void countBelowNeverGrantsAUseAtOrPastTheLimit(
      @ForAll @IntRange(min = 0, max = 50) int free,
      @ForAll @IntRange(min = 1, max = 60) int limit,
      @ForAll @IntRange(min = 0, max = 100) int attempts) {
    UsageCounter c = new UsageCounter(0);
    for (int i = 0; i < free; i++) {
      c.count();
    }
    int granted = 0;
    for (int i = 0; i < attempts; i++) {
      if (c.countBelow(limit)) {
        granted++;
      }
    }
    assertEquals(Math.max(0, Math.min(attempts, limit - free)), granted);
    assertEquals(free + granted, c.get());
  }
}
