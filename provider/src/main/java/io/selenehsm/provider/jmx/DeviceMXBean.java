package io.selenehsm.provider.jmx;

/** One emulated HSM: identity, health and load. */
public interface DeviceMXBean {
  String getSerial();

  /** USB, PCIE or BACKUP. */
  String getKind();

  String getModel();

  String getFirmwareVersion();

  /** False while unplugged. */
  boolean isPresent();

  /** The driver's view: healthy, unplugged, failed, hung or halted (with the reason). */
  String getCondition();

  /** The HSM's own status, e.g. "Transport Mode", "Zeroized", "OK". */
  String getStatus();

  /** Sessions open on the device from every application; -1 while it is not answering. */
  int getOpenSessionCount();

  /** Application partitions created on it; -1 while it is not answering. */
  int getPartitionCount();
}
