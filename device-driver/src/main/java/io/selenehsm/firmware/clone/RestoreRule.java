package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * Backup HSM policy 55, Enable Restricted Restore. With it on, a container may be restored only to
 * a target that is at least as secure as what the objects came from, which Selene models as:
 *
 * <ol>
 *   <li>the target runs firmware 7.7.0 or newer (the updated cloning protocol; the vendor's FIPS
 *       restriction), and
 *   <li>the target's firmware is not older than the firmware the container was backed up from, and
 *   <li>the target speaks a cloning protocol not older than the one the container was made with.
 * </ol>
 *
 * With it off, any target the cloning rules and the domain accept will do. The V0/V1 rules ({@link
 * CloningRules}) apply either way.
 */
public final class RestoreRule {
  private RestoreRule() {}

  public static void check(
      boolean restricted, FirmwareVersion sourceFirmware, int sourceProtocol, TargetSecurity target)
      throws HsmException {
    if (!restricted) {
      return;
    }
    if (!target.firmware().hasPartitionVersions()) {
      throw refused(
          "the target runs firmware "
              + target.firmware()
              + ", older than "
              + FirmwareVersion.PARTITION_VERSIONS);
    }
    if (target.firmware().compareTo(sourceFirmware) < 0) {
      throw refused(
          "the target runs firmware "
              + target.firmware()
              + ", older than the backed-up partition's "
              + sourceFirmware);
    }
    if (target.protocol() < sourceProtocol) {
      throw refused(
          "the target speaks cloning protocol "
              + target.protocol()
              + ", older than the container's protocol "
              + sourceProtocol);
    }
  }

  private static HsmException refused(String why) {
    return new HsmException(
        Ckr.OPERATION_NOT_ALLOWED,
        "restricted restore (Backup HSM policy 55)"
            + " refuses to restore to less secure firmware: "
            + why);
  }
}
