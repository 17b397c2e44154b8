package io.selenehsm.firmware.mech;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-thread free lists of JCA engine instances (Signature, Cipher, Mac, MessageDigest). A
 * thread-local pool needs no lock on the crypto path; an operation borrows an instance and gives
 * it back when it finishes. Abandoned operations simply leave their instance to the GC.
 */
final class InstancePool {
  private InstancePool() {}

  private static final int MAX_PER_ALGORITHM = 4;
  private static final ThreadLocal<Map<Primitives.PoolKey, ArrayDeque<Object>>> POOLS =
      ThreadLocal.withInitial(HashMap::new);

  static Object poll(Primitives.PoolKey key) {
    ArrayDeque<Object> q = POOLS.get().get(key);
    return q == null ? null : q.pollFirst();
  }

  static void offer(Primitives.PoolKey key, Object instance) {
    ArrayDeque<Object> q = POOLS.get().computeIfAbsent(key, k -> new ArrayDeque<>());
    if (q.size() < MAX_PER_ALGORITHM) {
      q.addFirst(instance);
    }
  }
}
