package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported templates, edited and applied with -applytemplate. */
class PolicyTemplateTest {

  @Test
  void editedTemplatesApplyAtInit(@TempDir Path tmp) throws Exception {
    Path hsmTemplate = tmp.resolve("hsm.tpl");
    Path partitionTemplate = tmp.resolve("partition.tpl");
    try (CmHarness h = CmHarness.usb()) {
      CmHarness.Run export =
          h.commands(
              "",
              "hsm showpolicies -exporttemplate " + hsmTemplate,
              "hsm init -label T -password SoPassw0rd -domain dom1",
              "role login -name so -password SoPassw0rd",
              "partition create -slot 0",
              "slot set -slot 0",
              "partition init -label P -password PoPassw0rd -domain pdom1",
              "partition showpolicies -exporttemplate " + partitionTemplate);
      assertEquals(0, export.exitCode(), export.output());

      setValue(hsmTemplate, HsmPolicies.FORCE_USER_PIN_CHANGE, 0);
      setValue(partitionTemplate, PartitionPolicies.MAX_FAILED_USER_LOGINS, 5);
      CmHarness.Run apply =
          h.commands(
              "",
              "slot set -slot 1",
              "hsm zeroize -force",
              "hsm init -label T2 -password SoPassw0rd -domain dom1 -applytemplate " + hsmTemplate,
              "role login -name so -password SoPassw0rd",
              "partition create -slot 0",
              "slot set -slot 0",
              "partition init -label P2 -password PoPassw0rd -domain pdom1 -applytemplate "
                  + partitionTemplate,
              "partition init -label P3 -password PoPassw0rd -domain pdom1 -applytemplate "
                  + tmp.resolve("missing.tpl"));
      assertEquals(
          List.of(
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.error(Ckr.ARGUMENTS_BAD)),
          apply.results(),
          apply.output());
      assertEquals(0, h.engine(Hsm::hsmPolicies).get(HsmPolicies.FORCE_USER_PIN_CHANGE));
      assertEquals(
          5, h.engine(x -> x.partitionPolicies(1)).get(PartitionPolicies.MAX_FAILED_USER_LOGINS));
    }
  }

  private static void setValue(Path template, int id, int value) throws Exception {
    String text =
        Files.readString(template, StandardCharsets.UTF_8)
            .replaceAll("(?m)^" + id + ":(\"[^\"]*\"):\\d+$", id + ":$1:" + value);
    Files.writeString(template, text, StandardCharsets.UTF_8);
  }
}
