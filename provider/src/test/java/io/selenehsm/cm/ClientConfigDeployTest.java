package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.Pem;
import io.selenehsm.server.trust.ServerIdentity;
import io.selenehsm.server.trust.TlsContexts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientconfig deploy} on a client host's SELENE_HOME, and the whole registration: the
 * server's operator shows its certificate, the client deploys with it, the server registers the
 * client, and a TLS handshake built from what deploy wrote into selene.conf succeeds.
 *
 * <p>The tests that read the written {@code LunaSA Client} section back need a configuration schema
 * that knows that section (the network client configuration); they are skipped, with that reason,
 * on a build whose schema does not.
 */
class ClientConfigDeployTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 7200, factory=zeroized;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;

  @TempDir Path dir;
  private Path clientHome;
  private Path serverHome;
  private DeviceManager manager;
  private Server server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  private record Run(int exitCode, String output) {
    List<String> results() {
      return output.lines().filter(l -> l.startsWith("Command Result : ")).toList();
    }
  }

  @BeforeEach
  void homes() throws Exception {
    clientHome = dir.resolve("client-host");
    serverHome = dir.resolve("server-host");
    Files.createDirectories(clientHome);
    Files.createDirectories(serverHome);
    Files.writeString(clientHome.resolve("selene.conf"), CONF);
    Files.writeString(serverHome.resolve("selene.conf"), CONF);
    manager = DeviceManager.inMemory(ClientConfig.parse(CONF, "test.conf"));
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    manager.close();
  }

  private Run run(Path home, String... commands) {
    List<String> args = new ArrayList<>();
    for (String c : commands) {
      args.add("-c");
      args.add(c);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        SeleneCm.run(
            args.toArray(String[]::new),
            new ByteArrayInputStream(new byte[0]),
            out,
            () -> DeviceDirectory.over(manager, home.resolve("selene.conf"), home));
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  private static String ok() {
    return Shell.NO_ERROR;
  }

  private static String error(long code) {
    return "Command Result : " + io.selenehsm.firmware.rc.ReturnCodes.format(code);
  }

  private ServerIdentity serverIdentity() throws Exception {
    return ServerIdentity.loadOrCreate(ServerIdentity.serverDir(serverHome), "localhost");
  }

  private ClientConfig clientConf() throws Exception {
    return ClientConfig.parse(clientHome.resolve("selene.conf"));
  }

  private String conf(String key) throws Exception {
    return clientConf()
        .get(ClientDeployment.SECTION, key)
        .orElseThrow(() -> new AssertionError(key));
  }

  @Test
  void deployWritesTheCertificatesAndTheLunaSaClientSection() throws Exception {
    Path serverCert = serverIdentity().certificateFile();

    Run r =
        run(
            clientHome,
            "clientconfig deploy -server hsm1.example.test -client web01 -servercert "
                + serverCert);

    assertEquals(List.of(ok()), r.results(), r.output());
    Path cert = clientHome.resolve("cert/client/web01Cert.pem").toAbsolutePath();
    Path key = clientHome.resolve("cert/client/web01Key.pem").toAbsolutePath();
    Path ca = clientHome.resolve("cert/server/CAFile.pem").toAbsolutePath();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    ClientIdentity id = ClientIdentity.load(cert, key);
    assertEquals(List.of(serverIdentity().certificate()), Pem.readCertificates(ca));
    assertEquals(cert.toString(), conf("ClientCertFile"));
    assertEquals(key.toString(), conf("ClientPrivKeyFile"));
    assertEquals(ca.toString(), conf("ServerCAFile"));
    assertEquals("1", conf("NetClient"));
    assertEquals("hsm1.example.test", conf("ServerName00"));
    assertEquals("1792", conf("ServerPort00"));
    assertTrue(r.output().contains(id.fingerprint()), r.output());
    assertTrue(r.output().contains(serverIdentity().fingerprint()), r.output());
    assertTrue(r.output().contains("client register -client web01 -hostname "), r.output());
    assertTrue(r.output().contains("client assignpartition -client web01 -partition"), r.output());

    // The same server again: no second pair, the same client certificate.
    Run again =
        run(
            clientHome,
            "clientconfig deploy -server HSM1.example.test -client web01 -servercert "
                + serverCert);
    assertEquals(List.of(ok()), again.results(), again.output());
    assertEquals(id.fingerprint(), ClientIdentity.load(cert, key).fingerprint());
    assertTrue(clientConf().get(ClientDeployment.SECTION, "ServerName01").isEmpty());

    // A second server: the next pair, and its certificate pinned beside the first.
    Path otherServer = dir.resolve("other-server");
    ServerIdentity other = ServerIdentity.loadOrCreate(otherServer, "hsm2");
    Run second =
        run(
            clientHome,
            "clientconfig deploy -server hsm2 -port 2792 -client web01 -servercert "
                + other.certificateFile());
    assertEquals(List.of(ok()), second.results(), second.output());
    assertEquals("hsm2", conf("ServerName01"));
    assertEquals("2792", conf("ServerPort01"));
    assertEquals(
        List.of(serverIdentity().certificate(), other.certificate()), Pem.readCertificates(ca));

    // -regen replaces the client's key and certificate.
    Run regen =
        run(
            clientHome,
            "clientconfig deploy -server hsm2 -port 2792 -client web01 -servercert "
                + other.certificateFile()
                + " -regen");
    assertEquals(List.of(ok()), regen.results(), regen.output());
    assertNotEquals(id.fingerprint(), ClientIdentity.load(cert, key).fingerprint());
  }

  @Test
  void registrationEndToEndOverMutualTls() throws Exception {
    Run shown = run(serverHome, "ntls certificate");
    assertEquals(List.of(ok()), shown.results(), shown.output());
    ServerIdentity id = serverIdentity();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                TlsContexts.server(id, ClientRegistry.open(ServerIdentity.serverDir(serverHome))))
            .addService(new HealthStatusManager().getHealthService())
            .build()
            .start();

    Run deployed =
        run(
            clientHome,
            "clientconfig deploy -server localhost -port "
                + server.getPort()
                + " -client web01 -servercert "
                + id.certificateFile());
    assertEquals(List.of(ok()), deployed.results(), deployed.output());
    assertThrows(StatusRuntimeException.class, this::healthFromConfiguredClient);

    Run registered =
        run(
            serverHome,
            "client register -client web01 -hostname web01 -certfile " + conf("ClientCertFile"));
    assertEquals(List.of(ok()), registered.results(), registered.output());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, healthFromConfiguredClient());

    Run deleted = run(serverHome, "client delete -client web01 -force");
    assertEquals(List.of(ok()), deleted.results(), deleted.output());
    assertThrows(StatusRuntimeException.class, this::healthFromConfiguredClient);
  }

  /** A new connection made from the client's selene.conf, as a network client would make it. */
  private HealthCheckResponse.ServingStatus healthFromConfiguredClient() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(conf("ServerName00"), Integer.parseInt(conf("ServerPort00")))
            .sslContext(
                TlsContexts.client(
                    Path.of(conf("ClientCertFile")),
                    Path.of(conf("ClientPrivKeyFile")),
                    Path.of(conf("ServerCAFile"))))
            .build();
    channels.add(channel);
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  @Test
  void refusalsLeaveNoFileBehind() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    Path serverCert = serverIdentity().certificateFile();
    String conf = Files.readString(clientHome.resolve("selene.conf"));

    Run r =
        run(
            clientHome,
            "clientconfig deploy -server hsm1 -client web01 -servercert " + junk,
            "clientconfig deploy -server hsm1 -client web01 -servercert "
                + dir.resolve("absent.pem"),
            "clientconfig deploy -server hsm1 -port 70000 -client web01 -servercert " + serverCert,
            "clientconfig deploy -server 'bad host' -client web01 -servercert " + serverCert,
            "clientconfig deploy -server hsm1 -client ../web01 -servercert " + serverCert);

    assertEquals(
        List.of(
            error(Ckr.CERTIFICATE_DATA_INVALID),
            error(Ckr.CERTIFICATE_DATA_INVALID),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD)),
        r.results(),
        r.output());
    assertTrue(r.output().contains("junk.pem"), r.output());
    assertFalse(Files.exists(clientHome.resolve("cert")));
    assertFalse(Files.exists(dir.resolve("web01Cert.pem")));
    assertEquals(conf, Files.readString(clientHome.resolve("selene.conf")));
  }
}
