package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md as a reader follows it: its Java block is the compiled sample, and its
 * bash blocks, exactly as written and in order, set up the HSM with ./selenecm, sign in one JVM and
 * verify in another. Then a changed message must fail verification.
 */
class GettingStartedIT {
  private static final Path DOC =
      DocumentedCommands.repositoryRoot().resolve("docs/getting-started.md");

  @Test
  void theJavaProgramOnThePageIsTheCompiledSample() throws Exception {
    String doc = Files.readString(DOC);
    List<String> java = DocumentedCommands.fencedBlocks(doc, "java");
    assertEquals(1, java.size(), "one Java program on the page");
    assertEquals(
        Files.readString(
            DocumentedCommands.repositoryRoot()
                .resolve("samples/src/main/java/io/selenehsm/samples/GettingStarted.java")),
        java.get(0));
  }

  @Test
  void theDocumentedCommandsRunAsWritten(@TempDir Path sandbox) throws Exception {
    List<String> blocks = DocumentedCommands.fencedBlocks(Files.readString(DOC), "bash");
    assertEquals(3, blocks.size(), "set-up, shell, program");
    String script = String.join("\n", blocks);
    DocumentedCommands.Result r =
        DocumentedCommands.run(
            script + "\necho \"SELENE_HOME=$SELENE_HOME\"\n", sandbox, Map.of(), 10);
    assertEquals(0, r.exitCode(), r.all());
    assertEquals(
        13, r.stdout().lines().filter(l -> l.equals("Command Result : No Error")).count(), r.all());
    assertTrue(r.stderr().contains("Configuration: built-in defaults"), r.all());
    assertTrue(
        r.stdout().contains("verified with the certificate of \"getting-started\": true"), r.all());
    assertFalse(Files.exists(sandbox.resolve("home/.selene")), "~/.selene is not touched");

    Path home =
        Path.of(
            r.stdout()
                .lines()
                .filter(l -> l.startsWith("SELENE_HOME="))
                .reduce((a, b) -> b)
                .orElseThrow()
                .substring("SELENE_HOME=".length()));
    assertTrue(home.startsWith(sandbox), "mktemp used the sandbox's TMPDIR: " + home);
    try (Stream<Path> devices = Files.list(home.resolve("devices"))) {
      assertEquals(1, devices.count(), "the shell and both JVMs used one device");
    }

    // Tampering: the same verify command on a changed message fails with exit code 1.
    Files.writeString(home.resolve("message.txt"), "Pay 1000 EUR to Mallory\n");
    String verify =
        blocks.get(2).lines().filter(l -> l.startsWith("JAR=")).findFirst().orElseThrow()
            + "\njava -cp \"$JAR\" io.selenehsm.samples.GettingStarted verify"
            + " myPartition copassword2 \"$SELENE_HOME/message.txt\" \"$SELENE_HOME/message.sig\"";
    DocumentedCommands.Result tampered =
        DocumentedCommands.run(verify, sandbox, Map.of("SELENE_HOME", home.toString()), 5);
    assertEquals(1, tampered.exitCode(), tampered.all());
    assertTrue(tampered.stdout().contains(": false"), tampered.all());
  }
}
