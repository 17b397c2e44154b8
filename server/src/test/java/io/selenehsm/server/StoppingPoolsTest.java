package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose worker pools are stopping: a call that must leave the I/O thread cannot be handed
 * over, and the unary {@code Call} and the {@code Calls} stream, which take one path, both fail it
 * at once with UNAVAILABLE and the reason, as a lost connection fails (the client then treats the
 * device as removed). A stream's calls used to wait for their deadlines instead. A short call needs
 * no pool and is still answered, on both.
 */
class StoppingPoolsTest {
  @TempDir Path home;
  private DeviceManager devices;
  private ExecutorService stopped;
  private EventLoopGroup loops;
  private Server server;

  @BeforeEach
  void serveWithStoppedPools() throws Exception {
    devices = DeviceManager.inMemory(ServedHsm.config());
    ServedHsm.provision(devices, "stopping");
    Connections connections =
        new Connections(ServerLimits.DEFAULT, TimeSource.system(), peer -> null);
    ServerStatus status = new ServerStatus("test", devices, connections::all, Instant.now());
    stopped = Executors.newSingleThreadExecutor();
    stopped.shutdownNow();
    CallService service = new CallService(devices, status, connections, stopped, stopped);
    loops = new EpollEventLoopGroup(1);
    server =
        NettyServerBuilder.forAddress(
                new DomainSocketAddress(SeleneServer.socketPath(home).toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(loops)
            .workerEventLoopGroup(loops)
            .directExecutor()
            .addTransportFilter(connections)
            .addService(ServerInterceptors.intercept(service, connections))
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    devices.close();
  }

  private static SlotCall<Void> login(long session) {
    return new LoginCall.Login(session, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
  }

  private static void assertStopping(Status status) {
    assertEquals(Status.Code.UNAVAILABLE, status.getCode());
    assertEquals(CallService.STOPPING, status.getDescription());
  }

  @Test
  void aUnaryCallThatMustLeaveTheIoThreadFailsAtOnceWithUnavailable() throws Exception {
    try (RawCallStream c = new RawCallStream(home)) {
      long start = System.nanoTime();
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  c.unary(30)
                      .call(
                          CallCodec.request(ServedHsm.PARTITION_SLOT, login(1), s -> s.slotId())));
      assertStopping(e.getStatus());
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15),
          "the call failed when the server refused it, not at its deadline");
    }
  }

  @Test
  void aBatchWithACallThatMustLeaveTheIoThreadEndsTheStreamAtOnceWithUnavailable()
      throws Exception {
    try (RawCallStream c = new RawCallStream(home)) {
      c.send(List.of(new ObjectCall.GenerateRandom(1, 16), login(1)));
      // Well before the 20 s a call waits by default: the stream ended when the pool refused.
      assertStopping(c.ended(10));
    }
  }

  @Test
  void aShortCallNeedsNoPoolAndIsAnsweredOnBothPaths() throws Exception {
    try (RawCallStream c = new RawCallStream(home)) {
      SlotCall<byte[]> random = new ObjectCall.GenerateRandom(42, 16);
      CallReply unary =
          c.unary(30).call(CallCodec.request(ServedHsm.PARTITION_SLOT, random, s -> s.slotId()));
      HsmException byUnary =
          assertThrows(HsmException.class, () -> CallCodec.result(random, unary));
      assertEquals(Ckr.SESSION_HANDLE_INVALID, byUnary.returnCode());
      HsmException byStream = assertThrows(HsmException.class, () -> c.one(random));
      assertEquals(Ckr.SESSION_HANDLE_INVALID, byStream.returnCode());
      assertEquals(byUnary.getMessage(), byStream.getMessage());
    }
  }
}
