package io.selenehsm.firmware;

import java.util.List;

/** What {@code hsm showinfo} reports. */
public record HsmInfo(
    String serial,
    String model,
    String label,
    String status,
    String firmware,
    boolean initialized,
    boolean auditorInitialized,
    int soLoginFailures,
    int partitionCount,
    int maxPartitions,
    List<String> failedSelfTests) {}
