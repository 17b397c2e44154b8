package io.selenehsm.provider.sks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a JDK tool (keytool, jarsigner) from {@code java.home} as a process, with stdin closed so it
 * can never wait on a prompt, English messages, and the given environment.
 */
final class JdkTool {
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

  private final String tool;
  private final Path workDir;
  private final Map<String, String> environment;
  private int runs;

  JdkTool(String tool, Path workDir, Map<String, String> environment) {
    this.tool = tool;
    this.workDir = workDir;
    this.environment = environment;
  }

  Run run(List<String> args) throws IOException, InterruptedException {
    Path exe = Path.of(System.getProperty("java.home"), "bin", tool);
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException("no " + tool + " at " + exe);
    }
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.add("-J-Duser.language=en");
    command.add("-J-Duser.country=US");
    command.addAll(args);
    int n = ++runs;
    Path out = workDir.resolve(tool + "-" + n + ".out");
    Path err = workDir.resolve(tool + "-" + n + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(environment);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          tool
              + " did not finish in 60 s: "
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

  /** The shaded provider jar the package phase made (failsafe runs after package). */
  static Path fatJar() {
    Path target = Path.of("target").toAbsolutePath();
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(target, "selene-provider-*-all.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + target, e);
    }
    throw new IllegalStateException(
        "no selene-provider-*-all.jar in "
            + target
            + "; run the *IT tests through failsafe (mvn verify), after the package phase");
  }
}
