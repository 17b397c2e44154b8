package io.selenehsm.samples.jsp;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.DefaultDevices;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.samples.PartitionSetup;
import java.io.OutputStream;
import java.io.PrintStream;
import java.security.Security;

/**
 * What the vendor-style sample tests run against: an in-memory USB HSM 7 with an initialised
 * application partition (set up as {@link PartitionSetup} does, or in FIPS mode), made the JVM's
 * default devices through {@link DefaultDevices} so that {@code SlotManager.getInstance()} and
 * {@code new SeleneProvider()} find it exactly as they find SELENE_HOME's device in an application.
 * {@link #close()} removes the provider, resets the JVM default and closes the device, so the next
 * test class starts clean in the same surefire JVM.
 */
final class JspDevice implements AutoCloseable {
  static final String CONF =
      """
      Devices = {
        Device00 = usb, 7654321;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;
  static final String PARTITION = PartitionSetup.PARTITION_LABEL;
  static final String CO_PIN = PartitionSetup.CO_PIN;
  static final String CU_PIN = PartitionSetup.CU_PIN;

  final DeviceManager devices;
  final int slot;

  private JspDevice(DeviceManager devices, int slot) {
    this.devices = devices;
    this.slot = slot;
  }

  /** A device set up as the demo's administrator does (V1 partition, CO and CU). */
  static JspDevice provisioned() throws Exception {
    DeviceManager devices = DeviceManager.inMemory(ClientConfig.parse(CONF, "jsp samples"));
    try {
      int slot =
          PartitionSetup.run(devices, new PrintStream(OutputStream.nullOutputStream())).slot();
      return install(devices, slot);
    } catch (Exception | Error e) {
      devices.close();
      throw e;
    }
  }

  /** A device in FIPS mode (HSM policy 12 off) with a partition and a Crypto Officer. */
  static JspDevice fipsMode() throws Exception {
    DeviceManager devices = DeviceManager.inMemory(ClientConfig.parse(CONF, "jsp samples"));
    try {
      Slot admin = devices.slot(1);
      long a = admin.openSession(1, true);
      admin.stmRecover(a, "FIPS-RAND-USER-STRG");
      admin.initHsm(a, "fips-hsm", PartitionSetup.SO_PIN.toCharArray(), "fipsdomain", null);
      admin.login(a, Role.HSM_SO, PartitionSetup.SO_PIN.toCharArray());
      admin.changeHsmPolicy(a, HsmPolicies.ALLOW_NON_FIPS, 0);
      admin.createPartition(a, 0, 1);
      admin.logout(a);
      admin.closeSession(a);
      Slot partition = devices.slot(0);
      long s = partition.openSession(1, true);
      char[] first = "CoFirstPin0".toCharArray();
      partition.initPartition(
          s, PARTITION, PartitionSetup.PO_PIN.toCharArray(), "fipspartdomain", null);
      partition.login(s, Role.PARTITION_SO, PartitionSetup.PO_PIN.toCharArray());
      partition.initRole(s, Role.CRYPTO_OFFICER, first);
      partition.logout(s);
      partition.login(s, Role.CRYPTO_OFFICER, first);
      partition.changePin(s, first, CO_PIN.toCharArray());
      partition.logout(s);
      partition.closeSession(s);
      return install(devices, 0);
    } catch (Exception | Error e) {
      devices.close();
      throw e;
    }
  }

  private static JspDevice install(DeviceManager devices, int slot) {
    Security.removeProvider(SeleneProvider.NAME);
    DefaultDevices.use(devices);
    return new JspDevice(devices, slot);
  }

  /**
   * The vendor samples' opening, in their order: the slot manager logs in to the partition by label
   * first, the provider is registered afterwards at position 3.
   */
  static SlotManager loginThenRegister() {
    SlotManager slotManager = SlotManager.getInstance();
    slotManager.login(PARTITION, CO_PIN);
    int position = Security.insertProviderAt(new SeleneProvider(), 3);
    if (position != 3) {
      throw new IllegalStateException("the provider went to position " + position);
    }
    return slotManager;
  }

  @Override
  public void close() {
    try {
      if (SlotManager.getInstance().isLoggedIn()) {
        SlotManager.getInstance().logout();
      }
    } finally {
      Security.removeProvider(SeleneProvider.NAME);
      DefaultDevices.reset();
      devices.close();
    }
  }
}
