package io.selenehsm.samples;

import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.role.Role;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The device kinds side by side: a Luna USB HSM 7 (one application partition), a PCIe HSM 7 (many)
 * and a Backup HSM 7 declared in one selene.conf under one SELENE_HOME. Each full-function device
 * is initialised, gets a partition with a Crypto Officer and a data object, and the slot table
 * shows how the driver numbers them.
 */
public final class DeviceKinds {
  static final String CONFIG =
      """
      Devices = {
        Device00 = usb, 7000001, factory=zeroized;
        Device01 = pcie, 7000002, factory=zeroized;
        Device02 = backup, 7000003, factory=zeroized;
      }
      """;

  private DeviceKinds() {}

  /**
   * Declares the three devices with their state under {@code home}, sets them up and lists slots.
   */
  public static void run(PrintStream out, Path home) throws Exception {
    ClientConfig config = ClientConfig.parse(CONFIG, "device-kinds selene.conf");
    try (DeviceManager devices = DeviceManager.open(config, home)) {
      for (Device d : devices.devices()) {
        out.printf(
            "  %s serial %s: %d application partition(s) at most%n",
            d.model().displayName(), d.serial(), d.model().maxPartitions());
        if (d.model().maxPartitions() > 0) {
          setUp(devices, d, out);
        }
      }
      out.println("  slot list:");
      for (SlotInfo s : devices.slots().list()) {
        out.printf(
            "    slot %d: %-18s %-14s device %s, %s%n",
            s.slotId(),
            s.kind(),
            s.label() == null ? "-" : s.label(),
            s.deviceSerial() == null ? "-" : s.deviceSerial(),
            s.status());
      }
    }
  }

  private static void setUp(DeviceManager devices, Device d, PrintStream out) throws Exception {
    Slot admin = devices.slots().adminSlot(d.serial()).orElseThrow();
    Slot partition = devices.slots().applicationSlot(d.serial(), 1).orElseThrow();
    if (partition.info().tokenPresent()) {
      out.println("    already set up by an earlier run");
      return;
    }
    char[] so = "SoPassw0rd".toCharArray();
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm-" + d.serial(), so, "kindsdomain", null);
    admin.login(a, Role.HSM_SO, so);
    admin.createPartition(a, partition.slotId(), 0);
    admin.closeSession(a);
    char[] po = "PoPassw0rd".toCharArray();
    char[] co = "CoPassw0rd".toCharArray();
    long s = partition.openSession(1, true);
    partition.initPartition(s, "part-" + d.serial(), po, "kindsdomain", null);
    partition.login(s, Role.PARTITION_SO, po);
    partition.initRole(s, Role.CRYPTO_OFFICER, "CoFirstPin0".toCharArray());
    partition.logout(s);
    partition.login(s, Role.CRYPTO_OFFICER, "CoFirstPin0".toCharArray());
    partition.changePin(s, "CoFirstPin0".toCharArray(), co);
    long data =
        partition.createObject(
            s,
            Attributes.builder()
                .set(Cka.CLASS, Cko.DATA)
                .set(Cka.TOKEN, true)
                .set(Cka.PRIVATE, true)
                .set(Cka.LABEL, "hello")
                .set(Cka.VALUE, "stored in flash")
                .build());
    out.printf(
        "    initialised; partition in slot %d with a Crypto Officer and token object %d%n",
        partition.slotId(), data);
    partition.closeSession(s);
  }
}
