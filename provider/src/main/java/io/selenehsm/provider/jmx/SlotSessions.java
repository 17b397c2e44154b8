package io.selenehsm.provider.jmx;

/**
 * One slot's session pool as a provider reports it to {@link SessionsMXBean}; {@code role} is the
 * role logged in on the slot, or null.
 */
public record SlotSessions(int slotId, long inUse, int idle, String role) {}
