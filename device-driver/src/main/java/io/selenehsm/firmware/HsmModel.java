package io.selenehsm.firmware;

import io.selenehsm.firmware.clone.FirmwareVersion;
import java.util.Map;
import java.util.TreeMap;

/**
 * The device models the engine emulates, with their fixed capabilities. Capability ids match the
 * HSM policy ids they allow; a capability of 0 pins its policy to 0.
 */
public enum HsmModel {
  USB_HSM_7("Luna USB HSM 7", 1, 4L << 20, true),
  PCIE_HSM_7("Luna PCIe HSM 7", 100, 32L << 20, true),
  BACKUP_HSM_7("Luna Backup HSM 7", 0, 64L << 20, false);

  /** Firmware version reported by every model: major, minor, sub. */
  public static final int[] FIRMWARE = {
    FirmwareVersion.current().major(),
    FirmwareVersion.current().minor(),
    FirmwareVersion.current().sub()
  };

  /** Fixed bookkeeping bytes of each partition, counted in its used space. */
  public static final long PARTITION_OVERHEAD = 15_560;

  private final String displayName;
  private final int maxPartitions;
  private final long partitionBytes;
  private final boolean fullFunction;

  HsmModel(String displayName, int maxPartitions, long partitionBytes, boolean fullFunction) {
    this.displayName = displayName;
    this.maxPartitions = maxPartitions;
    this.partitionBytes = partitionBytes;
    this.fullFunction = fullFunction;
  }

  public String displayName() {
    return displayName;
  }

  public int maxPartitions() {
    return maxPartitions;
  }

  /** Storage of one application partition (the doubled 7.7 layout). */
  public long partitionBytes() {
    return partitionBytes;
  }

  /** Capability values by id, as the device reports them. */
  public Map<Integer, Integer> capabilities() {
    Map<Integer, Integer> c = new TreeMap<>();
    c.put(0, 1);
    c.put(1, 1);
    c.put(4, 1);
    c.put(6, 1);
    c.put(7, 1);
    c.put(9, fullFunction ? 1 : 0);
    c.put(12, 1);
    c.put(15, 1);
    c.put(16, 1);
    c.put(17, 0);
    c.put(19, 0);
    c.put(21, 1);
    c.put(22, 1);
    c.put(23, 0);
    c.put(25, 1);
    c.put(27, (int) Math.min(Integer.MAX_VALUE, partitionBytes * Math.max(1, maxPartitions)));
    c.put(30, 1);
    c.put(33, maxPartitions);
    c.put(35, 0);
    c.put(36, 0);
    c.put(37, 1);
    c.put(38, 0);
    c.put(40, 0);
    c.put(42, 0);
    c.put(43, 1);
    c.put(46, 0);
    c.put(48, 0);
    c.put(49, 1);
    c.put(50, 0);
    c.put(51, 0);
    c.put(52, 0);
    c.put(53, 0);
    c.put(55, fullFunction ? 0 : 1);
    c.put(56, 1);
    return c;
  }

  public int capability(int id) {
    return capabilities().getOrDefault(id, 0);
  }
}
