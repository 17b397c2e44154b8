package io.selenehsm.junit;

import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;

/**
 * What an administrator does to a zeroized device before applications use it, as Slot API calls:
 * initialise the HSM (optionally in FIPS mode), create a partition, initialise it and set up its
 * Crypto Officer, Crypto User and Limited Crypto Officer with {@link Pins}.
 */
final class HsmProvisioner {
  /** Application id of the provisioning sessions, apart from any provider's. */
  private static final long ADMIN_APP = 0x5E1E_7E57L;

  private HsmProvisioner() {}

  /** Initialises a zeroized HSM; in FIPS mode the HSM SO turns policy 12 off. */
  static void initHsm(DeviceSlot admin, boolean fips) throws HsmException {
    long s = admin.openSession(ADMIN_APP, true);
    try {
      admin.initHsm(s, Pins.HSM_LABEL, Pins.HSM_SO.toCharArray(), Pins.DOMAIN, null);
      if (fips) {
        admin.login(s, Role.HSM_SO, Pins.HSM_SO.toCharArray());
        admin.changeHsmPolicy(s, HsmPolicies.ALLOW_NON_FIPS, 0);
        admin.logout(s);
      }
    } finally {
      admin.closeSession(s);
    }
  }

  /** The HSM SO creates partition {@code target} with {@code version}; then it is set up. */
  static void createPartition(DeviceSlot admin, Slot target, int version, String label)
      throws HsmException {
    long a = admin.openSession(ADMIN_APP, true);
    try {
      admin.login(a, Role.HSM_SO, Pins.HSM_SO.toCharArray());
      admin.createPartition(a, target.slotId(), version);
      admin.logout(a);
    } finally {
      admin.closeSession(a);
    }
    initPartition(target, label);
  }

  private static void initPartition(Slot partition, String label) throws HsmException {
    long s = partition.openSession(ADMIN_APP, true);
    try {
      partition.initPartition(s, label, Pins.PARTITION_SO.toCharArray(), Pins.DOMAIN, null);
      partition.login(s, Role.PARTITION_SO, Pins.PARTITION_SO.toCharArray());
      partition.initRole(s, Role.CRYPTO_OFFICER, Pins.CRYPTO_OFFICER_FIRST.toCharArray());
      partition.logout(s);
      partition.login(s, Role.CRYPTO_OFFICER, Pins.CRYPTO_OFFICER_FIRST.toCharArray());
      partition.changePin(
          s, Pins.CRYPTO_OFFICER_FIRST.toCharArray(), Pins.CRYPTO_OFFICER.toCharArray());
      partition.initRole(s, Role.CRYPTO_USER, Pins.CRYPTO_USER.toCharArray());
      partition.initRole(s, Role.LIMITED_CRYPTO_OFFICER, Pins.LIMITED_CRYPTO_OFFICER.toCharArray());
      partition.logout(s);
    } finally {
      partition.closeSession(s);
    }
  }
}
