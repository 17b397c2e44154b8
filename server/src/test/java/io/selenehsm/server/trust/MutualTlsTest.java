package io.selenehsm.server.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes on 127.0.0.1 between a gRPC server built with {@link TlsContexts#server} and
 * clients built with {@link TlsContexts#client}; the server serves the gRPC health service and
 * counts the calls that reach it.
 */
class MutualTlsTest {
  @TempDir Path dir;

  private Path serverDir;
  private ServerIdentity identity;
  private ClientRegistry registry;
  private Server server;
  private final AtomicInteger callsRun = new AtomicInteger();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    serverDir = dir.resolve("home/server");
    identity = ServerIdentity.loadOrCreate(serverDir, "hsm.example.test");
    registry = ClientRegistry.open(serverDir);
    HealthStatusManager health = new HealthStatusManager();
    ServerInterceptor counter =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            callsRun.incrementAndGet();
            return next.startCall(call, headers);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(TlsContexts.server(identity, registry))
            .addService(ServerInterceptors.intercept(health.getHealthService(), counter))
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A client identity written under {@code dir/clients/<name>}. */
  private ClientIdentity client(String name) throws Exception {
    Path d = dir.resolve("clients").resolve(name);
    return ClientIdentity.create(name, d.resolve(name + "Cert.pem"), d.resolve(name + "Key.pem"));
  }

  private HealthCheckResponse.ServingStatus check(String name, String authority) throws Exception {
    Path d = dir.resolve("clients").resolve(name);
    SslContext tls =
        TlsContexts.client(
            d.resolve(name + "Cert.pem"), d.resolve(name + "Key.pem"), identity.certificateFile());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(authority, server.getPort())
            .sslContext(tls)
            .overrideAuthority(authority + ":" + server.getPort())
            .build();
    channels.add(channel);
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  @Test
  void aRegisteredClientIsServed() throws Exception {
    ClientIdentity web = client("web01");
    registry.register("web01", "web01.example.test", web.certificate());

    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check("web01", "localhost"));
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check("web01", "127.0.0.1"));
    assertEquals(1 + 1, callsRun.get());
  }

  @Test
  void anUnregisteredClientIsRefusedAtTheHandshakeAndNeverReachesTheService() throws Exception {
    registry.register("web01", "web01.example.test", client("web01").certificate());
    client("intruder");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> check("intruder", "localhost"));

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals(0, callsRun.get());
  }

  @Test
  void theTrustManagerNamesTheRefusedCertificateByFingerprint() throws Exception {
    ClientIdentity intruder = client("intruder");
    RegistryTrustManager tm = new RegistryTrustManager(registry);

    var e =
        assertThrows(
            java.security.cert.CertificateException.class,
            () ->
                tm.checkClientTrusted(
                    new java.security.cert.X509Certificate[] {intruder.certificate()}, "EC"));

    assertTrue(e.getMessage().contains(intruder.fingerprint()), e.getMessage());
    assertTrue(e.getMessage().contains("client register"), e.getMessage());
    assertThrows(
        java.security.cert.CertificateException.class,
        () ->
            tm.checkServerTrusted(
                new java.security.cert.X509Certificate[] {identity.certificate()}, "EC"));
  }

  @Test
  void aClientDeletedByAnotherRegistryInstanceIsRefusedAtItsNextConnection() throws Exception {
    registry.register("web01", "web01.example.test", client("web01").certificate());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check("web01", "localhost"));

    // The admin shell of another process opens the registry on its own and deletes the client.
    ClientRegistry.open(serverDir).delete("web01");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> check("web01", "localhost"));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals(1, callsRun.get());
  }

  @Test
  void aClientRegisteredByAnotherRegistryInstanceIsAcceptedWithoutRestart() throws Exception {
    ClientIdentity web = client("web01");
    assertThrows(StatusRuntimeException.class, () -> check("web01", "localhost"));

    ClientRegistry.open(serverDir).register("web01", "web01.example.test", web.certificate());

    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check("web01", "localhost"));
  }

  @Test
  void theClientChecksTheServerNameAgainstTheCertificate() throws Exception {
    registry.register("web01", "web01.example.test", client("web01").certificate());

    // 127.0.0.2 reaches the same listener only on Linux; dial 127.0.0.1 but claim another name.
    Path d = dir.resolve("clients/web01");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .sslContext(
                TlsContexts.client(
                    d.resolve("web01Cert.pem"),
                    d.resolve("web01Key.pem"),
                    identity.certificateFile()))
            .overrideAuthority("other.example.test:" + server.getPort())
            .build();
    channels.add(channel);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals(0, callsRun.get());
    // The name the server was created for is in its certificate, so that one is accepted.
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, checkAs("web01", "hsm.example.test"));
  }

  /** Dials 127.0.0.1 while naming the server {@code authority}. */
  private HealthCheckResponse.ServingStatus checkAs(String name, String authority)
      throws Exception {
    Path d = dir.resolve("clients").resolve(name);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .sslContext(
                TlsContexts.client(
                    d.resolve(name + "Cert.pem"),
                    d.resolve(name + "Key.pem"),
                    identity.certificateFile()))
            .overrideAuthority(authority + ":" + server.getPort())
            .build();
    channels.add(channel);
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  @Test
  void aClientRefusesAServerItDidNotPin() throws Exception {
    registry.register("web01", "web01.example.test", client("web01").certificate());
    // The client's ServerCAFile holds another server's certificate.
    Path otherServer = dir.resolve("other/server");
    ServerIdentity other = ServerIdentity.loadOrCreate(otherServer, "localhost");
    Path d = dir.resolve("clients/web01");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .sslContext(
                TlsContexts.client(
                    d.resolve("web01Cert.pem"), d.resolve("web01Key.pem"), other.certificateFile()))
            .overrideAuthority("localhost:" + server.getPort())
            .build();
    channels.add(channel);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals(0, callsRun.get());
    assertTrue(Files.exists(other.certificateFile()));
  }
}
