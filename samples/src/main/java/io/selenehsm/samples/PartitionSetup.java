package io.selenehsm.samples;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.io.PrintStream;

/**
 * What an administrator does before any application can use a new HSM, as driver calls: recover it
 * from Secure Transport Mode, initialise it, create and initialise an application partition, and
 * set up the Crypto Officer and Crypto User roles. The demo prints each step; the samples' tests
 * run the same steps on an in-memory device.
 *
 * <p>The device's first application partition is the slot just before its admin slot, which is how
 * the driver numbers a USB HSM 7: application slot, then admin slot.
 */
public final class PartitionSetup {
  /** The PINs and names the samples use. Real deployments choose their own, of course. */
  public static final String HSM_LABEL = "demo-hsm";

  public static final String PARTITION_LABEL = "demo-partition";
  public static final String SO_PIN = "SoPassw0rd";
  public static final String PO_PIN = "PoPassw0rd";
  public static final String CO_PIN = "CoPassw0rd";
  public static final String CU_PIN = "CuPassw0rd";

  /** A new Crypto Officer must change the PIN it was given (partition policy 21). */
  private static final String CO_FIRST_PIN = "CoFirstPin0";

  /** Where the partition ended up. */
  public record Partition(int slot, int adminSlot, String label) {}

  private PartitionSetup() {}

  /**
   * Runs every step on the first device of {@code devices}, printing each. A device already set up
   * by an earlier run (same SELENE_HOME) is reused as it is.
   */
  public static Partition run(DeviceManager devices, PrintStream out) throws HsmException {
    SlotInfo adminInfo =
        devices.slots().list().stream()
            .filter(i -> i.kind() == SlotInfo.Kind.ADMIN)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no HSM admin slot is configured"));
    Slot admin = devices.slot(adminInfo.slotId());
    int partitionSlot = adminInfo.slotId() - 1;
    HsmInfo hsm = admin.hsmInfo();
    out.printf(
        "HSM %s (%s), serial %s: %s%n",
        hsm.label() == null ? "(no label)" : hsm.label(), hsm.model(), hsm.serial(), hsm.status());
    if (hsm.initialized() && hsm.partitionCount() > 0) {
      out.println(
          "The HSM is already initialised (an earlier run in this SELENE_HOME);"
              + " using its partition in slot "
              + partitionSlot);
      return new Partition(
          partitionSlot, adminInfo.slotId(), devices.slot(partitionSlot).info().label());
    }
    long a = admin.openSession(1, true);
    try {
      if (hsm.status().startsWith("Transport Mode")) {
        String verification = admin.stmRecover(a, "DEMO-RAND-USER-STRG");
        out.println(
            "Recovered the HSM from Secure Transport Mode; verification string " + verification);
      }
      admin.initHsm(a, HSM_LABEL, SO_PIN.toCharArray(), "demohsmdomain", null);
      out.println("Initialised the HSM as \"" + HSM_LABEL + "\" with an HSM SO PIN");
      admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
      // Version 1: the partition serves Scalable Key Storage (keys kept outside as SMK blobs).
      admin.createPartition(a, partitionSlot, 1);
      out.println("HSM SO created a V1 application partition in slot " + partitionSlot);
      admin.logout(a);
    } finally {
      admin.closeSession(a);
    }

    Slot partition = devices.slot(partitionSlot);
    long s = partition.openSession(1, true);
    try {
      partition.initPartition(s, PARTITION_LABEL, PO_PIN.toCharArray(), "demopartdomain", null);
      out.println(
          "Initialised the partition as \"" + PARTITION_LABEL + "\" with a Partition SO PIN");
      partition.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
      partition.initRole(s, Role.CRYPTO_OFFICER, CO_FIRST_PIN.toCharArray());
      out.println("Partition SO initialised the Crypto Officer role");
      partition.logout(s);
      partition.login(s, Role.CRYPTO_OFFICER, CO_FIRST_PIN.toCharArray());
      partition.changePin(s, CO_FIRST_PIN.toCharArray(), CO_PIN.toCharArray());
      out.println("Crypto Officer logged in and changed the initial PIN, as policy requires");
      partition.initRole(s, Role.CRYPTO_USER, CU_PIN.toCharArray());
      out.println("Crypto Officer initialised the Crypto User role");
      partition.logout(s);
    } finally {
      partition.closeSession(s);
    }
    return new Partition(partitionSlot, adminInfo.slotId(), PARTITION_LABEL);
  }
}
