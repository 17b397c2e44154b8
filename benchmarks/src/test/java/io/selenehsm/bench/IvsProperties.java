package io.selenehsm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** GCM on every route relies on these IVs never repeating under one key. */
class IvsProperties {
  @Property
  void differentCountersGiveDifferentIvs(
      @ForAll @LongRange(min = 1) long a, @ForAll @LongRange(min = 1) long b) {
    byte[] ivA = Ivs.forNewThread();
    byte[] ivB = ivA.clone();
    Ivs.next(ivA, a);
    Ivs.next(ivB, b);
    assertEquals(a == b, Arrays.equals(ivA, ivB));
  }

  @Property(tries = 50)
  void threadsNeverShareAnIv(@ForAll @LongRange(min = 1) long counter) {
    byte[] one = Ivs.forNewThread();
    byte[] two = Ivs.forNewThread();
    Ivs.next(one, counter);
    Ivs.next(two, counter);
    assertEquals(12, one.length);
    assertFalse(Arrays.equals(one, two));
  }
}
