package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad words, options and values; case-insensitive matching; files; exit codes. */
class ArgumentsTest {
  private CmHarness h;

  @BeforeEach
  void open() throws Exception {
    h = CmHarness.usb();
  }

  @AfterEach
  void close() {
    h.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "frobnicate                       | unknown command 'frobnicate'",
        "hsm frobnicate                   | unknown command 'hsm frobnicate'",
        "slot set -slot 1 -bogus          | unknown option '-bogus' for 'slot set'",
        "slot set                         | Missing required option: '-slot=N'",
        "slot set -slot one               | 'one' is not an int",
        "slot list extra                  | unexpected argument 'extra' for 'slot list'",
        "partition create -slot 0 -version 2 | -version must be 0 or 1, not 2",
        "role login -name xx -password Abcdefgh1 | unknown role 'xx'",
        "hsm init -label \"unterminated   | unterminated \" quote",
      })
  void badCommandsNameTheWordAndFail(String command, String message) {
    CmHarness.Run run = h.commands("", command);
    assertEquals(1, run.exitCode(), run.output());
    assertTrue(run.output().contains(message), run.output());
    assertEquals(1, run.results().size(), run.output());
  }

  @Test
  void argumentErrorsAreArgumentsBad() {
    CmHarness.Run run =
        h.commands(
            "", "frobnicate", "hsm frobnicate", "slot set -slot 1 -bogus", "slot set -slot one");
    assertEquals(
        List.of(
            CmHarness.error(Ckr.ARGUMENTS_BAD),
            CmHarness.error(Ckr.ARGUMENTS_BAD),
            CmHarness.error(Ckr.ARGUMENTS_BAD),
            CmHarness.error(Ckr.ARGUMENTS_BAD)),
        run.results());
  }

  @Test
  void wordsAndOptionsIgnoreCase() {
    CmHarness.Run run =
        h.commands(
            "",
            "SLOT List",
            "Hsm Init -LABEL \"My HSM\" -Password " + "SoPassw0rd -DOMAIN dom1",
            "hsm SHOWINFO");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(
        run.output().lines().anyMatch(l -> l.matches("HSM Label\\s+: My HSM")), run.output());
  }

  @Test
  void allSuccessfulExitsZeroAndAFailureAnywhereExitsOne() {
    assertEquals(0, h.commands("", "slot list", "hsm showinfo").exitCode());
    CmHarness.Run run = h.commands("", "slot list", "role logout", "hsm showinfo");
    assertEquals(1, run.exitCode());
    // a failure does not stop the script
    assertEquals(
        List.of(CmHarness.ok(), CmHarness.error(Ckr.USER_NOT_LOGGED_IN), CmHarness.ok()),
        run.results(),
        run.output());
  }

  @Test
  void fileRunsEachCommandLineAfterTheDashCCommands(@TempDir Path tmp) throws Exception {
    Path script = tmp.resolve("setup.cm");
    Files.writeString(
        script,
        """
        # set up the HSM
        hsm init -label Scripted -password SoPassw0rd -domain dom1

        role login -name so -password SoPassw0rd
        partition create -slot 0
        """,
        StandardCharsets.UTF_8);
    CmHarness.Run run = h.run("", "-c", "slot list", "-f", script.toString());
    assertEquals(
        List.of(CmHarness.ok(), CmHarness.ok(), CmHarness.ok(), CmHarness.ok()),
        run.results(),
        run.output());
    assertEquals(0, run.exitCode());
  }

  @Test
  void missingFileAndBadSeleneCmOptionsExitOne(@TempDir Path tmp) {
    CmHarness.Run missing = h.run("", "-f", tmp.resolve("absent.cm").toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.output().contains("cannot read the command file"), missing.output());
    CmHarness.Run bad = h.run("", "-x");
    assertEquals(1, bad.exitCode());
    assertTrue(bad.output().contains("Unknown option: '-x'"), bad.output());
  }

  @Test
  void leftOutPasswordsAreReadFromInput() {
    CmHarness.Run run =
        h.commands(
            "SoPassw0rd\nSoPassw0rd\ndom1\ndom1\nSoPassw0rd\n",
            "hsm init -label Prompted",
            "role login -name so");
    assertEquals(List.of(CmHarness.ok(), CmHarness.ok()), run.results(), run.output());
    CmHarness.Run none = h.commands("", "role login -name so");
    assertEquals(List.of(CmHarness.error(Ckr.ARGUMENTS_BAD)), none.results(), none.output());
  }

  @Test
  void helpListsTheFamilies() {
    CmHarness.Run run = h.commands("", "help", "help partition");
    assertEquals(0, run.exitCode(), run.output());
    for (String w : List.of("slot", "hsm", "partition", "role", "stm", "changepolicy")) {
      assertTrue(run.output().contains(w), w);
    }
  }
}
