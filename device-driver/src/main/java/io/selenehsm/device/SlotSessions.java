package io.selenehsm.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session handles one slot has issued, with the application each belongs to. Engine handles are
 * unique per device, not per partition, and two devices number theirs alike, so the slot must
 * remember its own to refuse foreign ones. A device restart drops every session; the handles are
 * forgotten when the device's generation moves on.
 */
final class SlotSessions {
  private record Issued(long generation, Map<Long, Long> appByHandle) {}

  private volatile Issued issued = new Issued(-1, new ConcurrentHashMap<>());

  void add(long generation, long handle, long appId) {
    current(generation).put(handle, appId);
  }

  boolean owns(long generation, long handle) {
    return current(generation).containsKey(handle);
  }

  void remove(long generation, long handle) {
    current(generation).remove(handle);
  }

  void removeApp(long generation, long appId) {
    current(generation).values().removeIf(app -> app == appId);
  }

  private Map<Long, Long> current(long generation) {
    Issued i = issued;
    if (i.generation() == generation) {
      return i.appByHandle();
    }
    synchronized (this) {
      if (generation > issued.generation()) {
        issued = new Issued(generation, new ConcurrentHashMap<>());
      }
      // A caller still holding an older generation sees nothing: its handles died with it.
      return generation == issued.generation() ? issued.appByHandle() : new ConcurrentHashMap<>();
    }
  }
}
