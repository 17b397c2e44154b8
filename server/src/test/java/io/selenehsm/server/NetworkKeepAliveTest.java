package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ServerIdentity;
import io.selenehsm.server.trust.TlsContexts;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network client that keeps its connection alive with pings keeps its connection (and so its
 * sessions): the TLS listener tolerates pings at the fastest rate gRPC lets a client send them.
 */
class NetworkKeepAliveTest {
  @TempDir Path home;

  @Test
  void aClientPingingEveryTenSecondsIsNotSentAway() throws Exception {
    SeleneServer.Options options =
        SeleneServer.Options.local(home).withTcp(new SeleneServer.Tcp("127.0.0.1", 0));
    try (ServedHsm hsm = ServedHsm.start(home, options)) {
      Path serverDir = ServerIdentity.serverDir(home);
      Path cert = home.resolve("client/appCert.pem");
      Path key = home.resolve("client/appKey.pem");
      ClientIdentity app = ClientIdentity.create("app", cert, key);
      ClientRegistry.open(serverDir).register("app", "localhost", app.certificate());
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", hsm.server.tcpPort())
              .sslContext(
                  TlsContexts.client(
                      cert, key, ServerIdentity.loadOrCreate(serverDir, "x").certificateFile()))
              // gRPC's shortest keepalive; the server's default policy (5 minutes) answers the
              // third early ping with GOAWAY too_many_pings.
              .keepAliveTime(10, TimeUnit.SECONDS)
              .keepAliveWithoutCalls(true)
              .build();
      try {
        HealthGrpc.HealthBlockingStub health =
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertEquals(
            ServingStatus.SERVING,
            health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(1, hsm.server.clientCount());

        Thread.sleep(TimeUnit.SECONDS.toMillis(35)); // three pings and more

        assertEquals(ConnectivityState.READY, channel.getState(false), "the connection was cut");
        assertEquals(1, hsm.server.clientCount(), "the server dropped the client");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
