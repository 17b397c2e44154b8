package io.selenehsm.firmware;

/**
 * What {@code partition showinfo} reports: identity, version, role state and storage accounting
 * (total = free + used, where used includes the fixed overhead).
 */
public record PartitionInfo(
    int id,
    String serial,
    String label,
    boolean initialized,
    int version,
    long totalBytes,
    long usedBytes,
    long freeBytes,
    long overheadBytes,
    long objectCount,
    boolean coInitialized,
    boolean cuInitialized,
    boolean coLocked,
    boolean cuLocked) {}
