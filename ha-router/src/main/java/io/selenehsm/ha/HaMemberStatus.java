package io.selenehsm.ha;

/**
 * One member as {@link HaGroup#status()} reports it.
 *
 * @param serial the member partition's serial
 * @param slotId the member's own slot
 * @param state its state in the group
 * @param standby true for a standby member, which takes load only when no other member can
 * @param recoveryAttempts attempts made since it was last lost
 * @param lastError why it was last lost or refused, or null
 */
public record HaMemberStatus(
    String serial,
    int slotId,
    MemberState state,
    boolean standby,
    int recoveryAttempts,
    String lastError) {}
