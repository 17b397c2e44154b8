package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./demo as a process: it names its configuration and devices, ends with a "try next" block, and
 * the commands in that block run as printed, on the demo's own partition.
 */
class DemoTryNextIT {
  @Test
  void theTryNextCommandsContinueInTheDemosSeleneHome(@TempDir Path sandbox) throws Exception {
    Path demoHome = sandbox.resolve("demo-home");
    DocumentedCommands.Result demo =
        DocumentedCommands.run("./demo", sandbox, Map.of("SELENE_HOME", demoHome.toString()), 10);
    assertEquals(0, demo.exitCode(), demo.all());
    String out = demo.stdout();
    assertTrue(out.contains("Configuration: built-in defaults"), out);
    assertTrue(out.contains("Devices: Luna USB HSM 7 "), out);
    assertFalse(
        out.chars().anyMatch(c -> c == 0x1b) || demo.stderr().chars().anyMatch(c -> c == 0x1b),
        "no escape sequences when not on a terminal");
    int block = out.indexOf("== Try next");
    assertTrue(block > out.indexOf("== Done"), "the demo ends with the try-next block: " + out);
    List<String> lines = out.substring(block).lines().toList();
    assertTrue(lines.contains("  partition       : \"demo-partition\" in slot 0"), out);
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.startsWith("  PINs            : Crypto Officer " + PartitionSetup.CO_PIN)),
        out);

    List<String> commands =
        lines.stream().filter(l -> l.startsWith("    ")).map(String::strip).toList();
    assertTrue(commands.get(0).startsWith("export SELENE_HOME="), commands.toString());
    assertEquals("export SELENE_HOME=" + demoHome, commands.get(0));

    DocumentedCommands.Result next =
        DocumentedCommands.run(String.join("\n", commands), sandbox, Map.of(), 5);
    assertEquals(0, next.exitCode(), next.all());
    assertEquals(
        4,
        next.stdout().lines().filter(l -> l.equals("Command Result : No Error")).count(),
        next.all());
    assertTrue(next.stdout().contains("demo-partition"), next.all());
    assertTrue(
        next.stdout().contains("verified with the certificate of \"getting-started\": true"),
        next.all());
    assertFalse(next.stderr().contains("creating new device"), "same device: " + next.all());
    assertTrue(next.stderr().contains("state in " + demoHome), next.all());
    assertFalse(Files.exists(sandbox.resolve("home/.selene")), "~/.selene is not touched");
  }
}
