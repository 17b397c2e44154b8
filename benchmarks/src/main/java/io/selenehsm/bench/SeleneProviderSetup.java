package io.selenehsm.bench;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.SeleneProvider;

/**
 * The Selene JCA provider over an in-memory USB HSM 7 (through the device driver, as an application
 * sees it): one initialised partition, logged in as Crypto Officer. Keys made through the provider
 * live in the HSM as session objects; operations borrow pooled sessions.
 */
final class SeleneProviderSetup {
  private static final long SETUP_APP = 7;

  /** The device's serial; its partition's serial is this and the partition index, "001". */
  static final String SERIAL = "1234567";

  static final String CO_PIN = "co-password-2";

  private SeleneProviderSetup() {}

  /**
   * The provider over an in-memory device, or over a durable one in a fresh state directory whose
   * flash store forces its log on every commit.
   */
  static SeleneProvider open(boolean durable) throws Exception {
    ClientConfig config = config();
    DeviceManager dm =
        durable
            ? DeviceManager.open(config, StateDirectories.temporary("selene-bench-provider"))
            : DeviceManager.inMemory(config);
    int partitionSlot = provision(dm);
    SeleneProvider provider = SeleneProvider.over(dm);
    provider.getSlotManager().login(partitionSlot, CO_PIN);
    return provider;
  }

  /** The configuration of the one USB HSM 7 every Selene route measures. */
  static ClientConfig config() throws Exception {
    return ClientConfig.parse(
        "Devices = {\n Device00 = usb, " + SERIAL + ", factory=zeroized;\n}\n",
        "benchmark selene.conf");
  }

  /**
   * Initialises the HSM of {@code dm} and its partition with a Crypto Officer whose PIN is {@link
   * #CO_PIN}; returns the partition's slot id.
   */
  static int provision(DeviceManager dm) throws Exception {
    Slot partition = dm.slot(0);
    Slot admin = dm.slot(1);
    long a = admin.openSession(SETUP_APP, true);
    admin.initHsm(a, "bench-hsm", "so-password-1".toCharArray(), "benchdomain", null);
    admin.login(a, Role.HSM_SO, "so-password-1".toCharArray());
    admin.createPartition(a, partition.slotId(), 0);
    admin.closeSession(a);
    long s = partition.openSession(SETUP_APP, true);
    partition.initPartition(s, "bench", "po-password-1".toCharArray(), "benchdomain", null);
    partition.login(s, Role.PARTITION_SO, "po-password-1".toCharArray());
    partition.initRole(s, Role.CRYPTO_OFFICER, "co-password-1".toCharArray());
    partition.logout(s);
    partition.login(s, Role.CRYPTO_OFFICER, "co-password-1".toCharArray());
    partition.changePin(s, "co-password-1".toCharArray(), CO_PIN.toCharArray());
    partition.logout(s);
    partition.closeSession(s);
    return partition.slotId();
  }
}
