package io.selenehsm.provider.jmx;

import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.HsmUtilization;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link PartitionMXBean} over one application slot. The slot is fixed; the partition in it may be
 * created, initialised or deleted while the view is registered, so each reading looks the partition
 * up again.
 */
final class PartitionView implements PartitionMXBean {
  private final DeviceManager devices;
  private final int slotId;

  PartitionView(DeviceManager devices, int slotId) {
    this.devices = devices;
    this.slotId = slotId;
  }

  private Optional<SlotInfo> slotInfo() {
    try {
      return Optional.of(devices.slot(slotId).info());
    } catch (HsmException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A non-waiting status read on the slot's device: a hung device answers at once. */
  private Optional<PartitionInfo> partition() {
    Optional<SlotInfo> info = slotInfo();
    Optional<Device> device = info.flatMap(i -> devices.device(i.deviceSerial()));
    if (device.isEmpty() || info.get().partitionId() < 0) {
      return Optional.empty();
    }
    int id = info.get().partitionId();
    try {
      return Optional.ofNullable(
          device.get().read(h -> h.hasPartition(id) ? h.partitionInfo(id) : null));
    } catch (HsmException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public int getSlotId() {
    return slotId;
  }

  @Override
  public String getDeviceSerial() {
    return slotInfo().map(SlotInfo::deviceSerial).orElse(null);
  }

  @Override
  public int getPartitionId() {
    return partition().map(PartitionInfo::id).orElse(-1);
  }

  @Override
  public String getLabel() {
    return partition().filter(PartitionInfo::initialized).map(PartitionInfo::label).orElse(null);
  }

  @Override
  public String getSerial() {
    return partition().map(PartitionInfo::serial).orElse(null);
  }

  @Override
  public boolean isInitialized() {
    return partition().map(PartitionInfo::initialized).orElse(false);
  }

  @Override
  public int getVersion() {
    return partition().map(PartitionInfo::version).orElse(-1);
  }

  @Override
  public long getObjectCount() {
    return partition().map(PartitionInfo::objectCount).orElse(-1L);
  }

  @Override
  public long getUsedBytes() {
    return partition().map(PartitionInfo::usedBytes).orElse(-1L);
  }

  @Override
  public long getTotalBytes() {
    return partition().map(PartitionInfo::totalBytes).orElse(-1L);
  }

  @Override
  public long getFreeBytes() {
    return partition().map(PartitionInfo::freeBytes).orElse(-1L);
  }

  @Override
  public double getStorageUtilizationPercent() {
    return partition()
        .filter(p -> p.totalBytes() > 0)
        .map(p -> 100.0 * p.usedBytes() / p.totalBytes())
        .orElse(-1.0);
  }

  @Override
  public Map<String, Long> getRequestCounts() {
    Optional<PartitionInfo> p = partition();
    Optional<Device> device = slotInfo().flatMap(i -> devices.device(i.deviceSerial()));
    if (p.isEmpty() || device.isEmpty()) {
      return Map.of();
    }
    int id = p.get().id();
    try {
      HsmUtilization.PartitionUsage usage = device.get().read(h -> h.utilization().usage(id));
      Map<String, Long> out = new TreeMap<>();
      usage.requests().forEach((metric, n) -> out.put(metric.name(), n));
      return out;
    } catch (HsmException e) {
      return Map.of();
    }
  }
}
