package io.selenehsm.provider.jmx;

import java.util.List;
import java.util.function.Supplier;

/** {@link SessionsMXBean} over the provider's session pools, read through a supplier. */
final class SessionsView implements SessionsMXBean {
  private final long appId;
  private final Supplier<List<SlotSessions>> pools;

  SessionsView(long appId, Supplier<List<SlotSessions>> pools) {
    this.appId = appId;
    this.pools = pools;
  }

  @Override
  public long getApplicationId() {
    return appId;
  }

  @Override
  public long getSessionsInUse() {
    return pools.get().stream().mapToLong(SlotSessions::inUse).sum();
  }

  @Override
  public int getIdleSessions() {
    return pools.get().stream().mapToInt(SlotSessions::idle).sum();
  }

  @Override
  public String[] getSlots() {
    return pools.get().stream()
        .map(
            s ->
                "slot "
                    + s.slotId()
                    + ": "
                    + s.inUse()
                    + " in use, "
                    + s.idle()
                    + " idle, "
                    + (s.role() == null ? "not logged in" : s.role()))
        .toArray(String[]::new);
  }
}
