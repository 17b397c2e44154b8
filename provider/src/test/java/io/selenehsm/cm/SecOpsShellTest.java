package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.TamperKind;
import io.selenehsm.firmware.audit.AuditCodes;
import io.selenehsm.firmware.rc.Ckr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security-operations commands of selenecm: stm, audit, tamper, utilization, PED. */
class SecOpsShellTest {
  private static final String OK = CmHarness.ok();
  private static final String INIT = "hsm init -label H -password SoPassw0rd -domain hsmDomain1";
  private static final String SO = "role login -name so -password SoPassw0rd";

  private static String after(String output, String label) {
    return output
        .lines()
        .filter(l -> l.startsWith(label))
        .findFirst()
        .orElseThrow()
        .substring(label.length())
        .strip();
  }

  private static String[] transport(CmHarness h) {
    CmHarness.Run run = h.commands("", "slot set -slot 1", SO, "stm transport -force");
    assertEquals(List.of(OK, OK, OK), run.results(), run.output());
    return new String[] {
      after(run.output(), "Random User String:"), after(run.output(), "Verification String:")
    };
  }

  @Test
  void stmVerificationChangesAfterOneFailedSoLogin() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      assertEquals(List.of(OK), h.commands("", "slot set -slot 1", INIT).results().subList(1, 2));
      String[] quiet = transport(h);
      CmHarness.Run same =
          h.commands(
              "", "slot set -slot 1", SO, "stm recover -force -randomuserstring " + quiet[0]);
      assertEquals(quiet[1], after(same.output(), "Verification string:"), same.output());

      String[] shipped = transport(h);
      CmHarness.Run changed =
          h.commands(
              "",
              "slot set -slot 1",
              "role login -name so -password WrongPassw0rd",
              SO,
              "stm recover -force -randomuserstring " + shipped[0]);
      assertEquals(
          List.of(OK, CmHarness.error(Ckr.PIN_INCORRECT), OK, OK),
          changed.results(),
          changed.output());
      assertNotEquals(shipped[1], after(changed.output(), "Verification string:"));
      assertFalse(changed.output().contains("WrongPassw0rd"), "passwords are masked");
    }
  }

  @Test
  void auditCommandsFollowTheAuditorRules(@TempDir Path tmp) throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      Path secret = tmp.resolve("secret.txt");
      CmHarness.Run run =
          h.commands(
              "",
              "slot set -slot 1",
              INIT,
              "audit config evmask all",
              "role init -name au -password AuditPassw0rd",
              "role login -name au -password AuditPassw0rd",
              "audit config evmask bogus",
              "audit config evmask access:failure,keymgmt",
              "audit config size 4m",
              "audit config show",
              "audit export file " + secret,
              "role setdomain -domain auditDomain1",
              "audit export file " + secret,
              "audit time sync",
              "audit time get",
              "audit logmsg -message \"hello auditor\"",
              "audit status",
              "audit verify file " + tmp.resolve("missing.log"),
              "audit verify bogus x",
              "role logout",
              SO,
              "audit config evmask all");
      assertEquals(
          List.of(
              OK,
              OK,
              CmHarness.error(Ckr.USER_NOT_LOGGED_IN),
              OK,
              OK,
              CmHarness.error(Ckr.ARGUMENTS_BAD),
              OK,
              OK,
              OK,
              CmHarness.error(Ckr.USER_PIN_NOT_INITIALIZED),
              OK,
              OK,
              OK,
              OK,
              OK,
              OK,
              CmHarness.error(Ckr.ARGUMENTS_BAD),
              CmHarness.error(Ckr.ARGUMENTS_BAD),
              OK,
              OK,
              CmHarness.error(Ckr.USER_NOT_AUTHORIZED)),
          run.results(),
          run.output());
      assertTrue(Files.readString(secret).startsWith("selene-audit-secret 1"));
      assertTrue(run.output().contains("Event mask        : access:failure,keymgmt"), run.output());
      assertTrue(run.output().contains("Rotation size     : 4m"), run.output());
      assertTrue(run.output().contains("[2/2] written to " + secret), run.output());
      assertFalse(run.output().contains("auditDomain1"), "the audit domain is masked");
    }
  }

  @Test
  void aFullLogRefusesOrdinaryCommands() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      h.commands("", "slot set -slot 1", INIT, "role init -name au -password AuditPassw0rd");
      h.engine(
          hsm -> {
            long au = hsm.openSession(0, 99, true);
            hsm.login(au, io.selenehsm.firmware.role.Role.AUDITOR, "AuditPassw0rd".toCharArray());
            hsm.audit().configure(au, "evmask all");
            while (!hsm.audit().status().full()) {
              hsm.audit().logExternal(au, "filler");
            }
            return null;
          });
      CmHarness.Run run =
          h.commands(
              "",
              "slot set -slot 1",
              SO,
              "partition create -slot 0",
              "role logout",
              "role login -name au -password AuditPassw0rd",
              "audit clear -force",
              "role logout",
              SO,
              "partition create -slot 0");
      assertEquals(
          List.of(OK, OK, CmHarness.error(AuditCodes.LOG_FULL), OK, OK, OK, OK, OK, OK),
          run.results(),
          run.output());
    }
  }

  @Test
  void tamperShowsAndRestartRecovers() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      h.commands("", "slot set -slot 1", INIT);
      DeviceFaults.tamper("1234567", TamperKind.OVER_TEMPERATURE);
      CmHarness.Run run =
          h.commands("", "slot set -slot 1", "hsm tampershow", SO, "hsm restart", "hsm showinfo");
      assertEquals(
          List.of(OK, OK, CmHarness.error(Ckr.DEVICE_ERROR), OK, OK), run.results(), run.output());
      assertTrue(
          run.output()
              .lines()
              .anyMatch(l -> l.matches("Last tamper event : over temperature at .*")),
          run.output());
      assertTrue(run.output().contains("restarted"), run.output());
    }
  }

  @Test
  void utilizationNeedsPolicy49() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      CmHarness.Run run =
          h.commands(
              "",
              "slot set -slot 1",
              INIT,
              SO,
              "partition create -slot 0",
              "hsm showutilization",
              "hsm changehsmpolicy -policy 49 -value 1",
              "hsm showutilization",
              "hsm resetutilization");
      assertEquals(
          List.of(OK, OK, OK, OK, CmHarness.error(Ckr.OPERATION_NOT_ALLOWED), OK, OK, OK),
          run.results(),
          run.output());
      assertTrue(
          run.output()
              .lines()
              .anyMatch(
                  l ->
                      l.strip().startsWith("Partition")
                          && l.contains("Sign")
                          && l.contains("Derive")),
          run.output());
    }
  }

  @Test
  void pedInitAndLoginWithAPedScript(@TempDir Path tmp) throws Exception {
    Path issue = tmp.resolve("issue.ped");
    Files.writeString(
        issue,
        tmp.resolve("blue-1.ikey")
            + "\n"
            + tmp.resolve("blue-2.ikey")
            + "\n"
            + tmp.resolve("blue-3.ikey")
            + "\n");
    Path present = tmp.resolve("present.ped");
    Files.writeString(
        present, tmp.resolve("blue-3.ikey") + "\n" + tmp.resolve("blue-1.ikey") + "\n");
    Path tooFew = tmp.resolve("few.ped");
    Files.writeString(tooFew, tmp.resolve("blue-2.ikey") + "\n");
    try (CmHarness h = CmHarness.usb()) {
      CmHarness.Run run =
          h.commands(
              "",
              "slot set -slot 1",
              "hsm init -label PedHsm -domain hsmDomain1 -iped -m 2 -n 3 -pedscript " + issue,
              "role login -name so -password SoPassw0rd",
              "role login -name so -iped -pedscript " + tooFew,
              "role login -name so -iped -pedscript " + present,
              "partition create -slot 0");
      assertEquals(
          List.of(
              OK,
              OK,
              CmHarness.error(Ckr.USER_TYPE_INVALID),
              CmHarness.error(Ckr.ARGUMENTS_BAD),
              OK,
              OK),
          run.results(),
          run.output());
      assertTrue(Files.exists(tmp.resolve("blue-2.ikey")));
      assertTrue(run.output().contains("Please attend to the PED."), run.output());
      assertTrue(
          run.output().contains("[1/1] 3 blue iKey(s) issued, 2 needed to log in"), run.output());
    }
  }
}
