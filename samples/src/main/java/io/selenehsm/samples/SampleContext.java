package io.selenehsm.samples;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.provider.SeleneProvider;
import java.io.PrintStream;

/**
 * What every sample runs against: a Selene provider over an emulated HSM whose partition an
 * administrator has set up ({@link PartitionSetup}). {@link #inMemory} makes one that lives only in
 * this JVM, for the tests and for running a sample on its own.
 */
public final class SampleContext implements AutoCloseable {
  /** One USB HSM 7 as shipped (in Secure Transport Mode), and no Backup HSM slots. */
  static final String IN_MEMORY_CONF =
      """
      Devices = {
        Device00 = usb, 1234567;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;

  private final DeviceManager devices;
  private final SeleneProvider provider;
  private final PartitionSetup.Partition partition;
  private final boolean ownsDevices;
  private final String coPin;
  private final String cuPin;

  /** A fixture's provider is the fixture's to close. */
  private final boolean ownsProvider;

  public SampleContext(
      DeviceManager devices,
      SeleneProvider provider,
      PartitionSetup.Partition partition,
      boolean ownsDevices) {
    this(
        devices,
        provider,
        partition,
        ownsDevices,
        true,
        PartitionSetup.CO_PIN,
        PartitionSetup.CU_PIN);
  }

  private SampleContext(
      DeviceManager devices,
      SeleneProvider provider,
      PartitionSetup.Partition partition,
      boolean ownsDevices,
      boolean ownsProvider,
      String coPin,
      String cuPin) {
    this.devices = devices;
    this.provider = provider;
    this.partition = partition;
    this.ownsDevices = ownsDevices;
    this.coPin = coPin;
    this.cuPin = cuPin;
    this.ownsProvider = ownsProvider;
  }

  /**
   * A context over a partition someone else set up and keeps (a test fixture): its slot, label and
   * role PINs. Closing it closes nothing.
   */
  public static SampleContext over(
      SeleneProvider provider, int slot, String label, String coPin, String cuPin) {
    return new SampleContext(
        provider.deviceManager(),
        provider,
        new PartitionSetup.Partition(slot, -1, label),
        false,
        false,
        coPin,
        cuPin);
  }

  /** An in-memory HSM set up by {@link PartitionSetup}, with the steps printed to {@code out}. */
  public static SampleContext inMemory(PrintStream out) throws Exception {
    DeviceManager devices =
        DeviceManager.inMemory(ClientConfig.parse(IN_MEMORY_CONF, "samples selene.conf"));
    try {
      PartitionSetup.Partition p = PartitionSetup.run(devices, out);
      return new SampleContext(devices, SeleneProvider.over(devices), p, true);
    } catch (Exception | Error e) {
      devices.close();
      throw e;
    }
  }

  public SeleneProvider provider() {
    return provider;
  }

  public DeviceManager devices() {
    return devices;
  }

  /** The slot of the application partition. */
  public int slot() {
    return partition.slot();
  }

  public String partitionLabel() {
    return partition.label();
  }

  /** The Crypto Officer PIN of the partition. */
  public String coPin() {
    return coPin;
  }

  public String cuPin() {
    return cuPin;
  }

  @Override
  public void close() {
    if (ownsProvider) {
      provider.close();
    }
    if (ownsDevices) {
      devices.close();
    }
  }
}
