package io.selenehsm.provider.process;

import io.selenehsm.cm.SeleneCm;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.server.SeleneServer;
import io.selenehsm.server.ServerMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SELENE_HOME on disk holding a Luna USB HSM 7 with one initialized partition (label {@value
 * #PARTITION_LABEL}, Crypto Officer PIN {@value #CO_PIN}) and the selene.conf declaring it, and the
 * processes started on it: {@code selene-server}, {@code selenecm} and application JVMs, each with
 * SELENE_HOME and SELENE_CONF set for it alone. Everything started is stopped by {@link #close()}.
 */
final class ProvisionedHome implements AutoCloseable {
  static final String SERIAL = "7000533";
  static final String PARTITION_LABEL = "shared-partition";
  static final String CO_PIN = "co-password-1";
  static final Duration START = Duration.ofSeconds(90);
  private static final String SO_PIN = "so-password-1";
  private static final String PO_PIN = "po-password-1";

  final Path dir;
  final Path home;
  final Path conf;
  private final List<JavaProcess> started = new ArrayList<>();

  private ProvisionedHome(Path dir, Path home, Path conf) {
    this.dir = dir;
    this.home = home;
    this.conf = conf;
  }

  /** Provisions the device under {@code dir}; {@code extraConf} is appended to selene.conf. */
  static ProvisionedHome provision(Path dir, String extraConf) throws Exception {
    Path conf = dir.resolve("selene.conf");
    String text =
        "Devices = {\n  Device00 = usb, " + SERIAL + ", factory=zeroized;\n}\n" + extraConf;
    Files.writeString(conf, text, StandardCharsets.UTF_8);
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    // Provisioned without the extra settings: this JVM must not serve what it sets up.
    ClientConfig plain =
        ClientConfig.parse(
            "Devices = {\n  Device00 = usb, " + SERIAL + ", factory=zeroized;\n}\n", "setup");
    try (DeviceManager dm = DeviceManager.open(plain, home, notice -> {})) {
      Slot partition = dm.slot(0);
      Slot admin = dm.slot(1);
      long a = admin.openSession(99, true);
      admin.initHsm(a, "shared-hsm", SO_PIN.toCharArray(), "testdomain", null);
      admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
      admin.createPartition(a, partition.slotId(), 0);
      admin.closeSession(a);
      long s = partition.openSession(99, true);
      partition.initPartition(s, PARTITION_LABEL, PO_PIN.toCharArray(), "testdomain", null);
      partition.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
      partition.initRole(s, Role.CRYPTO_OFFICER, "co-password-0".toCharArray());
      partition.logout(s);
      partition.login(s, Role.CRYPTO_OFFICER, "co-password-0".toCharArray());
      partition.changePin(s, "co-password-0".toCharArray(), CO_PIN.toCharArray());
      partition.logout(s);
      partition.closeSession(s);
    }
    return new ProvisionedHome(dir, home, conf);
  }

  Path socket() {
    return SeleneServer.socketPath(home);
  }

  private Map<String, String> env() {
    return Map.of("SELENE_HOME", home.toString(), "SELENE_CONF", conf.toString());
  }

  /** Starts {@code mainClass} of the test class path on this home. */
  JavaProcess start(String name, Class<?> mainClass, String... args) throws Exception {
    JavaProcess p = JavaProcess.start(name, dir, env(), mainClass.getName(), List.of(args));
    started.add(p);
    return p;
  }

  /** Starts {@code selene-server} and waits until it is ready. */
  JavaProcess startServer() throws Exception {
    JavaProcess server = start("selene-server", ServerMain.class);
    server.awaitLine(l -> l.startsWith("selene-server: ready (pid "), START);
    return server;
  }

  /** Runs {@code selenecm -c ...} for each command, to its end. */
  ShellRun selenecm(String... commands) throws Exception {
    List<String> args = new ArrayList<>();
    for (String c : commands) {
      args.add("-c");
      args.add(c);
    }
    JavaProcess cm = start("selenecm", SeleneCm.class, args.toArray(String[]::new));
    cm.process.getOutputStream().close();
    int exit = cm.awaitExit(START);
    return new ShellRun(exit, String.join("\n", cm.output()), cm.errors());
  }

  /** What a {@code selenecm} run printed: its output, and its banner on standard error. */
  record ShellRun(int exitCode, String stdout, String stderr) {
    boolean allSucceeded() {
      return exitCode == 0 && !stdout.contains("Command Result : 0x");
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }
}
