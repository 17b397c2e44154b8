package io.selenehsm.firmware.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot for {@code audit status}.
 *
 * @param buffered records held in the device, not yet rotated
 * @param capacity how many records the device holds before it reports the log full
 * @param full whether ordinary commands are refused with {@code CKR_LOG_FULL}
 * @param lastSequence sequence number of the newest record, 0 if none was ever written
 * @param lastRotation when records were last rotated out (or the log was created)
 * @param droppedRecords records of commands allowed to run while full that found no room
 * @param lastRotationError why the last automatic rotation failed, if it did
 */
public record AuditStatus(
    int buffered,
    int capacity,
    boolean full,
    long lastSequence,
    Instant lastRotation,
    long droppedRecords,
    Optional<String> lastRotationError) {}
