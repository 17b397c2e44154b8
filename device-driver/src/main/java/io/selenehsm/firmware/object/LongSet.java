package io.selenehsm.firmware.object;

import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of {@code long} values (attribute types) answered by binary search: the rule
 * tables are consulted for every attribute of every object the engine builds, and a {@code
 * Set<Long>} boxed each lookup.
 */
final class LongSet {
  /** Values below this (every standard CKA_*) are answered from a bitmap, the rest by search. */
  private static final int SMALL = 4096;

  private final long[] small = new long[SMALL / 64];
  private final long[] large;

  private LongSet(long[] sorted) {
    this.large = Arrays.stream(sorted).filter(v -> v < 0 || v >= SMALL).toArray();
    for (long v : sorted) {
      if (v >= 0 && v < SMALL) {
        small[(int) (v >>> 6)] |= 1L << v;
      }
    }
  }

  static LongSet of(long... values) {
    long[] s = values.clone();
    Arrays.sort(s);
    return new LongSet(s);
  }

  static LongSet of(Collection<Long> values) {
    return of(values.stream().mapToLong(Long::longValue).toArray());
  }

  boolean contains(long value) {
    if (value >= 0 && value < SMALL) {
      return (small[(int) (value >>> 6)] & (1L << value)) != 0;
    }
    return Arrays.binarySearch(large, value) >= 0;
  }
}
