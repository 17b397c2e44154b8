package io.selenehsm.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as a reader would type them: one bash process ({@code set -euo pipefail}) in the
 * repository root, with HOME and TMPDIR pointed at a test directory so that nothing lands in the
 * real home (~/.selene) or /tmp, and without SELENE_HOME or SELENE_CONF inherited.
 */
final class DocumentedCommands {
  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private DocumentedCommands() {}

  /** The repository root: the samples module's parent. */
  static Path repositoryRoot() {
    return Path.of("").toAbsolutePath().getParent();
  }

  /** The fenced blocks of {@code markdown} whose info string is exactly {@code language}. */
  static List<String> fencedBlocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.strip().equals("```" + language)) {
        current = new StringBuilder();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  static Result run(String script, Path sandbox, Map<String, String> env, long timeoutMinutes)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(sandbox.resolve("home"));
    Path tmp = Files.createDirectories(sandbox.resolve("tmp"));
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + script)
            .directory(repositoryRoot().toFile());
    pb.environment().remove("SELENE_HOME");
    pb.environment().remove("SELENE_CONF");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("TMPDIR", tmp.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(sandbox, "out", ".txt");
    Path err = Files.createTempFile(sandbox, "err", ".txt");
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "the commands did not finish in "
              + timeoutMinutes
              + " minutes:\n"
              + Files.readString(out)
              + Files.readString(err));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
