package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** The interactive shell over plain streams: prompt, answers from the same reader, completion. */
class InteractiveTest {

  @Test
  void readsCommandsUntilExitAndAsksOnTheSameInput() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      CmHarness.Run run =
          h.run(
              """
              slot list
              # a comment line
              hsm init -label Inter -password SoPassw0rd -domain dom1
              role logout
              hsm zeroize
              proceed
              exit
              slot list
              """);
      assertEquals(
          List.of(
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.error(Ckr.USER_NOT_LOGGED_IN),
              CmHarness.ok()),
          run.results(),
          run.output());
      assertEquals(1, run.exitCode());
      assertTrue(run.output().contains(Interactive.PROMPT), run.output());
      assertTrue(h.zeroized());
    }
  }

  @Test
  void endOfInputEndsTheShell() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      CmHarness.Run run = h.run("slot list\n");
      assertEquals(List.of(CmHarness.ok()), run.results(), run.output());
      assertEquals(0, run.exitCode());
    }
  }

  @Test
  void completesFamiliesCommandsAndOptions() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      ShellContext ctx =
          new ShellContext(
              DeviceDirectory.over(h.manager),
              ShellInput.of(
                  new BufferedReader(new StringReader("")),
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      Shell shell = new Shell(ctx);
      assertTrue(
          complete(shell, "")
              .containsAll(List.of("slot", "hsm", "partition", "role", "stm", "help", "exit")));
      assertTrue(
          complete(shell, "hsm ")
              .containsAll(
                  List.of(
                      "init",
                      "showinfo",
                      "showpolicies",
                      "changehsmpolicy",
                      "zeroize",
                      "factoryreset")));
      assertTrue(
          complete(shell, "PARTITION init ")
              .containsAll(List.of("-label", "-password", "-domain", "-applytemplate", "-force")));
    }
  }

  private static List<String> complete(Shell shell, String typed) {
    List<Candidate> candidates = new ArrayList<>();
    Interactive.completer(() -> shell)
        .complete(null, new DefaultParser().parse(typed, typed.length()), candidates);
    return candidates.stream().map(Candidate::value).toList();
  }

  @Test
  void historySkipsLinesWithSecrets() {
    Interactive.ShellHistory history = new Interactive.ShellHistory();
    history.add(Instant.now(), "slot list");
    history.add(Instant.now(), "role login -name so -password Secret123");
    history.paused = true;
    history.add(Instant.now(), "proceed");
    assertEquals(1, history.size());
  }
}
