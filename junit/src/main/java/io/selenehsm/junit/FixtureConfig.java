package io.selenehsm.junit;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code selene.conf} of a fixture HSM: PCIe HSM 7 devices (so more partitions can be created)
 * shipped zeroized, no Backup HSM slots, and the HA group when one is asked for.
 */
final class FixtureConfig {
  /** Serial of the first device; members follow. */
  static final long FIRST_SERIAL = 7_300_001L;

  static final String HA_LABEL = "selene-junit-ha";
  static final String HA_SERIAL = "1730000";

  private FixtureConfig() {}

  static List<String> serials(HsmSettings settings) {
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < settings.deviceCount(); i++) {
      serials.add(Long.toString(FIRST_SERIAL + i));
    }
    return serials;
  }

  static ClientConfig of(HsmSettings settings) {
    List<String> serials = serials(settings);
    StringBuilder text = new StringBuilder("Devices = {\n");
    for (int i = 0; i < serials.size(); i++) {
      text.append(
          String.format(
              java.util.Locale.ROOT,
              "  Device%02d = pcie, %s, factory=zeroized;%n",
              i,
              serials.get(i)));
    }
    text.append("}\nCardReader = {\n  LunaG5Slots = 0;\n  LunaG7Slots = 0;\n}\n");
    if (settings.haMembers() > 0) {
      text.append("VirtualToken = {\n")
          .append("  VirtualToken00Label = ")
          .append(HA_LABEL)
          .append(";\n")
          .append("  VirtualToken00SN = ")
          .append(HA_SERIAL)
          .append(";\n")
          .append("  VirtualToken00Members = ")
          .append(String.join(",", serials))
          .append(";\n")
          .append("}\nHAConfiguration = {\n  HAOnly = 1;\n}\n");
    }
    try {
      return ClientConfig.parse(text.toString(), "selene-junit fixture");
    } catch (ConfigException e) {
      throw new IllegalStateException("our bug: the fixture configuration does not validate", e);
    }
  }
}
