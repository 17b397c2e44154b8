package io.selenehsm.firmware.clone;

/**
 * A firmware version, ordered numerically. Cloning payloads and backup containers record the
 * firmware that produced them so a restore can refuse to move keys to less secure firmware.
 */
public record FirmwareVersion(int major, int minor, int sub)
    implements Comparable<FirmwareVersion> {
  /** The first firmware with the updated cloning protocol and V0/V1 partitions. */
  public static final FirmwareVersion PARTITION_VERSIONS = new FirmwareVersion(7, 7, 0);

  public FirmwareVersion {
    if (major < 0 || major > 255 || minor < 0 || minor > 255 || sub < 0 || sub > 255) {
      throw new IllegalArgumentException(
          "firmware version parts are 0-255: " + major + "." + minor + "." + sub);
    }
  }

  /** The firmware every emulated model runs (HsmModel reports it). */
  private static final FirmwareVersion CURRENT = new FirmwareVersion(7, 7, 2);

  /** The firmware every emulated model reports. */
  public static FirmwareVersion current() {
    return CURRENT;
  }

  /** True when partitions on this firmware are V0/V1 partitions (7.7.0 and newer). */
  public boolean hasPartitionVersions() {
    return compareTo(PARTITION_VERSIONS) >= 0;
  }

  @Override
  public int compareTo(FirmwareVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(sub, o.sub);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + sub;
  }
}
