package io.selenehsm.cm;

import static io.selenehsm.cm.CmHarness.ADMIN_SLOT;
import static io.selenehsm.cm.CmHarness.PARTITION_SLOT;
import static io.selenehsm.cm.CmHarness.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.audit.AuditVerifier;
import io.selenehsm.firmware.rc.Ckr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command lines of the USB HSM 7 administration guide, spelled as the guide prints them, each
 * run through {@code selenecm}. Values the guide leaves to the reader ({@code <label>}, passwords
 * it prompts for) are filled in; prompts are answered on standard input.
 */
class GuideCommandLinesTest {
  private static final String OK = CmHarness.ok();
  private static final String SO_PW = "SoPassw0rd";
  private static final String PO_PW = "PoPassw0rd";
  private static final String CO_PW = "CoPassw0rd";
  private static final String ADMIN = "slot set -slot " + ADMIN_SLOT;
  private static final String PARTITION = "slot set -slot " + PARTITION_SLOT;

  private CmHarness h;

  @BeforeEach
  void zeroizedUsbHsm() throws Exception {
    h = CmHarness.usb();
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** An initialized HSM (policy 15 as given) with an initialized partition; PO logged out. */
  private void initialized(boolean soResetsCo) {
    List<String> setup =
        new ArrayList<>(
            List.of(
                "hsm init -label myHsm -password " + SO_PW + " -domain hsmDomain1",
                "role login -name so -password " + SO_PW));
    if (soResetsCo) {
      setup.add("hsm changehsmpolicy -policy 15 -value 1 -force");
    }
    setup.addAll(
        List.of(
            "partition create -slot " + PARTITION_SLOT,
            PARTITION,
            "partition init -label Apps -password " + PO_PW + " -domain partDomain1"));
    assertAllOk(h.commands("", setup.toArray(String[]::new)));
  }

  private static void assertAllOk(CmHarness.Run run) {
    assertEquals(Collections.nCopies(run.results().size(), OK), run.results(), run.output());
    assertEquals(0, run.exitCode(), run.output());
  }

  @Test
  void hsmInitIpwdPromptsForPasswordAndDomain() throws Exception {
    // hsm init -label <label> -ipwd
    CmHarness.Run run =
        h.commands(
            SO_PW + "\n" + SO_PW + "\nhsmDomain1\nhsmDomain1\n" + SO_PW + "\n",
            ADMIN,
            "hsm init -label myHsm -ipwd",
            "role login -name so");
    assertAllOk(run);
    assertTrue(run.output().contains("Enter the HSM SO password"), run.output());
    assertTrue(run.output().contains("Enter the HSM cloning domain"), run.output());
    assertTrue(run.output().contains("whatever it holds is erased"), "hard init warning");
    assertFalse(h.zeroized());
  }

  @Test
  void hsmInitOnAnInitializedHsmWarnsAndNeedsTheSoFirst() {
    initialized(false);
    // hsm init -label <label>, without the HSM SO logged in: refused before any question
    CmHarness.Run refused = h.commands("proceed\n" + SO_PW + "\n", ADMIN, "hsm init -label again");
    assertEquals(List.of(OK, error(Ckr.USER_NOT_LOGGED_IN)), refused.results(), refused.output());
    assertFalse(refused.output().contains("proceed"), refused.output());
    assertFalse(refused.output().contains("Enter the"), refused.output());

    CmHarness.Run soft =
        h.commands(
            "proceed\n" + SO_PW + "\n",
            ADMIN,
            "role login -name so -password " + SO_PW,
            "hsm init -label again");
    assertAllOk(soft);
    assertTrue(soft.output().contains("is already initialized"), soft.output());
    assertTrue(soft.output().contains("current HSM SO password is required"), soft.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Auditor", "au", "AU", "auditor"})
  void roleInitByTheGuidesAuditorNames(String name) {
    // role init -name Auditor [-password <password>]; role login -name au
    CmHarness.Run run =
        h.commands(
            "",
            ADMIN,
            "role init -name " + name + " -password AuditPassw0rd",
            "role login -name au -password AuditPassw0rd",
            "role logout",
            "role login -name Auditor -password AuditPassw0rd");
    assertAllOk(run);
  }

  @Test
  void roleInitAuditorPromptsWhenThePasswordIsLeftOut() {
    CmHarness.Run run =
        h.commands(
            "AuditPassw0rd\nAuditPassw0rd\nAuditPassw0rd\n",
            ADMIN,
            "role init -name Auditor",
            "role login -name au");
    assertAllOk(run);
  }

  @Test
  void everyRoleByLongAndShortName() {
    initialized(false);
    CmHarness.Run run =
        h.commands(
            "",
            PARTITION,
            "role login -name \"Partition SO\" -password " + PO_PW,
            "role init -name \"Crypto Officer\" -password " + CO_PW,
            "role logout",
            "role login -name \"crypto officer\" -password " + CO_PW,
            "role changepw -name \"Crypto Officer\" -oldpw " + CO_PW + " -newpw CoPassw0rd2",
            "role init -name \"Crypto User\" -password CuPassw0rd",
            "role init -name \"Limited Crypto Officer\" -password LcoPassw0rd",
            "role logout",
            "role login -name cu -password CuPassw0rd",
            "role logout",
            ADMIN,
            "role login -name \"HSM SO\" -password " + SO_PW,
            "role logout");
    assertAllOk(run);
  }

  @Test
  void roleInitCoPromptsOnlyWhenAllowed() {
    initialized(false);
    // role init -name co, without the Partition SO logged in: no password is asked for
    CmHarness.Run refused =
        h.commands(CO_PW + "\n" + CO_PW + "\n", PARTITION, "role init -name co");
    assertEquals(List.of(OK, error(Ckr.USER_NOT_LOGGED_IN)), refused.results(), refused.output());
    assertFalse(refused.output().contains("Enter the new"), refused.output());
    assertTrue(
        refused.output().contains("slot " + PARTITION_SLOT + " (partition 'Apps', serial"),
        "the message names the slot, label and serial: " + refused.output());

    CmHarness.Run run =
        h.commands(
            CO_PW + "\n" + CO_PW + "\n",
            PARTITION,
            "role login -name po -password " + PO_PW,
            "role init -name co");
    assertAllOk(run);
    assertTrue(run.output().contains("Enter the new Crypto Officer password"), run.output());

    CmHarness.Run again =
        h.commands("", PARTITION, "role login -name po -password " + PO_PW, "role init -name co");
    assertEquals(
        List.of(OK, OK, error(Ckr.OPERATION_NOT_ALLOWED)), again.results(), again.output());
    assertFalse(again.output().contains("Enter the new"), again.output());
  }

  @Test
  void roleChangepwPromptsForTheNewPasswordAfterTheOldOneIsAccepted() {
    initialized(false);
    assertAllOk(
        h.commands(
            "",
            PARTITION,
            "role login -name po -password " + PO_PW,
            "role init -name co -password " + CO_PW));
    // role changepw -name <role>: a wrong old password ends it before the new one is asked
    CmHarness.Run wrong = h.commands("WrongPassw0rd\n", PARTITION, "role changepw -name co");
    assertEquals(List.of(OK, error(Ckr.PIN_INCORRECT)), wrong.results(), wrong.output());
    assertFalse(wrong.output().contains("Enter the new"), wrong.output());

    CmHarness.Run run =
        h.commands(
            CO_PW + "\nCoPassw0rd2\nCoPassw0rd2\n",
            PARTITION,
            "role changepw -name co",
            "role login -name co -password CoPassw0rd2");
    assertAllOk(run);
    // role changepw -name <role> -oldpw <oldpassword> -newpw <newpassword>
    assertAllOk(
        h.commands(
            "",
            PARTITION,
            "role login -name co -password CoPassw0rd2",
            "role changepw -name co -oldpw CoPassw0rd2 -newpw CoPassw0rd3"));
  }

  @Test
  void everyRoleChangesItsPasswordAsTheGuideShows() {
    initialized(false);
    assertAllOk(
        h.commands(
            "",
            ADMIN,
            "role init -name Auditor -password AuditPassw0rd",
            PARTITION,
            "role login -name po -password " + PO_PW,
            "role init -name co -password " + CO_PW,
            "role logout",
            "role login -name co -password " + CO_PW,
            "role changepw -name co -oldpw " + CO_PW + " -newpw CoPassw0rd2",
            "role init -name cu -password CuPassw0rd"));
    // role login -name <role>, then role changepw -name <role>: old and new passwords asked for
    String[][] roles = {
      {ADMIN, "so", SO_PW},
      {ADMIN, "au", "AuditPassw0rd"},
      {PARTITION, "po", PO_PW},
      {PARTITION, "co", "CoPassw0rd2"},
      {PARTITION, "cu", "CuPassw0rd"}
    };
    for (String[] r : roles) {
      String next = r[2] + "X";
      CmHarness.Run run =
          h.commands(
              r[2] + "\n" + r[2] + "\n" + next + "\n" + next + "\n",
              r[0],
              "role login -name " + r[1],
              "role changepw -name " + r[1],
              "role logout",
              "role login -name " + r[1] + " -password " + next);
      assertAllOk(run);
    }
  }

  @Test
  void lockedOutCryptoOfficerIsResetByThePartitionSo() throws Exception {
    initialized(true);
    assertAllOk(
        h.commands(
            "",
            PARTITION,
            "role login -name po -password " + PO_PW,
            "role init -name co -password " + CO_PW));
    List<String> attack = new ArrayList<>(List.of(PARTITION));
    for (int i = 0; i < 10; i++) {
      attack.add("role login -name co -password Guess" + i + "Passw0rd");
    }
    attack.add("role login -name co -password " + CO_PW);
    CmHarness.Run guessed = h.commands("", attack.toArray(String[]::new));
    assertEquals(
        error(Ckr.PIN_LOCKED),
        guessed.results().get(guessed.results().size() - 1),
        "after ten wrong passwords even the right one is refused: " + guessed.output());

    // role resetpw -name co, by the Partition SO
    CmHarness.Run reset =
        h.commands(
            "CoReset0rd\nCoReset0rd\n",
            PARTITION,
            "role login -name po -password " + PO_PW,
            "role resetpw -name co",
            "role logout",
            "role login -name co -password CoReset0rd",
            // partition policy 21: a reset password must be changed before anything else
            "role init -name cu -password CuPassw0rd",
            "role changepw -name co -oldpw CoReset0rd -newpw CoPassw0rd4",
            "role init -name cu -password CuPassw0rd");
    assertEquals(
        List.of(OK, OK, OK, OK, OK, error(Ckr.PIN_EXPIRED), OK, OK),
        reset.results(),
        reset.output());
    assertEquals(1, h.engine(Hsm::partitionIds).size(), "the partition was not re-initialized");

    // role resetpw -name cu, by the Crypto Officer
    CmHarness.Run cu =
        h.commands(
            "CuReset0rd\nCuReset0rd\n",
            PARTITION,
            "role login -name co -password CoPassw0rd4",
            "role resetpw -name cu",
            "role logout",
            "role login -name cu -password CuReset0rd");
    assertAllOk(cu);
  }

  @Test
  void resetpwOfTheCoIsRefusedWithoutPolicy15BeforeAskingAnything() {
    initialized(false);
    CmHarness.Run run =
        h.commands(
            "CoReset0rd\nCoReset0rd\n",
            PARTITION,
            "role login -name po -password " + PO_PW,
            "role init -name co -password " + CO_PW,
            "role resetpw -name co");
    assertEquals(List.of(OK, OK, OK, error(Ckr.USER_NOT_AUTHORIZED)), run.results(), run.output());
    assertTrue(run.output().contains("HSM policy 15"), run.output());
    assertFalse(run.output().contains("Enter the new"), run.output());
    // the Crypto User cannot reset the Crypto Officer either
    CmHarness.Run cu = h.commands("", PARTITION, "role resetpw -name po");
    assertEquals(List.of(OK, error(Ckr.USER_TYPE_INVALID)), cu.results(), cu.output());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"audit", "partition", "role", "hsm", "slot", "stm", "sks", "hagroup", "Audit"})
  void aFamilyNameAloneListsItsCommands(String family) {
    CmHarness.Run run = h.commands("", family);
    assertAllOk(run);
    assertTrue(run.output().contains("Syntax: " + family.toLowerCase(Locale.ROOT)), run.output());
  }

  @Test
  void auditAloneShowsTheGuidesShortNames() {
    // lunacm:>audit
    CmHarness.Run run = h.commands("", "audit");
    assertAllOk(run);
    for (String row :
        List.of(
            "verify\\s+v\\s.*",
            "config\\s+c\\s.*",
            "export\\s+e\\s.*",
            "import\\s+m\\s.*",
            "time\\s+t\\s.*",
            "status\\s+s\\s.*",
            "logmsg\\s+logm\\s.*")) {
      assertTrue(
          run.output().lines().anyMatch(l -> l.strip().matches(row)), row + "\n" + run.output());
    }
  }

  @Test
  void questionMarkListsTheOptionsOfACommand() {
    // audit config ?
    CmHarness.Run run =
        h.commands("", "audit config ?", "role init ?", "hsm init ?", "audit c ?", "role ?");
    assertAllOk(run);
    String out = run.output();
    assertTrue(out.contains("evmask") && out.contains("interval") && out.contains("size"), out);
    assertTrue(out.contains("-name") && out.contains("-password"), out);
    assertTrue(out.contains("-ipwd") && out.contains("-iped"), out);
    assertTrue(out.contains("resetpw"), "'role ?' lists the role commands: " + out);
  }

  @Test
  void auditShortNamesRunTheirCommands(@TempDir Path tmp) {
    Path dir = tmp.resolve("audit");
    CmHarness.Run run =
        h.commands(
            "",
            ADMIN,
            "role init -name Auditor -password AuditPassw0rd",
            "role login -name au -password AuditPassw0rd",
            "role setdomain -domain auditDomain1",
            "audit t sync",
            "audit t get",
            "audit c path " + dir,
            "audit c evmask all",
            "audit c interval daily",
            "audit c size 4m",
            "audit s",
            "audit logm -message \"application started\"",
            "audit rotate",
            "audit v file " + dir,
            "audit e file " + tmp.resolve("secret.txt"),
            "audit m file " + tmp.resolve("secret.txt"));
    assertAllOk(run);
    assertTrue(run.output().contains("succeeded"), run.output());
  }

  @Test
  void bareFileNamesOfAuditExportImportAndVerifyMeanTheAuditPath(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("audit");
    CmHarness.Run run =
        h.commands(
            "",
            ADMIN,
            "role init -name Auditor -password AuditPassw0rd",
            "role login -name au -password AuditPassw0rd",
            "role setdomain -domain auditDomain1",
            "audit config path " + dir,
            "audit config evmask all",
            // audit export file <filename>: written to the audit path
            "audit export file 1234567.lws",
            // audit import file <log_secret_file>
            "audit import file 1234567.lws",
            "audit rotate");
    assertAllOk(run);
    assertTrue(Files.exists(dir.resolve("1234567.lws")), run.output());
    List<Path> files = AuditVerifier.rotatedFiles(dir, "1234567");
    String rotated = files.get(files.size() - 1).getFileName().toString();
    // audit verify file <audit_log_filename>.log
    CmHarness.Run verify =
        h.commands(
            "",
            ADMIN,
            "role login -name au -password AuditPassw0rd",
            "audit verify file " + rotated);
    assertAllOk(verify);
    assertTrue(verify.output().contains("succeeded"), verify.output());
  }

  @Test
  void stmRecoverAsksBeforeLeavingTransportMode() throws Exception {
    try (CmHarness shipped = CmHarness.shippedUsb()) {
      // stm recover -randomuserstring <XXXX-XXXX-XXXX-XXXX>, answered with quit
      CmHarness.Run quit =
          shipped.commands("quit\n", ADMIN, "stm recover -randomuserstring ABCD-EFGH-JKLM-NPQR");
      assertEquals(List.of(OK, error(Ckr.CANCEL)), quit.results(), quit.output());
      int shown = quit.output().indexOf("Verification string: ");
      int asked = quit.output().indexOf("Type 'proceed'");
      assertTrue(
          shown >= 0 && asked > shown, "the string is shown, then the question: " + quit.output());
      assertTrue(shipped.engine(Hsm::isInTransportMode), "quit leaves the HSM in STM");

      CmHarness.Run proceed =
          shipped.commands("proceed\n", ADMIN, "stm recover -randomuserstring ABCD-EFGH-JKLM-NPQR");
      assertAllOk(proceed);
      assertFalse(shipped.engine(Hsm::isInTransportMode));
      assertEquals(
          after(quit.output()),
          after(proceed.output()),
          "the string shown before the question is the one the recovery computes");
    }
  }

  @Test
  void stmTransportAsksAndQuitLeavesTheHsmOutOfTransport() throws Exception {
    initialized(false);
    // stm transport
    CmHarness.Run quit =
        h.commands("quit\n", ADMIN, "role login -name so -password " + SO_PW, "stm transport");
    assertEquals(List.of(OK, OK, error(Ckr.CANCEL)), quit.results(), quit.output());
    assertFalse(h.engine(Hsm::isInTransportMode));
    CmHarness.Run go =
        h.commands("proceed\n", ADMIN, "role login -name so -password " + SO_PW, "stm transport");
    assertAllOk(go);
    assertTrue(h.engine(Hsm::isInTransportMode));
  }

  private static String after(String output) {
    return output
        .lines()
        .filter(l -> l.startsWith("Verification string: "))
        .findFirst()
        .orElseThrow()
        .substring("Verification string: ".length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"what?", "say\\\"hi\\\""})
  void partitionLabelsRefuseWhatTheGuideExcludesBeforeAskingForPasswords(String label) {
    initialized(false);
    CmHarness.Run run =
        h.commands(
            "",
            ADMIN,
            "role login -name so -password " + SO_PW,
            "partition delete -slot " + PARTITION_SLOT + " -force",
            "partition create -slot " + PARTITION_SLOT,
            PARTITION,
            "partition init -label \"" + label + "\" -ipwd");
    assertEquals(
        List.of(OK, OK, OK, OK, OK, error(Ckr.ARGUMENTS_BAD)), run.results(), run.output());
    assertTrue(run.output().contains("the partition label"), run.output());
    assertFalse(run.output().contains("Enter the Partition SO password"), run.output());
  }

  @Test
  void partitionLabelsTakeTheGuidesSetAndHsmLabelsTheirOwn() {
    // a backslash is in the partition set; '?' and '"' are in the HSM set
    CmHarness.Run run =
        h.commands(
            PO_PW + "\n" + PO_PW + "\npartDomain1\npartDomain1\n",
            ADMIN,
            "hsm init -label \"is it \\\"mine\\\"?\" -password " + SO_PW + " -domain hsmDomain1",
            "role login -name so -password " + SO_PW,
            "partition create -slot " + PARTITION_SLOT,
            PARTITION,
            "partition init -label \"a\\\\b [x] {y} <z>\" -ipwd",
            "partition showinfo");
    assertAllOk(run);
    assertTrue(
        run.output()
            .lines()
            .anyMatch(l -> l.matches("Partition Label\\s+: a\\\\b \\[x\\]" + " \\{y\\} <z>")),
        run.output());
  }

  @Test
  void partitionInitWithoutALabelAsksForIt() {
    initialized(false);
    CmHarness.Run run =
        h.commands(
            "Second\n" + PO_PW + "\nproceed\n",
            ADMIN,
            "role login -name so -password " + SO_PW,
            "partition delete -slot " + PARTITION_SLOT + " -force",
            "partition create -slot " + PARTITION_SLOT,
            PARTITION);
    assertAllOk(run);
    // partition init (the guide's PED flow prints it bare): label, password, domain asked for
    CmHarness.Run init =
        h.commands(
            "Second\n" + PO_PW + "\n" + PO_PW + "\npartDomain1\npartDomain1\n",
            PARTITION,
            "partition init",
            "partition showinfo");
    assertAllOk(init);
    assertTrue(
        init.output().lines().anyMatch(l -> l.matches("Partition Label\\s+: Second")),
        init.output());
  }

  @Test
  void engineMessagesNameThePartitionByLabelAndSerial() {
    initialized(false);
    CmHarness.Run run = h.commands("", PARTITION, "role login -name co -password " + CO_PW);
    assertEquals(List.of(OK, error(Ckr.USER_PIN_NOT_INITIALIZED)), run.results(), run.output());
    assertTrue(run.output().contains("partition 'Apps' (serial 1234567"), run.output());
    assertFalse(run.output().contains("partition 1"), run.output());
  }

  @Test
  void hsmShowUtilizationBySerial() {
    initialized(false);
    CmHarness.Run run =
        h.commands(
            "",
            ADMIN,
            "role login -name so -password " + SO_PW,
            "hsm changehsmpolicy -policy 49 -value 1",
            // hsm showUtilization -serial <partition_SN>; hsm resetUtilization
            "hsm showUtilization -serial 1234567001",
            "hsm resetUtilization",
            "hsm showUtilization -serial 9999");
    assertEquals(
        List.of(OK, OK, OK, OK, OK, error(Ckr.ARGUMENTS_BAD)), run.results(), run.output());
    assertTrue(run.output().contains("1234567001"), run.output());
  }
}
