package io.selenehsm.server;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.ConfigLocation;
import io.selenehsm.device.config.RbsSection;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.client.RemoteDevices;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code selene-server}: opens the devices of the configuration in use (SELENE_CONF, else {@code
 * $SELENE_HOME/selene.conf}, else defaults) and serves them in the foreground until SIGTERM or
 * SIGINT, which stop the service, power the devices off cleanly and exit with status 0. Nothing a
 * client was told has succeeded is lost on SIGKILL either: every change is on flash before its call
 * returns.
 *
 * <pre>
 *   selene-server [--tcp [HOST:]PORT] [--calls-per-client N] [--sessions-per-client N]
 * </pre>
 *
 * <p>With an {@code RBS} section ({@code NetServer = 1}) the server is also the host's Remote
 * Backup Service: see {@link #options}.
 */
public final class ServerMain {
  /** How long the refusal of a second server waits for the first one's name. */
  private static final long STATUS_MILLIS = 2_000;

  private ServerMain() {}

  /** Parsed command line. */
  record Arguments(SeleneServer.Tcp tcp, ServerLimits limits) {
    static Arguments parse(List<String> args) {
      SeleneServer.Tcp tcp = null;
      int calls = ServerLimits.DEFAULT.callsPerClient();
      int sessions = ServerLimits.DEFAULT.sessionsPerClient();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--tcp" -> tcp = tcp(value(args, ++i, a));
          case "--calls-per-client" -> calls = positive(value(args, ++i, a), a);
          case "--sessions-per-client" -> sessions = positive(value(args, ++i, a), a);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Arguments(tcp, new ServerLimits(calls, sessions));
    }

    private static String value(List<String> args, int i, String option) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args.get(i);
    }

    private static int positive(String v, String option) {
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(option + " takes a positive number, not '" + v + "'");
    }

    static SeleneServer.Tcp tcp(String v) {
      int colon = v.lastIndexOf(':');
      String host = colon < 0 ? "0.0.0.0" : v.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      String port = colon < 0 ? v : v.substring(colon + 1);
      try {
        return new SeleneServer.Tcp(host, Integer.parseInt(port));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--tcp takes [HOST:]PORT, not '" + v + "'", e);
      }
    }
  }

  /** Where the running server listens and, when it answers, which process it is. */
  private static String describeServer(AttachedDevices served) {
    if (served instanceof RemoteDevices remote) {
      try {
        return served.describe() + ", process " + remote.status(STATUS_MILLIS).getServer();
      } catch (HsmException e) {
        // It answered the attach moments ago; its place is still worth naming.
      }
    }
    return served.describe();
  }

  /**
   * The server's options: the command line's, and for section {@code RBS} with {@code NetServer} 1
   * the Backup HSMs it lists (every Backup HSM of section {@code Devices} when {@code Available} is
   * left out) offered to registered clients, on TCP with mutual TLS at {@code HostName:HostPort}
   * unless {@code --tcp} names the listener.
   */
  static SeleneServer.Options options(Arguments a, RbsSection rbs, Path seleneHome) {
    SeleneServer.Options options = SeleneServer.Options.local(seleneHome).withLimits(a.limits());
    if (a.tcp() != null) {
      options = options.withTcp(a.tcp());
    }
    if (rbs.servesBackupHsms()) {
      if (a.tcp() == null) {
        options = options.withTcp(new SeleneServer.Tcp(rbs.hostName(), rbs.hostPort()));
      }
      options = options.withRemoteBackup(rbs.available());
    }
    return options;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("selene-server: " + e.getMessage());
      err.println(
          "usage: selene-server [--tcp [HOST:]PORT] [--calls-per-client N]"
              + " [--sessions-per-client N]");
      return 2;
    }
    ConfigLocation location;
    ClientConfig config;
    DeviceManager devices;
    try {
      location = ConfigLocation.fromEnvironment();
      // The server serves the socket itself: an application's ServeDevices does not apply here.
      config = location.load().without("Misc", "ServeDevices");
      devices = DeviceManager.open(config, location.seleneHome());
    } catch (ConfigException | HsmException e) {
      err.println("selene-server: cannot open the devices: " + e.getMessage());
      return 1;
    }
    if (devices.isAttached()) {
      err.println(
          "selene-server: another server already serves "
              + location.seleneHome()
              + " ("
              + describeServer(devices.attached().get(0))
              + ")");
      devices.close();
      return 1;
    }
    SeleneServer.Options options = options(a, config.rbs(), location.seleneHome());
    SeleneServer server;
    try {
      server = SeleneServer.start(devices, options, TimeSource.system());
    } catch (IOException e) {
      err.println("selene-server: cannot listen: " + e.getMessage());
      devices.close();
      return 1;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeAll =
        () -> {
          if (closed.compareAndSet(false, true)) {
            server.close();
            devices.close();
          }
        };
    // SIGTERM/SIGINT wake the main thread, which closes and exits 0; the hook covers other exits.
    Runtime.getRuntime().addShutdownHook(new Thread(closeAll, "selene-server-stop"));
    StopSignals.onStop(stopRequested::countDown);
    out.println("selene-server: configuration " + location.describe());
    out.println(
        "selene-server: devices "
            + devices.devices().stream()
                .map(d -> d.model().displayName() + " " + d.serial())
                .toList()
            + " (state in "
            + location.seleneHome()
            + ")");
    for (String where : server.listening()) {
      out.println("selene-server: listening on " + where);
    }
    if (!options.backupHsms().isEmpty()) {
      out.println(
          "selene-server: Remote Backup Service offers Backup HSM(s) "
              + config.rbs().available()
              + " to registered clients");
    }
    server
        .fingerprint()
        .ifPresent(
            f ->
                out.println(
                    "selene-server: certificate SHA-256 fingerprint "
                        + f.toUpperCase(Locale.ROOT)));
    out.println("selene-server: ready (pid " + ProcessHandle.current().pid() + ")");
    out.flush();
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll.run();
    out.println("selene-server: stopped");
    out.flush();
    return 0;
  }
}
