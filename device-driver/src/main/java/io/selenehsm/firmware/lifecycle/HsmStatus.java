package io.selenehsm.firmware.lifecycle;

/**
 * The device status shown for the admin slot, derived from the lifecycle flags. Texts follow the
 * device's status values; a store integrity failure shows as halted.
 */
public final class HsmStatus {
  private HsmStatus() {}

  public static String describe(
      boolean transportMode,
      boolean zeroized,
      boolean decommissioned,
      boolean tampered,
      boolean halted) {
    if (halted) {
      return "Halted (Stored Data Integrity failure)";
    }
    String base = decommissioned ? "Decommissioned" : zeroized ? "Zeroized" : null;
    if (tampered) {
      return base == null ? "Hardware Tamper" : "Hardware Tamper, " + base;
    }
    if (transportMode) {
      return base == null
          ? "Transport Mode"
          : "Transport Mode, " + base.toLowerCase(java.util.Locale.ROOT);
    }
    return base == null ? "OK" : base;
  }
}
