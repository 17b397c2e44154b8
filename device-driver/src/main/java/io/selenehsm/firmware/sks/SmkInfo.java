package io.selenehsm.firmware.sks;

import java.util.List;

/**
 * What a partition shows of its SKS Master Keys: fingerprints (hex) only, never key bytes. {@code
 * usable} is false on a V0 partition, whose SMK exists but serves nothing.
 *
 * @param primary the Primary SMK's fingerprint, or null before the Crypto Officer's first login
 * @param rollover the Rollover SMK's fingerprint, or null
 */
public record SmkInfo(boolean usable, String primary, String rollover, List<String> legacy) {
  public SmkInfo {
    legacy = List.copyOf(legacy);
  }
}
