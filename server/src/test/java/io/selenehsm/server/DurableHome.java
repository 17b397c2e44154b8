package io.selenehsm.server;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SELENE_HOME on disk with a Luna USB HSM 7 whose one partition is initialized (Crypto Officer
 * PIN {@link #CO_PIN}), and the selene.conf that declares it, as an operator leaves them before
 * starting {@code selene-server}. Provisioned in this JVM, which then lets the devices go.
 */
final class DurableHome {
  static final String SERIAL = "7000431";
  static final String SO_PIN = "so-password-1";
  static final String PO_PIN = "po-password-1";
  static final String CO_PIN = "co-password-1";
  static final int PARTITION_SLOT = 0;
  static final int ADMIN_SLOT = 1;

  final Path home;
  final Path conf;
  final ClientConfig config;

  private DurableHome(Path home, Path conf, ClientConfig config) {
    this.home = home;
    this.conf = conf;
    this.config = config;
  }

  /** Writes the configuration under {@code dir} and provisions the device in {@code dir/home}. */
  static DurableHome provision(Path dir) throws IOException, ConfigException, HsmException {
    Path conf = dir.resolve("selene.conf");
    Files.writeString(
        conf,
        "Devices = {\n  Device00 = usb, " + SERIAL + ", factory=zeroized;\n}\n",
        StandardCharsets.UTF_8);
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    ClientConfig config = ClientConfig.parse(Files.readString(conf), conf.toString());
    try (DeviceManager dm = DeviceManager.open(config, home, notice -> {})) {
      // The same HSM, partition, roles and PINs as the in-memory one.
      ServedHsm.provision(dm, "processes");
    }
    return new DurableHome(home, conf, config);
  }

  /** Opens the devices as any process on this host does: attached when a server holds them. */
  DeviceManager open() throws HsmException {
    return DeviceManager.open(config, home, notice -> {});
  }

  ServerProcess startServer(String... args) throws IOException {
    return ServerProcess.start(home, conf, args);
  }

  Path socket() {
    return SeleneServer.socketPath(home);
  }
}
