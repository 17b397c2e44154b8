package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.audit.AuditRecord;
import io.selenehsm.firmware.audit.AuditSecret;
import io.selenehsm.firmware.audit.AuditVerifier;
import io.selenehsm.firmware.audit.LogSecret;
import io.selenehsm.firmware.audit.VerificationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs docs/admin-walkthrough.selenecm, exactly as the documentation shows it, on a shipped
 * in-memory USB HSM 7: every command must succeed, and the audit log it leaves must verify from its
 * first record to the chain head the HSM keeps.
 */
class AdminWalkthroughTest {
  private static final Path SCRIPT = Path.of("..", "docs", "admin-walkthrough.selenecm");
  private static final Path WORK = Path.of("/tmp/selene-walkthrough");

  @Test
  void theDocumentedWalkthroughRunsAndLeavesAVerifiableAuditLog() throws Exception {
    deleteTree(WORK);
    List<String> commands =
        Files.readAllLines(SCRIPT, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    try (CmHarness h = CmHarness.shippedUsb()) {
      CmHarness.Run run = h.run("", "-f", SCRIPT.toString());
      assertEquals(commands.size(), run.results().size(), run.output());
      for (int i = 0; i < commands.size(); i++) {
        assertEquals(
            CmHarness.ok(),
            run.results().get(i),
            "command " + (i + 1) + ": " + commands.get(i) + "\n" + run.output());
      }
      assertEquals(0, run.exitCode());
      String out = run.output();
      assertTrue(out.contains("Verification string: "), out);
      assertTrue(out.contains("Last tamper event : none recorded"), out);
      assertTrue(
          out.lines()
              .anyMatch(
                  l -> l.startsWith("Verification of ") && l.endsWith("record(s) succeeded.")),
          out);
      assertTrue(out.contains("Event mask        : all"), out);

      LogSecret secret =
          AuditSecret.importWrapped(
                  Files.readString(WORK.resolve("audit-secret.txt"), StandardCharsets.UTF_8),
                  "auditDomain1".getBytes(StandardCharsets.UTF_8))
              .secret();
      List<String> lines = new ArrayList<>();
      for (Path f : AuditVerifier.rotatedFiles(WORK.resolve("audit"), "1234567")) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
      List<AuditRecord> held = h.engine(hsm -> hsm.audit().bufferedRecords());
      held.forEach(r -> lines.add(r.toLine()));
      byte[] head = h.engine(hsm -> hsm.audit().lastHmac());
      long headSequence = h.engine(hsm -> hsm.audit().lastSequence());
      VerificationResult r =
          AuditVerifier.using(secret)
              .expectingFirstSequence(1)
              .expectingHead(headSequence, head)
              .verify(lines);
      assertTrue(r.ok(), r.toString());

      List<AuditEvent> events = lines.stream().map(AdminWalkthroughTest::event).toList();
      for (AuditEvent e :
          List.of(
              AuditEvent.CREATE_AUDIT_ROLE,
              AuditEvent.INIT_TOKEN,
              AuditEvent.SET_HSM_POLICY,
              AuditEvent.CREATE_PARTITION,
              AuditEvent.SET_PARTITION_POLICY,
              AuditEvent.LOG_EXTERNAL_MESSAGE,
              AuditEvent.LOGIN,
              AuditEvent.LOG_VERIFY)) {
        assertTrue(events.contains(e), e + " missing from the audit log");
      }
    } finally {
      deleteTree(WORK);
    }
  }

  private static AuditEvent event(String line) {
    try {
      return AuditRecord.parse(line).event();
    } catch (io.selenehsm.firmware.rc.HsmException e) {
      throw new AssertionError(line, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
