package io.selenehsm.provider.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Misc ServeDevices = 1}: an application opens its devices in-process and serves them on the
 * socket, so {@code selenecm} in another JVM attaches instead of failing on the device lock, and
 * sees what the application does; when the application exits the socket goes with it, and the shell
 * opens the devices itself.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServeDevicesTest {
  private static final Duration WORK = Duration.ofSeconds(90);

  @TempDir Path dir;
  private ProvisionedHome hsm;

  @AfterEach
  void stopEverything() throws Exception {
    if (hsm != null) {
      hsm.close();
    }
  }

  @Test
  void theShellAttachesToAServingApplicationAndOpensTheDevicesItselfOnceItExits() throws Exception {
    hsm = ProvisionedHome.provision(dir, "Misc = {\n  ServeDevices = 1;\n}\n");
    JavaProcess app = hsm.start("app", KeyMakingApp.class, "served-", "2");
    app.awaitLine("ATTACHED false"::equals, ProvisionedHome.START);
    assertTrue(Files.exists(hsm.socket()), "the application serves on " + hsm.socket());

    app.send("create 4");
    app.awaitLine("CREATED 4"::equals, WORK);
    ProvisionedHome.ShellRun first = contents();
    assertTrue(first.allSucceeded(), "no lock error: the shell attached\n" + first);
    assertLists(first, List.of("served-0", "served-1", "served-2", "served-3"));

    // What the application does next, the shell sees at its next look.
    app.send("create 2");
    app.awaitLine("CREATED 6"::equals, WORK);
    ProvisionedHome.ShellRun second = contents();
    assertTrue(second.allSucceeded(), second.toString());
    assertLists(second, List.of("served-4", "served-5"));
    assertTrue(second.stdout().contains("Number of objects: 6"), second.toString());

    // The application exits as applications do, closing nothing itself.
    app.send("quit");
    assertEquals(0, app.awaitExit(WORK), app.report());
    assertFalse(Files.exists(hsm.socket()), "the socket goes with the application");

    ProvisionedHome.ShellRun alone = contents();
    assertTrue(alone.allSucceeded(), alone.toString());
    assertTrue(
        alone.stderr().contains("Devices: Luna USB HSM 7 " + ProvisionedHome.SERIAL),
        "the shell opened the device itself\n" + alone);
    assertTrue(alone.stdout().contains("Number of objects: 6"), alone.toString());
    assertFalse(Files.exists(hsm.socket()), "the shell's own serving ended with it");
  }

  private ProvisionedHome.ShellRun contents() throws Exception {
    return hsm.selenecm(
        "slot set -slot 0",
        "role login -name co -password " + ProvisionedHome.CO_PIN,
        "partition contents");
  }

  private static void assertLists(ProvisionedHome.ShellRun run, List<String> labels) {
    for (String label : labels) {
      assertTrue(run.stdout().contains(label), label + " missing from\n" + run);
    }
  }
}
