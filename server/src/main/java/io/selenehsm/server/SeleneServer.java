package io.selenehsm.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.services.HealthStatusManager;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ServerIdentity;
import io.selenehsm.server.trust.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The device service over gRPC: the slots of a {@link DeviceManager}, served on a Unix socket in
 * the device directory for processes of this host, and, when configured, on TCP with mutual TLS for
 * registered clients of other hosts (see docs/trust-model.md).
 *
 * <p>Design note (lifecycle): {@link #start} binds every listener before it returns, so a client
 * that sees the socket file can connect; {@link #close} stops accepting, lets running calls finish
 * for a short grace, then closes every client's sessions. The devices belong to whoever opened
 * them: the {@code selene-server} command closes them after the server, an application that serves
 * its own devices keeps them.
 */
public final class SeleneServer implements AutoCloseable {
  /** The socket's file name in SELENE_HOME. */
  public static final String SOCKET_NAME = "selene-server.sock";

  private static final long GRACE_MILLIS = 5_000;

  /**
   * The shortest interval between a network client's keepalive pings the TCP listener accepts.
   * Clients ping every 30 s with TCPKeepAlive (gRPC allows 10 s at the fastest); gRPC's default of
   * 5 minutes would answer them with GOAWAY (too_many_pings), cutting the connection, and with it
   * the client's sessions, every minute and a half.
   */
  static final long PERMIT_KEEPALIVE_SECONDS = 5;

  /** A TCP listener with mutual TLS. */
  public record Tcp(String host, int port) {
    public Tcp {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port " + port + " is outside 0..65535");
      }
    }
  }

  /**
   * Where and how to serve.
   *
   * @param backupHsms serials of the Backup HSMs every registered network client may reach, for
   *     partition backup and restore from other hosts (the Remote Backup Service, section {@code
   *     RBS}); empty, network clients reach no Backup HSM
   */
  public record Options(
      Path seleneHome, Optional<Tcp> tcp, ServerLimits limits, Set<String> backupHsms) {
    public Options {
      Objects.requireNonNull(seleneHome, "seleneHome");
      Objects.requireNonNull(tcp, "tcp");
      Objects.requireNonNull(limits, "limits");
      backupHsms = Set.copyOf(backupHsms);
    }

    public Options(Path seleneHome, Optional<Tcp> tcp, ServerLimits limits) {
      this(seleneHome, tcp, limits, Set.of());
    }

    /** The Unix socket only, default limits. */
    public static Options local(Path seleneHome) {
      return new Options(seleneHome, Optional.empty(), ServerLimits.DEFAULT);
    }

    public Options withTcp(Tcp listener) {
      return new Options(seleneHome, Optional.of(listener), limits, backupHsms);
    }

    public Options withLimits(ServerLimits l) {
      return new Options(seleneHome, tcp, l, backupHsms);
    }

    /** Offers these Backup HSMs (by serial) to registered network clients. */
    public Options withRemoteBackup(Collection<String> serials) {
      return new Options(seleneHome, tcp, limits, Set.copyOf(serials));
    }
  }

  private final Path socket;
  private final List<Server> servers;
  private final List<EventLoopGroup> loops;
  private final List<ExecutorService> work;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Connections connections;
  private final ServerStatus status;
  private final HealthStatusManager health;
  private final Optional<ServerIdentity> identity;
  private final int tcpPort;

  private SeleneServer(
      Path socket,
      List<Server> servers,
      List<EventLoopGroup> loops,
      List<ExecutorService> work,
      Connections connections,
      ServerStatus status,
      HealthStatusManager health,
      Optional<ServerIdentity> identity,
      int tcpPort) {
    this.socket = socket;
    this.servers = servers;
    this.loops = loops;
    this.work = work;
    this.connections = connections;
    this.status = status;
    this.health = health;
    this.identity = identity;
    this.tcpPort = tcpPort;
  }

  /** The socket a server for {@code seleneHome}'s devices listens on. */
  public static Path socketPath(Path seleneHome) {
    return seleneHome.toAbsolutePath().resolve(SOCKET_NAME);
  }

  /** Serves {@code devices} as {@code options} say; every listener is bound on return. */
  public static SeleneServer start(DeviceManager devices, Options options, TimeSource time)
      throws IOException {
    Path home = options.seleneHome().toAbsolutePath();
    Files.createDirectories(home);
    Optional<ServerIdentity> identity = Optional.empty();
    ClientRegistry registry = null;
    if (options.tcp().isPresent()) {
      try {
        Path dir = ServerIdentity.serverDir(home);
        identity = Optional.of(ServerIdentity.loadOrCreate(dir, options.tcp().get().host()));
        registry = ClientRegistry.open(dir);
      } catch (GeneralSecurityException e) {
        throw new IOException("the server's TLS identity cannot be set up: " + e.getMessage(), e);
      }
    }
    Connections connections =
        new Connections(
            options.limits(), time, new RegistryAdmission(registry, devices, options.backupHsms()));
    ServerStatus status =
        new ServerStatus(
            ProcessHandle.current().pid() + "@" + hostName(),
            devices,
            connections::all,
            time.instant());
    HealthStatusManager health = new HealthStatusManager();
    ExecutorService work =
        Executors.newCachedThreadPool(new DefaultThreadFactory("selene-call", true));
    ExecutorService shortWork = shortCallPool();
    CallService service = new CallService(devices, status, connections, work, shortWork);
    List<Server> servers = new ArrayList<>();
    List<EventLoopGroup> loops = new ArrayList<>();
    List<String> where = new ArrayList<>();
    int tcpPort = -1;
    try {
      Path socket = socketPath(home);
      // The devices' locks are ours, so a socket file left here is a dead server's.
      Files.deleteIfExists(socket);
      EventLoopGroup boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("selene-accept"));
      EventLoopGroup workers =
          new EpollEventLoopGroup(0, new DefaultThreadFactory("selene-io", true));
      loops.add(boss);
      loops.add(workers);
      Server local =
          NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
              .channelType(EpollServerDomainSocketChannel.class)
              .bossEventLoopGroup(boss)
              .workerEventLoopGroup(workers)
              .directExecutor()
              .addTransportFilter(connections)
              .addService(ServerInterceptors.intercept(service, connections))
              .addService(health.getHealthService())
              .build()
              .start();
      servers.add(local);
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      where.add("unix:" + socket);
      if (identity.isPresent()) {
        Tcp tcp = options.tcp().get();
        Server network =
            NettyServerBuilder.forAddress(new InetSocketAddress(tcp.host(), tcp.port()))
                .sslContext(TlsContexts.server(identity.get(), registry))
                .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .directExecutor()
                .addTransportFilter(connections)
                .addService(ServerInterceptors.intercept(service, connections))
                .addService(health.getHealthService())
                .build()
                .start();
        servers.add(network);
        tcpPort = network.getPort();
        where.add("tls:" + tcp.host() + ":" + tcpPort);
      }
      status.listening(where, identity.map(ServerIdentity::fingerprint).orElse(""));
      health.setStatus("", ServingStatus.SERVING);
      health.setStatus(
          io.selenehsm.server.wire.DeviceServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
      return new SeleneServer(
          socket,
          servers,
          loops,
          List.of(work, shortWork),
          connections,
          status,
          health,
          identity,
          tcpPort);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      servers.forEach(Server::shutdownNow);
      loops.forEach(EventLoopGroup::shutdownGracefully);
      work.shutdownNow();
      shortWork.shutdownNow();
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /**
   * The workers that run the short calls of a batch beyond the part its I/O thread runs: one per
   * processor, idle ones leaving after a while. The queue needs no bound of its own: each client
   * has at most its bound of calls running, and a batch holds only calls the client has sent.
   */
  private static ExecutorService shortCallPool() {
    int n = CallService.SHORT_PARTS;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            n,
            n,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("selene-short", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** Where the server listens: {@code unix:<path>} and, with TLS, {@code tls:<host>:<port>}. */
  public List<String> listening() {
    return status.listening();
  }

  /** The Unix socket's path. */
  public Path socket() {
    return socket;
  }

  /** The TCP port bound (useful with port 0), or -1 without a TCP listener. */
  public int tcpPort() {
    return tcpPort;
  }

  /** The server certificate's SHA-256 fingerprint, with a TCP listener. */
  public Optional<String> fingerprint() {
    return identity.map(ServerIdentity::fingerprint);
  }

  /** The number of clients connected now. */
  public int clientCount() {
    return connections.all().size();
  }

  private boolean callsRunning() {
    for (ClientConnection c : connections.all()) {
      if (c.callsInFlight() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Stops serving: no new calls, running ones get a short grace, every client's sessions end. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // closed already: Closeable's close may be called again
    }
    health.enterTerminalState();
    servers.forEach(Server::shutdown);
    // Calls already running get the grace to finish; idle connections (and transports a refused
    // handshake left half-open) are not waited for.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    try {
      while (callsRunning() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Server s : servers) {
      s.shutdownNow();
      try {
        s.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    connections.closeAll();
    loops.forEach(l -> l.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    work.forEach(ExecutorService::shutdownNow);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // A socket file left behind is taken for a dead server's by the next start.
    }
  }
}
