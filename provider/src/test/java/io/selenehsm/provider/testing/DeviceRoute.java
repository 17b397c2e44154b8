package io.selenehsm.provider.testing;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.SeleneServer;
import io.selenehsm.server.ServedDevices;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ClientRegistryException;
import io.selenehsm.server.trust.ServerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How a test's provider reaches its device: in this process (the default), or through a {@code
 * selene-server} over the device, on its Unix socket ({@code -Dselene.test.served=unix}) or on
 * mutual TLS over loopback ({@code -Dselene.test.served=tls}). The build runs the contract suites
 * once per route, so one test body checks that everything above the Slot API behaves the same on a
 * served device.
 *
 * <p>{@link #server()} is the devices themselves (engine-level checks, setup that needs the admin
 * slot); {@link #client()} is what the provider sees. Over TLS the client is a registered network
 * client with only the application partition assigned, so it sees that slot alone (as slot 0, the
 * id it has on the server too) and no admin slot.
 */
public final class DeviceRoute implements AutoCloseable {
  /** The system property that selects the route. */
  public static final String PROPERTY = "selene.test.served";

  private static final String CLIENT_NAME = "contract-tests";

  /** The ways the provider can reach the device. */
  public enum Mode {
    IN_PROCESS,
    UNIX,
    TLS;

    /** The mode {@value #PROPERTY} names; absent or blank means in process. */
    public static Mode fromSystemProperty() {
      String v = System.getProperty(PROPERTY, "").strip().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "", "false", "none" -> IN_PROCESS;
        case "unix" -> UNIX;
        case "tls" -> TLS;
        default ->
            throw new IllegalArgumentException(
                PROPERTY + "=" + v + " is not a device route; use unix, tls or leave it unset");
      };
    }
  }

  private final Mode mode;
  private final DeviceManager server;
  private final DeviceManager client;
  private final SeleneServer service;
  private final Path home;

  private DeviceRoute(
      Mode mode, DeviceManager server, DeviceManager client, SeleneServer service, Path home) {
    this.mode = mode;
    this.server = server;
    this.client = client;
    this.service = service;
    this.home = home;
  }

  /** The route the build asked for, over {@code provisioned} (which the route now owns). */
  public static DeviceRoute over(DeviceManager provisioned, String partitionSerial) {
    return over(Mode.fromSystemProperty(), provisioned, partitionSerial);
  }

  /**
   * Serves {@code provisioned} as {@code mode} says. The route owns the devices from now on: {@link
   * #close()} closes them, also when building the route fails.
   */
  public static DeviceRoute over(Mode mode, DeviceManager provisioned, String partitionSerial) {
    if (mode == Mode.IN_PROCESS) {
      return new DeviceRoute(mode, provisioned, provisioned, null, null);
    }
    Path home = null;
    SeleneServer service = null;
    try {
      // Under /tmp: a Unix socket's path must fit in 107 bytes.
      home = Files.createTempDirectory(Path.of("/tmp"), "selene-");
      SeleneServer.Options options = SeleneServer.Options.local(home);
      if (mode == Mode.TLS) {
        options = options.withTcp(new SeleneServer.Tcp("127.0.0.1", 0));
      }
      service = SeleneServer.start(provisioned, options, TimeSource.system());
      DeviceManager client =
          mode == Mode.UNIX
              ? attachLocal(home)
              : connectTls(home, service.tcpPort(), partitionSerial);
      return new DeviceRoute(mode, provisioned, client, service, home);
    } catch (IOException
        | GeneralSecurityException
        | HsmException
        | ConfigException
        | ClientRegistryException
        | RuntimeException e) {
      if (service != null) {
        service.close();
      }
      provisioned.close();
      deleteTree(home);
      throw new IllegalStateException(
          "cannot serve the test device (" + mode + "): " + e.getMessage(), e);
    }
  }

  private static DeviceManager attachLocal(Path home) throws HsmException, ConfigException {
    ClientConfig config = ClientConfig.parse("", "attached client selene.conf");
    AttachedDevices served =
        new ServedDevices()
            .attachLocal(home, config, TimeSource.system())
            .orElseThrow(() -> new IllegalStateException("no server answers in " + home));
    return DeviceManager.attachedTo(config, served);
  }

  /**
   * A network client as {@code selenecm clientconfig deploy} leaves one: registered by certificate,
   * the partition assigned, the server declared as a network device with the three TLS files. No
   * slots are reserved for Backup HSMs, so the partition keeps the id it has on the server (0).
   */
  private static DeviceManager connectTls(Path home, int port, String partitionSerial)
      throws IOException,
          GeneralSecurityException,
          ClientRegistryException,
          HsmException,
          ConfigException {
    Path serverDir = ServerIdentity.serverDir(home);
    Path serverCert = ServerIdentity.loadOrCreate(serverDir, "127.0.0.1").certificateFile();
    Path clientDir = home.resolve("client");
    Path cert = clientDir.resolve(CLIENT_NAME + "Cert.pem");
    Path key = clientDir.resolve(CLIENT_NAME + "Key.pem");
    ClientIdentity identity = ClientIdentity.create(CLIENT_NAME, cert, key);
    ClientRegistry registry = ClientRegistry.open(serverDir);
    registry.register(CLIENT_NAME, "localhost", identity.certificate());
    registry.assignPartition(CLIENT_NAME, partitionSerial);
    ClientConfig config =
        ClientConfig.parse(
            "Devices = {\n Device00 = network, 127.0.0.1:"
                + port
                + ";\n}\nLunaSA Client = {\n ClientCertFile = "
                + cert
                + ";\n ClientPrivKeyFile = "
                + key
                + ";\n ServerCAFile = "
                + serverCert
                + ";\n}\nCardReader = {\n LunaG5Slots = 0;\n LunaG7Slots = 0;\n}\n",
            "network client selene.conf");
    DeviceManager client = DeviceManager.inMemory(config);
    if (client.attached().isEmpty()) {
      client.close();
      throw new IllegalStateException("the network device on 127.0.0.1:" + port + " is absent");
    }
    return client;
  }

  public Mode mode() {
    return mode;
  }

  /** Whether calls cross a server (Unix socket or TLS). */
  public boolean isServed() {
    return mode != Mode.IN_PROCESS;
  }

  /** The devices themselves: the engines, and every slot including the admin slot. */
  public DeviceManager server() {
    return server;
  }

  /** The devices as the provider reaches them. */
  public DeviceManager client() {
    return client;
  }

  /** Closes the client's connection, stops the server, powers the devices off, removes the home. */
  @Override
  public void close() {
    if (client != server) {
      client.close();
    }
    if (service != null) {
      service.close();
    }
    server.close();
    deleteTree(home);
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the test home " + dir, e);
    }
  }
}
