package io.selenehsm.firmware.mech;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-thread free lists of JCA engine instances (Signature, Cipher, Mac, MessageDigest). A
 * thread-local pool needs no lock on the crypto path; an operation borrows an instance and gives it
 * back when it finishes. Abandoned operations simply leave their instance to the GC.
 *
 * <p>Design note (concurrency and cost): every structure here is confined to its thread, so nothing
 * is shared and nothing is published. A thread usually runs one kind of operation after another, so
 * each thread remembers the slot it used last and finds it again by pool-key identity (the pool key
 * of a repeated operation is the same object, see {@link #key}), without hashing; the map is
 * consulted only when the thread changes kind. A slot keeps its instances in two small arrays, so
 * borrowing and returning allocate nothing (the earlier deque allocated an entry per return and
 * hashed a four-part key per borrow, both visible in the 1 KiB AES-GCM profile).
 */
final class InstancePool {
  private InstancePool() {}

  static final int MAX_PER_ALGORITHM = 4;
  private static final ThreadLocal<ThreadPools> POOLS = ThreadLocal.withInitial(ThreadPools::new);

  /**
   * A pooled instance and the key it is still initialised with after a successful operation (null
   * when its state is unknown and it must be initialised again).
   */
  record Entry(Object instance, Object initialisedWith) {}

  /** One thread's free list for one pool key: a stack of at most {@link #MAX_PER_ALGORITHM}. */
  static final class Slot {
    private final Object[] instances = new Object[MAX_PER_ALGORITHM];
    private final Object[] initialisedWith = new Object[MAX_PER_ALGORITHM];
    private int size;

    boolean isEmpty() {
      return size == 0;
    }

    /** The key the instance on top was left initialised with (null: unknown state). */
    Object topInitialisedWith() {
      return size == 0 ? null : initialisedWith[size - 1];
    }

    /** Takes the instance on top, null when the slot is empty. */
    Object pop() {
      if (size == 0) {
        return null;
      }
      int i = --size;
      Object o = instances[i];
      instances[i] = null;
      initialisedWith[i] = null;
      return o;
    }

    void push(Object instance, Object initKey) {
      if (size < MAX_PER_ALGORITHM) {
        instances[size] = instance;
        initialisedWith[size] = initKey;
        size++;
      }
    }
  }

  /** A thread's slots by pool key, with the last one used kept at hand. */
  private static final class ThreadPools {
    private final Map<Primitives.PoolKey, Slot> slots = new HashMap<>();
    private Primitives.PoolKey lastKey;
    private Slot lastSlot;

    @SuppressWarnings("ReferenceEquality") // identity first: the usual, cheapest hit
    Slot slot(Primitives.PoolKey key) {
      Primitives.PoolKey last = lastKey;
      if (key == last || key.equals(last)) {
        return lastSlot;
      }
      Slot s = slots.computeIfAbsent(key, k -> new Slot());
      lastKey = key;
      lastSlot = s;
      return s;
    }
  }

  /** A pool key for these parts: the thread's last one when it matches, else a new one. */
  static Primitives.PoolKey key(String type, String algorithm, Object variant, Class<?> keyClass) {
    ThreadPools t = POOLS.get();
    Primitives.PoolKey last = t.lastKey;
    if (last != null && last.matches(type, algorithm, variant, keyClass)) {
      return last;
    }
    return new Primitives.PoolKey(type, algorithm, variant, keyClass);
  }

  /** This thread's slot for {@code key} (created empty on first use). */
  static Slot slot(Primitives.PoolKey key) {
    return POOLS.get().slot(key);
  }

  static Entry pollEntry(Primitives.PoolKey key) {
    Slot s = slot(key);
    if (s.isEmpty()) {
      return null;
    }
    Object with = s.topInitialisedWith();
    return new Entry(s.pop(), with);
  }

  static Object poll(Primitives.PoolKey key) {
    return slot(key).pop();
  }

  static void offer(Primitives.PoolKey key, Object instance) {
    offer(key, instance, null);
  }

  static void offer(Primitives.PoolKey key, Object instance, Object initialisedWith) {
    slot(key).push(instance, initialisedWith);
  }
}
