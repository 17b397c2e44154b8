package io.selenehsm.provider;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A durable USB HSM 7 under a temporary SELENE_HOME, initialised through the driver and then closed
 * again, so that another process (keytool) can open it: a device directory is locked by one process
 * at a time. Slot 0 is the application partition, slot 1 the admin slot.
 */
final class DurablePartition {
  static final String SERIAL = "1234567";
  static final int PARTITION_SLOT = 0;
  static final int ADMIN_SLOT = 1;
  static final String LABEL = "tlspart";
  static final String SO_PIN = "SoPassw0rd";
  static final String PO_PIN = "PoPassw0rd";

  /** The Crypto Officer PIN after the forced first change (policy 21). */
  static final String CO_PIN = "CoPassw0rd2";

  static final String CU_PIN = "CuPassw0rd";

  final Path conf;
  final Path home;

  private DurablePartition(Path conf, Path home) {
    this.conf = conf;
    this.home = home;
  }

  /** Writes the configuration and initialises HSM, partition and roles under {@code dir}. */
  static DurablePartition create(Path dir) throws Exception {
    Path conf = dir.resolve("selene.conf");
    Files.writeString(
        conf,
        """
        Devices = {
          Device00 = usb, %s, factory=zeroized;
        }
        """
            .formatted(SERIAL),
        StandardCharsets.UTF_8);
    Path home = dir.resolve("selene-home");
    try (DeviceManager devices = DeviceManager.open(ClientConfig.parse(conf), home)) {
      initialise(devices);
    }
    return new DurablePartition(conf, home);
  }

  /** HSM init, partition create/init, Crypto Officer and Crypto User, as an administrator would. */
  static void initialise(DeviceManager devices) throws Exception {
    Slot admin = devices.slot(ADMIN_SLOT);
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", SO_PIN.toCharArray(), "hsmdomain", null);
    admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
    admin.createPartition(a, PARTITION_SLOT, 0);
    admin.logout(a);
    admin.closeSession(a);

    Slot part = devices.slot(PARTITION_SLOT);
    long s = part.openSession(2, true);
    part.initPartition(s, LABEL, PO_PIN.toCharArray(), "partdomain", null);
    part.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
    part.initRole(s, Role.CRYPTO_OFFICER, "CoPassw0rd".toCharArray());
    part.logout(s);
    part.login(s, Role.CRYPTO_OFFICER, "CoPassw0rd".toCharArray());
    part.changePin(s, "CoPassw0rd".toCharArray(), CO_PIN.toCharArray());
    part.initRole(s, Role.CRYPTO_USER, "CuFirstPin0".toCharArray());
    part.logout(s);
    // Partition policy 21: a new Crypto User changes the PIN it was given before anything else.
    part.login(s, Role.CRYPTO_USER, "CuFirstPin0".toCharArray());
    part.changePin(s, "CuFirstPin0".toCharArray(), CU_PIN.toCharArray());
    part.logout(s);
    part.closeSession(s);
  }

  /** The environment a process needs to open this device. */
  Map<String, String> environment() {
    return Map.of("SELENE_CONF", conf.toString(), "SELENE_HOME", home.toString());
  }
}
