package io.selenehsm.provider.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One device, four processes: {@code selene-server}, two applications that create token keys from
 * several threads through the JCA provider, and {@code selenecm} running admin commands while they
 * do. No acknowledged key is lost, each application sees the other's keys, and the shell's listing
 * shows both applications' keys.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SharedDeviceProcessesTest {
  private static final int KEYS_PER_PHASE = 10;
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
  void twoApplicationsAndTheShellShareOneServedDevice() throws Exception {
    hsm = ProvisionedHome.provision(dir, "");
    JavaProcess server = hsm.startServer();
    JavaProcess a = hsm.start("app-a", KeyMakingApp.class, "appA-", "4");
    JavaProcess b = hsm.start("app-b", KeyMakingApp.class, "appB-", "4");
    a.awaitLine("ATTACHED true"::equals, ProvisionedHome.START);
    b.awaitLine("ATTACHED true"::equals, ProvisionedHome.START);

    a.send("create " + KEYS_PER_PHASE);
    b.send("create " + KEYS_PER_PHASE);
    a.awaitLine(("CREATED " + KEYS_PER_PHASE)::equals, WORK);
    b.awaitLine(("CREATED " + KEYS_PER_PHASE)::equals, WORK);
    Set<String> firstPhase = acknowledged(a, b);

    // The second phase runs while the shell works on the same device.
    a.send("create " + KEYS_PER_PHASE);
    b.send("create " + KEYS_PER_PHASE);
    ProvisionedHome.ShellRun during =
        hsm.selenecm(
            "slot list",
            "hsm showinfo",
            "slot set -slot 0",
            "role login -name co -password " + ProvisionedHome.CO_PIN,
            "partition contents",
            "partition showinfo");
    assertTrue(during.allSucceeded(), during.toString());
    assertTrue(during.stdout().contains(ProvisionedHome.SERIAL), during.toString());
    for (String label : firstPhase) {
      assertTrue(during.stdout().contains(label), label + " missing from\n" + during);
    }
    a.awaitLine(("CREATED " + 2 * KEYS_PER_PHASE)::equals, WORK);
    b.awaitLine(("CREATED " + 2 * KEYS_PER_PHASE)::equals, WORK);

    Set<String> all = acknowledged(a, b);
    assertEquals(4 * KEYS_PER_PHASE, all.size(), a.report() + "\n" + b.report());
    assertNoFailures(a);
    assertNoFailures(b);

    // Each application sees its own keys and the other's.
    a.send("list 1");
    b.send("list 1");
    a.awaitLine("END 1"::equals, WORK);
    b.awaitLine("END 1"::equals, WORK);
    assertEquals(all, seen(a, "1"), a.report());
    assertEquals(all, seen(b, "1"), b.report());

    ProvisionedHome.ShellRun after =
        hsm.selenecm(
            "slot set -slot 0",
            "role login -name co -password " + ProvisionedHome.CO_PIN,
            "partition contents");
    assertTrue(after.allSucceeded(), after.toString());
    for (String label : all) {
      assertTrue(after.stdout().contains(label), label + " missing from\n" + after);
    }
    assertTrue(after.stdout().contains("Number of objects: " + all.size()), after.toString());

    a.send("quit");
    b.send("quit");
    assertEquals(0, a.awaitExit(WORK), a.report());
    assertEquals(0, b.awaitExit(WORK), b.report());
    assertEquals(0, server.terminate(WORK), server.report());
  }

  private static Set<String> acknowledged(JavaProcess... apps) {
    Set<String> labels = new TreeSet<>();
    for (JavaProcess app : apps) {
      app.output().stream()
          .filter(l -> l.startsWith("ACK "))
          .map(l -> l.substring(4))
          .forEach(labels::add);
    }
    return labels;
  }

  private static Set<String> seen(JavaProcess app, String tag) {
    String prefix = "SEES " + tag + " ";
    return app.output().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void assertNoFailures(JavaProcess app) {
    List<String> failed = app.output().stream().filter(l -> l.startsWith("FAILED ")).toList();
    assertEquals(List.of(), failed, app.report());
  }
}
