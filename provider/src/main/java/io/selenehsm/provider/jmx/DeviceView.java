package io.selenehsm.provider.jmx;

import io.selenehsm.device.Command;
import io.selenehsm.device.Device;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.HsmException;

/** {@link DeviceMXBean} over one driver device; every reading is a non-waiting status read. */
final class DeviceView implements DeviceMXBean {
  private final Device device;

  DeviceView(Device device) {
    this.device = device;
  }

  @Override
  public String getSerial() {
    return device.serial();
  }

  @Override
  public String getKind() {
    return device.kind().name();
  }

  @Override
  public String getModel() {
    return String.valueOf(device.model());
  }

  @Override
  public String getFirmwareVersion() {
    return Hsm.firmwareVersion();
  }

  @Override
  public boolean isPresent() {
    return device.isPresent();
  }

  @Override
  public String getCondition() {
    return device.condition();
  }

  @Override
  public String getStatus() {
    try {
      return device.read(Hsm::status);
    } catch (HsmException e) {
      return "unavailable: " + e.getMessage();
    }
  }

  @Override
  public int getOpenSessionCount() {
    return count(Hsm::openSessionCount);
  }

  @Override
  public int getPartitionCount() {
    return count(h -> h.partitionIds().size());
  }

  private int count(Command<Integer> reading) {
    try {
      return device.read(reading);
    } catch (HsmException e) {
      return -1;
    }
  }
}
