package io.selenehsm.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ServerMain} in a JVM of its own, as {@code ./selene-server} starts it, with SELENE_HOME
 * and SELENE_CONF set for it alone. Its standard output is collected line by line; its standard
 * error goes to a file beside the home, read back for failure messages.
 *
 * <p>The child's class path is this JVM's (see {@link #classPath()}); it runs with the test suite's
 * cheap KDF switch, so its logins cost what the test JVM's do.
 *
 * <p>Design note (concurrency): one daemon thread reads the child's output into a copy-on-write
 * list; waiters poll it with a bound, so a silent or hung child fails a test instead of hanging it.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("selene-server: ready \\(pid (\\d+)\\)");

  final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final Path errFile;
  private final Thread reader;

  private ServerProcess(Process process, Path errFile) {
    this.process = process;
    this.errFile = errFile;
    this.reader = new Thread(this::read, "server-out-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code selene-server} with {@code args} on the devices {@code conf} declares. */
  static ServerProcess start(Path home, Path conf, String... args) throws IOException {
    List<String> command = new ArrayList<>(javaCommand());
    command.add(ServerMain.class.getName());
    command.addAll(List.of(args));
    Path err = Files.createTempFile(home.getParent(), "server-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().put("SELENE_HOME", home.toString());
    pb.environment().put("SELENE_CONF", conf.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    return new ServerProcess(p, err);
  }

  /** {@code java} with this JVM's class path and the suite's test switches. */
  static List<String> javaCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Dselene.test.cheapKdf=true",
        "-cp",
        classPath());
  }

  /**
   * The test class path for a child JVM. Surefire runs tests with {@code java.class.path} set to
   * the real class path even when it boots from a manifest-only jar; should that jar ever be all
   * the property holds, surefire's own {@code surefire.test.class.path} names the entries.
   */
  static String classPath() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.contains("surefirebooter") && !cp.contains(java.io.File.pathSeparator)) {
      cp = System.getProperty("surefire.test.class.path", cp);
    }
    return cp;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        out.add(line);
      }
    } catch (IOException e) {
      out.add("(reading the server's output failed: " + e + ")");
    }
  }

  /**
   * Waits for the ready line; returns the pid it names. Fails if the server exits or stays mute.
   */
  long awaitReady(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : out) {
        Matcher m = READY.matcher(line);
        if (m.matches()) {
          return Long.parseLong(m.group(1));
        }
      }
      if (!process.isAlive()) {
        reader.join(2_000);
        throw new AssertionError(
            "the server exited with " + process.exitValue() + " before it was ready\n" + report());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the server was not ready within " + bound + "\n" + report());
  }

  /** Waits for the process to end; returns its exit code. */
  int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the server did not exit within " + bound + "\n" + report());
    }
    reader.join(2_000);
    return process.exitValue();
  }

  /**
   * SIGTERM; returns the exit code. Sent through the process handle: {@link Process#destroy()}
   * would also close the pipes, losing what the server prints while it stops.
   */
  int terminate(Duration bound) throws InterruptedException {
    process.toHandle().destroy();
    return awaitExit(bound);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or removed. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    awaitExit(Duration.ofSeconds(20));
  }

  List<String> output() {
    return List.copyOf(out);
  }

  String errors() {
    try {
      return Files.readString(errFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + errFile + ": " + e + ")";
    }
  }

  String report() {
    return "--- stdout ---\n" + String.join("\n", out) + "\n--- stderr ---\n" + errors();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
