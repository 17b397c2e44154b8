package io.selenehsm.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.CommandTimeouts;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceServiceClient;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.NetworkClientSection;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.client.RemoteDevices;
import io.selenehsm.server.trust.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The device service as the driver finds it ({@link DeviceServiceClient}, by ServiceLoader):
 * attaching to a same-host server through its socket, connecting to a network server over mutual
 * TLS, and serving an application's own devices on its socket.
 */
public final class ServedDevices implements DeviceServiceClient {
  /** How long a same-host attach waits for the server's first answer before opening locally. */
  private static final Duration ATTACH_PROBE = Duration.ofSeconds(3);

  @Override
  public Optional<AttachedDevices> attachLocal(
      Path seleneHome, ClientConfig config, TimeSource time) throws HsmException {
    Path socket = SeleneServer.socketPath(seleneHome);
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    EventLoopGroup loop =
        new EpollEventLoopGroup(1, new DefaultThreadFactory("selene-client", true));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(loop)
            .negotiationType(NegotiationType.PLAINTEXT)
            .directExecutor()
            .build();
    Runnable release = () -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    try {
      return Optional.of(
          new RemoteDevices(
              channel,
              release,
              "selene-server at " + socket,
              CommandTimeouts.from(config.luna()),
              receiveTimeout(config),
              ATTACH_PROBE));
    } catch (HsmException e) {
      // Nobody answers on the socket: a server that died without removing it.
      channel.shutdownNow();
      release.run();
      return Optional.empty();
    }
  }

  static Duration receiveTimeout(ClientConfig config) {
    return config.networkClient().receiveTimeout();
  }

  @Override
  public AttachedDevices connect(String host, int port, ClientConfig config, TimeSource time)
      throws HsmException {
    NetworkClientSection net = config.networkClient();
    String where =
        "selene-server at " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    if (!net.hasClientCredentials()) {
      throw new HsmException(
          Ckr.DEVICE_REMOVED,
          where
              + " needs this client's certificate, key and the server's certificate: set"
              + " ClientCertFile, ClientPrivKeyFile and ServerCAFile in section LunaSA Client"
              + " (selenecm clientconfig deploy writes them)");
    }
    SslContext tls;
    try {
      tls =
          TlsContexts.client(
              net.clientCertFile().get(), net.clientPrivKeyFile().get(), net.serverCaFile().get());
    } catch (IOException | GeneralSecurityException e) {
      throw new HsmException(
          Ckr.DEVICE_REMOVED,
          where + ": the client's TLS files cannot be read: " + e.getMessage(),
          e);
    }
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress(host, port)
            .sslContext(tls)
            .negotiationType(NegotiationType.TLS)
            .directExecutor();
    if (net.tcpKeepAlive()) {
      b.keepAliveTime(30, TimeUnit.SECONDS).keepAliveWithoutCalls(true);
    }
    ManagedChannel channel = b.build();
    try {
      return new RemoteDevices(
          channel,
          () -> {},
          where,
          CommandTimeouts.from(config.luna()),
          net.receiveTimeout(),
          net.receiveTimeout());
    } catch (HsmException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  /**
   * Serves an application's devices until it closes them or, as applications usually end, until its
   * JVM exits: a hook then stops the service, so no socket outlives the process and the next
   * process of the host opens the devices itself without first probing a dead socket.
   */
  @Override
  public AutoCloseable serve(DeviceManager manager, Path seleneHome) throws HsmException {
    try {
      SeleneServer server =
          SeleneServer.start(manager, SeleneServer.Options.local(seleneHome), TimeSource.system());
      Thread atExit = new Thread(server::close, "selene-serve-devices-stop");
      Runtime.getRuntime().addShutdownHook(atExit);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException exiting) {
          // The JVM is exiting and the hook runs anyway; closing twice is harmless.
        }
        server.close();
      };
    } catch (IOException e) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "cannot serve the devices on "
              + SeleneServer.socketPath(seleneHome)
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
