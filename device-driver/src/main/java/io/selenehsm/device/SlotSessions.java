package io.selenehsm.device;

import java.util.Arrays;

/**
 * The session handles one slot has issued, with the application each belongs to. Engine handles are
 * unique per device, not per partition, and two devices number theirs alike, so the slot must
 * remember its own to refuse foreign ones. A device restart drops every session; the handles are
 * forgotten when the device's generation moves on.
 *
 * <p>Design note. {@link #owns} runs on every command of a session, while sessions open and close
 * far more rarely; so the table is copy-on-write: an immutable snapshot of sorted handles (and
 * their applications) behind one volatile field. A check is a volatile read and a binary search
 * over primitive longs: no lock, no boxing, no allocation, and nothing written that another thread
 * reads. Opening and closing sessions copy the arrays under this object's monitor (a slot holds
 * tens to a few thousand sessions, so a copy is microseconds at most). The check itself probes an
 * open-addressing hash table of the handles built with each snapshot: one or two loads instead of a
 * binary search's chain of dependent loads and unpredictable branches, which showed in the 1 KiB
 * HMAC profile. Engine handles start at 1, so 0 marks an empty slot.
 */
final class SlotSessions {
  private static final long[] NONE = new long[0];

  /**
   * One generation's handles, ascending, and the application of each (same index), with the handles
   * also in a hash table at most half full (0 = empty).
   */
  private static final class Issued {
    private final long generation;
    private final long[] handles;
    private final long[] apps;
    private final long[] table;
    private final int shift;

    Issued(long generation, long[] handles, long[] apps) {
      this.generation = generation;
      this.handles = handles;
      this.apps = apps;
      int bits = Math.max(2, 65 - Long.numberOfLeadingZeros(Math.max(1, handles.length) * 2L - 1));
      this.table = new long[1 << bits];
      this.shift = 64 - bits;
      for (long h : handles) {
        int at = slot(h);
        while (table[at] != 0) {
          at = (at + 1) & (table.length - 1);
        }
        table[at] = h;
      }
    }

    long generation() {
      return generation;
    }

    long[] handles() {
      return handles;
    }

    long[] apps() {
      return apps;
    }

    private int slot(long handle) {
      return (int) ((handle * 0x9E3779B97F4A7C15L) >>> shift);
    }

    boolean contains(long handle) {
      if (handle == 0) {
        return false;
      }
      long[] t = table;
      int at = slot(handle);
      while (true) {
        long v = t[at];
        if (v == handle) {
          return true;
        }
        if (v == 0) {
          return false;
        }
        at = (at + 1) & (t.length - 1);
      }
    }
  }

  private volatile Issued issued = new Issued(-1, NONE, NONE);

  synchronized void add(long generation, long handle, long appId) {
    Issued i = current(generation);
    if (i == null) {
      return; // an older generation's handle died with it
    }
    int at = Arrays.binarySearch(i.handles(), handle);
    if (at >= 0) {
      long[] apps = i.apps().clone();
      apps[at] = appId;
      issued = new Issued(generation, i.handles(), apps);
      return;
    }
    int ins = -at - 1;
    issued = new Issued(generation, insert(i.handles(), ins, handle), insert(i.apps(), ins, appId));
  }

  boolean owns(long generation, long handle) {
    Issued i = issued;
    if (i.generation() == generation) {
      return i.contains(handle);
    }
    synchronized (this) {
      current(generation); // a newer generation starts empty; an older one owns nothing
      return false;
    }
  }

  synchronized void remove(long generation, long handle) {
    Issued i = current(generation);
    if (i == null) {
      return;
    }
    int at = Arrays.binarySearch(i.handles(), handle);
    if (at >= 0) {
      issued = new Issued(generation, delete(i.handles(), at), delete(i.apps(), at));
    }
  }

  synchronized void removeApp(long generation, long appId) {
    Issued i = current(generation);
    if (i == null) {
      return;
    }
    long[] handles = new long[i.handles().length];
    long[] apps = new long[i.apps().length];
    int n = 0;
    for (int k = 0; k < handles.length; k++) {
      if (i.apps()[k] != appId) {
        handles[n] = i.handles()[k];
        apps[n] = i.apps()[k];
        n++;
      }
    }
    issued = new Issued(generation, Arrays.copyOf(handles, n), Arrays.copyOf(apps, n));
  }

  /** Handles issued in {@code generation} and not closed since (a monitoring reading). */
  int size(long generation) {
    Issued i = issued;
    return i.generation() == generation ? i.handles().length : 0;
  }

  /**
   * The table of {@code generation}, started empty when it is newer than the one kept; null for a
   * caller still holding an older generation (its handles died with it). Under the monitor.
   */
  private Issued current(long generation) {
    Issued i = issued;
    if (generation > i.generation()) {
      i = new Issued(generation, NONE, NONE);
      issued = i;
    }
    return generation == i.generation() ? i : null;
  }

  private static long[] insert(long[] a, int at, long v) {
    long[] r = new long[a.length + 1];
    System.arraycopy(a, 0, r, 0, at);
    r[at] = v;
    System.arraycopy(a, at, r, at + 1, a.length - at);
    return r;
  }

  private static long[] delete(long[] a, int at) {
    long[] r = new long[a.length - 1];
    System.arraycopy(a, 0, r, 0, at);
    System.arraycopy(a, at + 1, r, at, a.length - at - 1);
    return r;
  }
}
