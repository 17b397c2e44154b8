package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./selenecm} launcher as a process. The launcher builds the shaded jar when
 * it is missing or stale, so the first run may take a while; the device is durable under a
 * temporary SELENE_HOME, and the second run sees what the first one did.
 */
class LauncherTest {

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void launcherRunsScriptsOnTheConfiguredDevice(@TempDir Path tmp) throws Exception {
    Path conf = tmp.resolve("selene.conf");
    Files.writeString(
        conf,
        """
        Devices = {
          Device00 = usb, 7000123, factory=zeroized;
        }
        CardReader = {
          LunaG5Slots = 0;
          LunaG7Slots = 0;
        }
        """,
        StandardCharsets.UTF_8);
    Path home = tmp.resolve("home");

    Result first =
        launch(
            tmp,
            conf,
            home,
            "-c",
            "slot list",
            "-c",
            "hsm init -label Launched -password SoPassw0rd -domain dom1",
            "-c",
            "hsm zeroize");
    // no -force and no input: zeroize cancels rather than waiting
    assertEquals(
        List.of(CmHarness.ok(), CmHarness.ok(), CmHarness.error(Ckr.CANCEL)),
        first.results(),
        first.all());
    assertEquals(1, first.exitCode());

    Result second = launch(tmp, conf, home, "-c", "hsm showinfo", "-c", "hsm zeroize -force");
    assertEquals(List.of(CmHarness.ok(), CmHarness.ok()), second.results(), second.all());
    assertEquals(0, second.exitCode());
    assertTrue(
        second.stdout().lines().anyMatch(l -> l.matches("HSM Label\\s+: Launched")), second.all());
  }

  private record Result(int exitCode, String stdout, String stderr) {
    List<String> results() {
      return stdout.lines().filter(l -> l.startsWith("Command Result : ")).toList();
    }

    String all() {
      return stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private static Result launch(Path tmp, Path conf, Path home, String... args)
      throws IOException, InterruptedException {
    Path launcher = repositoryRoot().resolve("selenecm");
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("SELENE_CONF", conf.toString());
    pb.environment().put("SELENE_HOME", home.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(9, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish: " + Files.readString(err));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The directory holding the launcher, found upwards from the module directory. */
  private static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("selenecm")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new AssertionError("no ./selenecm above " + Path.of("").toAbsolutePath());
  }
}
