package io.selenehsm.device.config;

import java.util.Locale;

/** The kinds of emulated device a {@code Devices} entry can declare. */
public enum DeviceKind {
  /** Luna USB HSM 7: one application partition. */
  USB,
  /** Luna PCIe HSM 7: many application partitions. */
  PCIE,
  /** Luna Backup HSM 7: holds backups, no application partition of its own. */
  BACKUP;

  /** The word used in {@code selene.conf}: {@code usb}, {@code pcie} or {@code backup}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
