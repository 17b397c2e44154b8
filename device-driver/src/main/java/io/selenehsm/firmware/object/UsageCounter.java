package io.selenehsm.firmware.object;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many times a key was used (CKA_USAGE_COUNT), shared by every version of its object.
 *
 * <p>Design note (concurrency). Every single-part operation counts one use, on every thread that
 * uses the key. A key without CKA_USAGE_LIMIT only needs the total to be right when it is read
 * (attribute reads, storage, audit), so its uses go to a striped {@link LongAdder}: two threads
 * using one key do not write the same cache line per operation. A key with a limit needs an exact
 * decision per use, so its uses go through one {@link AtomicLong} with a compare-and-set that
 * refuses the use at the limit; the decision counts the striped uses too (made while the key had no
 * limit), which can only refuse earlier, never grant a use beyond the limit. The value read is the
 * sum of both: a use counted concurrently may or may not be in it, as with one atomic.
 */
public final class UsageCounter {
  private final AtomicLong limited;
  private final LongAdder unlimited = new LongAdder();

  public UsageCounter(long initial) {
    this.limited = new AtomicLong(initial);
  }

  /** Uses so far. */
  public long get() {
    return limited.get() + unlimited.sum();
  }

  /** Counts a use of a key that has no usage limit. */
  public void count() {
    unlimited.increment();
  }

  /** Counts a use if the count is below {@code limit}; false (nothing counted) at the limit. */
  public boolean countBelow(long limit) {
    while (true) {
      long c = limited.get();
      if (c + unlimited.sum() >= limit) {
        return false;
      }
      if (limited.compareAndSet(c, c + 1)) {
        return true;
      }
    }
  }

  /** Takes back a use {@link #countBelow} counted, when the operation could not proceed. */
  public void uncount() {
    limited.decrementAndGet();
  }
}
