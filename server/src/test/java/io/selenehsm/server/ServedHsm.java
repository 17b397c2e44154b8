package io.selenehsm.server;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An in-memory Luna USB HSM 7 with one initialized partition, served on a Unix socket under a
 * temporary SELENE_HOME, and clients attached to it. The server and its clients run in this JVM,
 * but every call crosses the socket through gRPC as it would between processes.
 */
final class ServedHsm implements AutoCloseable {
  static final String SERIAL = "7654321";
  static final String PARTITION_SERIAL = SERIAL + "001";
  static final String SO_PIN = "so-password-1";
  static final String PO_PIN = "po-password-1";
  static final String CO_PIN = "co-password-1";
  static final int PARTITION_SLOT = 0;
  static final int ADMIN_SLOT = 1;
  private static final long SETUP_APP = 99;

  final Path home;
  final ClientConfig config;
  final DeviceManager devices;
  final SeleneServer server;

  private ServedHsm(Path home, ClientConfig config, DeviceManager devices, SeleneServer server) {
    this.home = home;
    this.config = config;
    this.devices = devices;
    this.server = server;
  }

  static ServedHsm start(Path home) throws Exception {
    return start(home, SeleneServer.Options.local(home));
  }

  static ServedHsm start(Path home, SeleneServer.Options options) throws Exception {
    ClientConfig config = config();
    DeviceManager devices = DeviceManager.inMemory(config);
    provision(devices, "served");
    return new ServedHsm(
        home, config, devices, SeleneServer.start(devices, options, TimeSource.system()));
  }

  /** Serves with the client bounds {@code limits} on the Unix socket only. */
  static ServedHsm startBounded(Path home, ServerLimits limits) throws Exception {
    return start(home, SeleneServer.Options.local(home).withLimits(limits));
  }

  static ClientConfig config() throws ConfigException {
    return ClientConfig.parse(
        "Devices = {\n Device00 = usb, " + SERIAL + ", factory=zeroized;\n}\n", "test selene.conf");
  }

  /** Initializes the HSM and its partition (labelled {@code label}) with this class's PINs. */
  static void provision(DeviceManager dm, String label) throws HsmException {
    Slot partition = dm.slot(PARTITION_SLOT);
    Slot admin = dm.slot(ADMIN_SLOT);
    long a = admin.openSession(SETUP_APP, true);
    admin.initHsm(a, "served-hsm", SO_PIN.toCharArray(), "testdomain", null);
    admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
    admin.createPartition(a, partition.slotId(), 0);
    admin.closeSession(a);
    long s = partition.openSession(SETUP_APP, true);
    partition.initPartition(s, label, PO_PIN.toCharArray(), "testdomain", null);
    partition.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
    partition.initRole(s, Role.CRYPTO_OFFICER, "co-password-0".toCharArray());
    partition.logout(s);
    partition.login(s, Role.CRYPTO_OFFICER, "co-password-0".toCharArray());
    partition.changePin(s, "co-password-0".toCharArray(), CO_PIN.toCharArray());
    partition.logout(s);
    partition.closeSession(s);
  }

  /** A new client connection, as another process on this host would attach. */
  DeviceManager attach() throws HsmException {
    AttachedDevices served =
        new ServedDevices()
            .attachLocal(home, config, TimeSource.system())
            .orElseThrow(() -> new IllegalStateException("no server answers in " + home));
    return DeviceManager.attachedTo(config, served);
  }

  /** Sessions open on the engine, every client counted. */
  int openSessions() throws HsmException {
    return devices.devices().get(0).read(h -> h.openSessionCount());
  }

  @Override
  public void close() throws IOException {
    server.close();
    devices.close();
  }
}
