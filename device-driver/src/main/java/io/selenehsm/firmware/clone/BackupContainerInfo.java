package io.selenehsm.firmware.clone;

/** One container on a Backup HSM, as {@code partition archive list} shows it. */
public record BackupContainerInfo(
    String name,
    PartitionKind sourceKind,
    FirmwareVersion sourceFirmware,
    int protocol,
    String sourcePartitionSerial,
    int itemCount,
    long createdMillis,
    long updatedMillis) {}
