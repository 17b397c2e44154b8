package io.selenehsm.provider.served;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code selene-server} ({@code ServerMain}) in a JVM of its own, on a fixed SELENE_HOME and
 * TCP port, so a restart serves the same devices at the same address. Its output goes to a log file
 * in the home (appended across restarts); {@link #start} returns once it printed its ready line.
 *
 * <p>Design note (concurrency): the chaos thread starts and kills, the test thread closes in its
 * finally; the process field is volatile and every method that changes it is synchronized.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration READY_WAIT = Duration.ofSeconds(90);

  /** Servers still running; a JVM that exits without the test's finally must not leave them. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "server-processes-stop"));
  }

  final String serial;
  final Path home;
  final Path conf;
  final int port;
  final Path log;
  private volatile Process process;
  private int starts;

  ServerProcess(String serial, Path home, Path conf, int port) {
    this.serial = serial;
    this.home = home;
    this.conf = conf;
    this.port = port;
    this.log = home.resolve("server.log");
  }

  /** Starts the server and waits (bounded) for {@code selene-server: ready}. */
  synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("server " + serial + " runs already");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dselene.test.cheapKdf=true",
                "-cp",
                System.getProperty("java.class.path"),
                "io.selenehsm.server.ServerMain",
                "--tcp",
                "127.0.0.1:" + port));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("SELENE_MASTER_KEY_FILE");
    env.put("SELENE_HOME", home.toString());
    env.put("SELENE_CONF", conf.toString());
    starts++;
    Process p = pb.start();
    process = p;
    RUNNING.add(p);
    p.onExit().thenRun(() -> RUNNING.remove(p));
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> copyOutput(p, ready), "server-" + serial + "-out-" + starts);
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (!ready.await(50, TimeUnit.MILLISECONDS)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "server "
                + serial
                + " did not become ready (exit "
                + (p.isAlive() ? "none" : p.exitValue())
                + "); log:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    }
  }

  private void copyOutput(Process p, CountDownLatch ready) {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        if (line.startsWith("selene-server: ready")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // The process is gone; what it printed so far is in the log.
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed but what the device committed. */
  synchronized void kill() throws InterruptedException {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("server " + serial + " survived SIGKILL for 20 s");
      }
    }
  }

  boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  int starts() {
    return starts;
  }

  /** SIGTERM (a clean stop), SIGKILL when it does not end within 10 s. */
  @Override
  public synchronized void close() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
