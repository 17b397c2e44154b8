package io.selenehsm.firmware.object;

import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of {@code long} values (attribute types) answered by binary search: the rule
 * tables are consulted for every attribute of every object the engine builds, and a {@code
 * Set<Long>} boxed each lookup.
 */
final class LongSet {
  private final long[] sorted;

  private LongSet(long[] sorted) {
    this.sorted = sorted;
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
    return Arrays.binarySearch(sorted, value) >= 0;
  }
}
