package io.selenehsm.firmware.clone;

/**
 * What a restore target tells the Backup HSM about itself during the cloning negotiation: its
 * firmware, the cloning protocol it speaks and its partition generation.
 */
public record TargetSecurity(FirmwareVersion firmware, int protocol, PartitionKind kind) {}
