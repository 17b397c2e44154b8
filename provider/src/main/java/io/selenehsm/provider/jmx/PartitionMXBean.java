package io.selenehsm.provider.jmx;

import java.util.Map;

/**
 * One application slot and the partition in it: storage use, object count and the request counters
 * of partition utilization (HSM policy 49; zero while the policy is off).
 */
public interface PartitionMXBean {
  int getSlotId();

  String getDeviceSerial();

  /** The partition's id on its HSM; -1 while the slot holds none. */
  int getPartitionId();

  /** Null while the slot holds no initialized partition. */
  String getLabel();

  String getSerial();

  boolean isInitialized();

  /** 0 or 1 (partition policy 41); -1 while the slot holds none. */
  int getVersion();

  /** Token objects stored; -1 while the partition cannot be read. */
  long getObjectCount();

  long getUsedBytes();

  long getTotalBytes();

  long getFreeBytes();

  /** Used storage as a percentage of the partition's size; -1 while it cannot be read. */
  double getStorageUtilizationPercent();

  /**
   * Requests since the counters last started, by kind: SIGN, VERIFY, ENCRYPT, DECRYPT,
   * KEY_GENERATE, KEY_DERIVE. Empty while the partition cannot be read.
   */
  Map<String, Long> getRequestCounts();
}
