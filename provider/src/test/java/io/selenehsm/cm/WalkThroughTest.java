package io.selenehsm.cm;

import static io.selenehsm.cm.CmHarness.ADMIN_SLOT;
import static io.selenehsm.cm.CmHarness.PARTITION_SLOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer's first day, as one script: from a shipped device to a working partition. */
class WalkThroughTest {
  private static final String OK = CmHarness.ok();

  /** One command and the result line it must end with. */
  private record Step(String command, String result) {}

  @Test
  void firstDayFromStmToZeroize(@TempDir Path tmp) throws Exception {
    Path hsmTemplate = tmp.resolve("hsm-policies.txt");
    Path partitionTemplate = tmp.resolve("partition-policies.txt");
    List<Step> steps =
        List.of(
            new Step("slot list", OK),
            new Step("stm recover -randomuserstring ABCD-EFGH-JKLM-NPQR -force", OK),
            new Step("hsm init -label FirstHSM -password SoPassw0rd -domain hsmDomain1", OK),
            new Step(
                "role login -name so -password WrongPassw0rd", CmHarness.error(Ckr.PIN_INCORRECT)),
            new Step("role login -name so -password SoPassw0rd", OK),
            new Step("partition create -slot " + PARTITION_SLOT, OK),
            new Step("hsm showinfo", OK),
            new Step("slot set -slot " + PARTITION_SLOT, OK),
            new Step("partition init -label Apps -password PoPassw0rd -domain partDomain1", OK),
            new Step("role login -name po -password PoPassw0rd", OK),
            new Step("role init -name co -password CoPassw0rd", OK),
            new Step("role logout", OK),
            new Step("role login -name co -password CoPassw0rd", OK),
            // a new Crypto Officer must change its password before anything else (policy 21)
            new Step("role init -name cu -password CuPassw0rd", CmHarness.error(Ckr.PIN_EXPIRED)),
            new Step("role changepw -name co -oldpw CoPassw0rd -newpw CoPassw0rd2", OK),
            new Step("role init -name cu -password CuPassw0rd", OK),
            new Step("partition contents", OK),
            new Step("partition showinfo", OK),
            new Step("partition showpolicies", OK),
            new Step("partition showpolicies -exporttemplate " + partitionTemplate, OK),
            new Step("slot set -slot " + ADMIN_SLOT, OK),
            new Step("hsm showpolicies -exporttemplate " + hsmTemplate, OK),
            new Step("role login -name so -password SoPassw0rd", OK),
            new Step("hsm changehsmpolicy -policy 21 -value 0", OK),
            new Step("hsm changehsmpolicy -policy 15 -value 1 -force", OK),
            new Step("hsm showpolicies", OK),
            new Step("slot list", OK),
            new Step("hsm zeroize -force", OK),
            new Step("hsm showinfo", OK));

    try (CmHarness h = CmHarness.shippedUsb()) {
      CmHarness.Run run = h.commands("", steps.stream().map(Step::command).toArray(String[]::new));
      assertEquals(steps.stream().map(Step::result).toList(), run.results(), run.output());
      assertEquals(1, run.exitCode(), "one login and one role init fail on purpose");

      String out = run.output();
      assertTrue(out.contains("Verification string: "), out);
      assertTrue(out.contains("Objects visible to the Crypto Officer:"), out);
      assertTrue(out.contains("Number of objects: 0"), out);
      assertTrue(out.lines().anyMatch(l -> l.matches("Version\\s+: V0")), out);
      assertTrue(out.lines().anyMatch(l -> l.matches("Crypto User\\s+: initialized")), out);
      // the destructive policy 15 emptied the HSM; zeroize then left it uninitialized
      assertTrue(out.lines().anyMatch(l -> l.matches("Partitions\\s+: 0 of at most 1")), out);
      assertTrue(out.lines().anyMatch(l -> l.matches("Initialized\\s+: no")), out);
      // passwords and domains are masked in the echoed commands
      assertFalse(out.contains("SoPassw0rd") || out.contains("partDomain1"), out);
      assertTrue(Files.readString(hsmTemplate, StandardCharsets.UTF_8).contains("15:"));
      assertTrue(Files.readString(partitionTemplate, StandardCharsets.UTF_8).contains("41:"));
      assertTrue(h.zeroized());
    }
  }
}
