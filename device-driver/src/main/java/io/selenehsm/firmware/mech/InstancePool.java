package io.selenehsm.firmware.mech;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-thread free lists of JCA engine instances (Signature, Cipher, Mac, MessageDigest). A
 * thread-local pool needs no lock on the crypto path; an operation borrows an instance and gives it
 * back when it finishes. Abandoned operations simply leave their instance to the GC.
 */
final class InstancePool {
  private InstancePool() {}

  private static final int MAX_PER_ALGORITHM = 4;
  private static final ThreadLocal<Map<Primitives.PoolKey, ArrayDeque<Entry>>> POOLS =
      ThreadLocal.withInitial(HashMap::new);

  /**
   * A pooled instance and the key it is still initialised with after a successful operation (null
   * when its state is unknown and it must be initialised again).
   */
  record Entry(Object instance, Object initialisedWith) {}

  static Entry pollEntry(Primitives.PoolKey key) {
    ArrayDeque<Entry> q = POOLS.get().get(key);
    return q == null ? null : q.pollFirst();
  }

  static Object poll(Primitives.PoolKey key) {
    Entry e = pollEntry(key);
    return e == null ? null : e.instance();
  }

  static void offer(Primitives.PoolKey key, Object instance) {
    offer(key, instance, null);
  }

  static void offer(Primitives.PoolKey key, Object instance, Object initialisedWith) {
    ArrayDeque<Entry> q = POOLS.get().computeIfAbsent(key, k -> new ArrayDeque<>());
    if (q.size() < MAX_PER_ALGORITHM) {
      q.addFirst(new Entry(instance, initialisedWith));
    }
  }
}
