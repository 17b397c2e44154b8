package io.selenehsm.bench;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.server.SeleneServer;
import io.selenehsm.server.ServedDevices;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ServerIdentity;
import java.nio.file.Path;

/**
 * The same in-memory USB HSM 7 as the in-process provider route, served by a {@link SeleneServer}
 * on a Unix socket and on TLS on 127.0.0.1 (an ephemeral port), and a client {@link DeviceManager}
 * attached to it over one of them, as another process of this host or another host would attach.
 *
 * <p>Server and client run in this JVM: every call still crosses the socket through gRPC and
 * protobuf (and TLS on the TCP route), and on the 2-core benchmark machine a separate server
 * process would share the same cores. For TLS the client has an identity of its own, registered
 * with the server and assigned the partition, as {@code selenecm client register} and {@code client
 * assignpartition} do.
 */
final class ServedDevice implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final String CLIENT = "bench01";

  private final DeviceManager served;
  private final SeleneServer server;
  private final DeviceManager client;
  private final Slot partition;

  private ServedDevice(
      DeviceManager served, SeleneServer server, DeviceManager client, Slot partition) {
    this.served = served;
    this.server = server;
    this.client = client;
    this.partition = partition;
  }

  /** Serves a fresh provisioned device and attaches to it over {@code route}'s transport. */
  static ServedDevice start(Route route) throws Exception {
    if (!route.isServed()) {
      throw new IllegalArgumentException(route.id + " is not a served route");
    }
    Path home = StateDirectories.temporary("selene-bench-served");
    DeviceManager served = DeviceManager.inMemory(SeleneProviderSetup.config());
    SeleneServer server = null;
    DeviceManager client = null;
    try {
      SeleneProviderSetup.provision(served);
      server =
          SeleneServer.start(
              served,
              SeleneServer.Options.local(home).withTcp(new SeleneServer.Tcp(LOOPBACK, 0)),
              TimeSource.system());
      client =
          switch (route) {
            case SERVED_UNIX -> attachLocal(home);
            case SERVED_TLS -> connectTls(home, server.tcpPort());
            default -> throw new AssertionError(route);
          };
      return new ServedDevice(served, server, client, partitionOf(client));
    } catch (Exception | Error e) {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      served.close();
      throw e;
    }
  }

  private static DeviceManager attachLocal(Path home) throws Exception {
    ClientConfig config = SeleneProviderSetup.config();
    AttachedDevices attached =
        new ServedDevices()
            .attachLocal(home, config, TimeSource.system())
            .orElseThrow(() -> new IllegalStateException("no server answers in " + home));
    return DeviceManager.attachedTo(config, attached);
  }

  /** Registers a client identity, assigns it the partition and connects with mutual TLS. */
  private static DeviceManager connectTls(Path home, int port) throws Exception {
    Path serverDir = ServerIdentity.serverDir(home);
    Path clientDir = home.resolve("client");
    Path cert = clientDir.resolve(CLIENT + "Cert.pem");
    Path key = clientDir.resolve(CLIENT + "Key.pem");
    ClientIdentity identity = ClientIdentity.create(CLIENT, cert, key);
    ClientRegistry registry = ClientRegistry.open(serverDir);
    registry.register(CLIENT, "localhost", identity.certificate());
    registry.assignPartition(CLIENT, SeleneProviderSetup.SERIAL + "001");
    ClientConfig config =
        ClientConfig.parse(
            "LunaSA Client = {\n"
                + " ClientCertFile = "
                + cert
                + ";\n ClientPrivKeyFile = "
                + key
                + ";\n ServerCAFile = "
                + serverDir.resolve(ServerIdentity.CERT_FILE)
                + ";\n}\n",
            "benchmark client selene.conf");
    AttachedDevices attached =
        new ServedDevices().connect(LOOPBACK, port, config, TimeSource.system());
    return DeviceManager.attachedTo(config, attached);
  }

  private static Slot partitionOf(DeviceManager client) {
    return client.slots().all().stream()
        .filter(s -> s.info().kind() == SlotInfo.Kind.APPLICATION)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("the served device shows no partition to this client"));
  }

  /** The partition as the client sees it (its calls cross the wire). */
  Slot partition() {
    return partition;
  }

  /** The server's Unix socket. */
  Path socket() {
    return server.socket();
  }

  /** A provider over the client's devices, logged in to the partition as Crypto Officer. */
  SeleneProvider provider() throws Exception {
    SeleneProvider provider = SeleneProvider.over(client);
    provider.getSlotManager().login(partition.slotId(), SeleneProviderSetup.CO_PIN);
    return provider;
  }

  /** The client first, so the server sees its connection end before it stops. */
  @Override
  public void close() {
    client.close();
    server.close();
    served.close();
  }
}
