package io.selenehsm.firmware.clone;

/**
 * The outcome of a backup or restore: how many items the container or partition took, how many were
 * skipped because an object with the same OUID was already there, and the total offered.
 */
public record BackupReport(String container, int copied, int skipped, int offered) {}
