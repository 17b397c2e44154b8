package io.selenehsm.cm;

import static io.selenehsm.cm.CmHarness.PARTITION_SLOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.Ckr;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Destructive commands ask for 'proceed' on standard input unless -force is given. */
class ConfirmationTest {
  private static final String INIT = "hsm init -label Conf -password SoPassw0rd -domain dom1";
  private static final String LOGIN = "role login -name so -password SoPassw0rd";

  /** Once the partition exists it is listed first, so later runs start there. */
  private static final String ADMIN = "slot set -slot " + CmHarness.ADMIN_SLOT;

  private CmHarness h;

  @BeforeEach
  void initializedHsmWithPartition() throws Exception {
    h = CmHarness.usb();
    CmHarness.Run setup = h.commands("", INIT, LOGIN, "partition create -slot " + PARTITION_SLOT);
    assertEquals(0, setup.exitCode(), setup.output());
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void proceedZeroizes() throws Exception {
    CmHarness.Run run = h.commands("proceed\n", "hsm zeroize");
    assertEquals(List.of(CmHarness.ok()), run.results(), run.output());
    assertEquals(0, run.exitCode());
    assertTrue(run.output().contains("1 application partition(s)"), run.output());
    assertTrue(run.output().contains("Type 'proceed'"), run.output());
    assertTrue(h.zeroized());
  }

  @Test
  void anyOtherAnswerCancels() throws Exception {
    CmHarness.Run run = h.commands("no\n", "hsm zeroize");
    assertEquals(List.of(CmHarness.error(Ckr.CANCEL)), run.results(), run.output());
    assertEquals(1, run.exitCode());
    assertFalse(h.zeroized());
  }

  @Test
  void noInputCancelsInsteadOfWaiting() throws Exception {
    CmHarness.Run run =
        h.commands(
            "",
            "hsm factoryreset",
            "hsm zeroize",
            ADMIN,
            LOGIN,
            "partition delete -slot " + PARTITION_SLOT,
            "hsm changehsmpolicy -policy 7 -value 0",
            "hsm init -label Again -password SoPassw0rd");
    assertEquals(
        List.of(
            CmHarness.error(Ckr.CANCEL),
            CmHarness.error(Ckr.CANCEL),
            CmHarness.ok(),
            CmHarness.ok(),
            CmHarness.error(Ckr.CANCEL),
            CmHarness.error(Ckr.CANCEL),
            CmHarness.error(Ckr.CANCEL)),
        run.results(),
        run.output());
    assertEquals(1, run.exitCode());
    assertFalse(h.zeroized());
    assertEquals(List.of(1), h.engine(Hsm::partitionIds));
    assertEquals(1, h.engine(Hsm::hsmPolicies).get(7));
  }

  @Test
  void eachPromptReadsOneAnswer() throws Exception {
    CmHarness.Run run =
        h.commands(
            "nope\nproceed\n",
            ADMIN,
            LOGIN,
            "partition delete -slot " + PARTITION_SLOT,
            "partition delete -slot " + PARTITION_SLOT);
    assertEquals(
        List.of(CmHarness.ok(), CmHarness.ok(), CmHarness.error(Ckr.CANCEL), CmHarness.ok()),
        run.results(),
        run.output());
    assertEquals(List.of(), h.engine(Hsm::partitionIds));
  }

  @Test
  void nonDestructivePolicyChangeDoesNotAsk() throws Exception {
    CmHarness.Run run = h.commands("", ADMIN, LOGIN, "hsm changehsmpolicy -policy 21 -value 0");
    assertEquals(0, run.exitCode(), run.output());
    assertFalse(run.output().contains("proceed"), run.output());
  }

  @Test
  void adminLoginOnAPartitionSlotSaysWhereToGo() {
    CmHarness.Run run = h.commands("", LOGIN);
    assertEquals(List.of(CmHarness.error(Ckr.USER_TYPE_INVALID)), run.results(), run.output());
    assertTrue(
        run.output().contains("'slot set -slot " + CmHarness.ADMIN_SLOT + "'"), run.output());
  }

  @Test
  void partitionReinitAndDestructivePolicyAskAndForceSkips() throws Exception {
    String slot = "slot set -slot " + PARTITION_SLOT;
    String init = "partition init -label P1 -password PoPassw0rd -domain pdom1";
    CmHarness.Run run =
        h.commands(
            "",
            slot,
            init,
            "role login -name po -password PoPassw0rd",
            "partition changepolicy -policy 0 -value 0",
            init,
            "partition changepolicy -policy 0 -value 0 -force",
            init + " -force");
    assertEquals(
        List.of(
            CmHarness.ok(),
            CmHarness.ok(),
            CmHarness.ok(),
            CmHarness.error(Ckr.CANCEL),
            CmHarness.error(Ckr.CANCEL),
            CmHarness.ok(),
            CmHarness.ok()),
        run.results(),
        run.output());
  }
}
