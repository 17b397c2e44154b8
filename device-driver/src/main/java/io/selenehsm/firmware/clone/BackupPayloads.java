package io.selenehsm.firmware.clone;

import java.util.List;

/**
 * What a partition hands over for {@code partition archive backup}: its serial, which the Backup
 * HSM files the container under, and the payloads encrypted to the Backup HSM.
 */
public record BackupPayloads(String sourcePartition, List<byte[]> payloads) {
  public BackupPayloads {
    payloads = List.copyOf(payloads);
  }
}
