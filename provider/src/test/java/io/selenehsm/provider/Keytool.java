package io.selenehsm.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's own keytool as a process, with stdin closed so it can never wait on a prompt. */
final class Keytool {
  /** One finished run. */
  record Run(List<String> command, int exitCode, String stdout, String stderr) {
    String all() {
      return String.join(" ", command)
          + "\n--- exit "
          + exitCode
          + " ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  private final Path workDir;
  private final Map<String, String> environment;
  private int runs;

  Keytool(Path workDir, Map<String, String> environment) {
    this.workDir = workDir;
    this.environment = environment;
  }

  static Path executable() {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IllegalStateException("no keytool at " + keytool);
    }
    return keytool;
  }

  /** Runs keytool with {@code args}; fails after {@code seconds}. */
  Run run(long seconds, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    // English messages, whatever the build's locale, so output can be checked
    command.add("-J-Duser.language=en");
    command.add("-J-Duser.country=US");
    command.addAll(args);
    int n = ++runs;
    Path out = workDir.resolve("keytool-" + n + ".out");
    Path err = workDir.resolve("keytool-" + n + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(environment);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          "keytool did not finish in "
              + seconds
              + " s: "
              + command
              + "\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Run(
        command,
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
