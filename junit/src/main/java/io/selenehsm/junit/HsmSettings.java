package io.selenehsm.junit;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The choices of one {@link SeleneHsm} annotation, checked. */
record HsmSettings(
    SeleneHsm.PartitionVersion version,
    boolean fips,
    SeleneHsm.Lifetime lifetime,
    SeleneHsm.Storage storage,
    int haMembers,
    String partitionLabel) {

  /** More members than this make a slow test without testing anything more. */
  static final int MAX_HA_MEMBERS = 8;

  HsmSettings {
    if (haMembers != 0 && (haMembers < 2 || haMembers > MAX_HA_MEMBERS)) {
      throw new ExtensionConfigurationException(
          String.format(
              Locale.ROOT,
              "@SeleneHsm(haMembers = %d): an HA group has 2 to %d members (0 for no group)",
              haMembers,
              MAX_HA_MEMBERS));
    }
    if (partitionLabel == null || partitionLabel.isBlank()) {
      throw new ExtensionConfigurationException("@SeleneHsm(partitionLabel) must not be blank");
    }
  }

  static HsmSettings of(SeleneHsm a) {
    return new HsmSettings(
        a.version(), a.fips(), a.lifetime(), a.storage(), a.haMembers(), a.partitionLabel());
  }

  /** Number of emulated devices: one, or one per HA member. */
  int deviceCount() {
    return haMembers == 0 ? 1 : haMembers;
  }
}
