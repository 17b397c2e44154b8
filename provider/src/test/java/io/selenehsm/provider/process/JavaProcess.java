package io.selenehsm.provider.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class of the test class path in a JVM of its own, with its own environment: an
 * application, {@code selene-server} or {@code selenecm}. Standard output is collected line by
 * line, standard error goes to a file read back for failure reports, standard input stays open for
 * {@link #send}.
 *
 * <p>The class path is this JVM's {@code java.class.path}: surefire sets it to the real test class
 * path even when it boots from a manifest-only jar ({@code surefire.test.class.path} is the
 * fallback should it ever hold that jar alone). Children run with the suite's cheap KDF switch.
 *
 * <p>Design note (concurrency): one daemon thread reads the child's output into a copy-on-write
 * list; waiters poll it with a bound, so a silent or hung child fails a test instead of hanging it.
 */
final class JavaProcess implements AutoCloseable {
  final Process process;
  private final String name;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final Path errFile;
  private final Thread reader;
  private final Writer in;

  private JavaProcess(String name, Process process, Path errFile) {
    this.name = name;
    this.process = process;
    this.errFile = errFile;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(this::read, name + "-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args} and {@code env} added to this one's. */
  static JavaProcess start(
      String name, Path scratch, Map<String, String> env, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx192m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-Dselene.test.cheapKdf=true",
            "-cp",
            classPath(),
            mainClass));
    command.addAll(args);
    Path err = Files.createTempFile(scratch, name + "-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new JavaProcess(name, pb.start(), err);
  }

  static String classPath() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.contains("surefirebooter") && !cp.contains(java.io.File.pathSeparator)) {
      cp = System.getProperty("surefire.test.class.path", cp);
    }
    return cp;
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.add(line);
      }
    } catch (IOException e) {
      out.add("(reading " + name + "'s output failed: " + e + ")");
    }
  }

  /** Sends one line to the child's standard input. */
  void send(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
  }

  /** Waits for a line {@code wanted} accepts; fails when the child exits first or stays mute. */
  String awaitLine(Predicate<String> wanted, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      Optional<String> found = out.stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive()) {
        reader.join(2_000);
        found = out.stream().filter(wanted).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " before the line\n" + report());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " did not print the line within " + bound + "\n" + report());
      }
      Thread.sleep(20);
    }
  }

  /** Waits for the child to end; returns its exit code. */
  int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + bound + "\n" + report());
    }
    reader.join(5_000);
    return process.exitValue();
  }

  /** SIGTERM through the process handle (which, unlike Process.destroy, keeps the pipes open). */
  int terminate(Duration bound) throws InterruptedException {
    process.toHandle().destroy();
    return awaitExit(bound);
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
    return "--- "
        + name
        + " stdout ---\n"
        + String.join("\n", out)
        + "\n--- "
        + name
        + " stderr ---\n"
        + errors();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
