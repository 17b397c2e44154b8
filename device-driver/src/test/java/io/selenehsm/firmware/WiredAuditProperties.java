package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.AuditRecord;
import io.selenehsm.firmware.audit.AuditSecret;
import io.selenehsm.firmware.audit.AuditVerifier;
import io.selenehsm.firmware.audit.LogSecret;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The audit log as the engine writes it, driven by random command sequences: the untouched chain
 * always verifies against the device's stored head, and each kind of tampering with the records is
 * detected. Positions chosen by the generators are reduced modulo the log's length.
 */
class WiredAuditProperties {
  /** One engine command the generator can pick. */
  enum Step {
    EXTERNAL,
    CREATE_DATA,
    BAD_LOGIN,
    LOGIN_LOGOUT,
    GENERATE_KEY,
    DESTROY_MISSING
  }

  /** How a copy of the log is altered. */
  enum Tampering {
    TRUNCATE,
    MODIFY,
    DELETE,
    INSERT,
    REORDER
  }

  /** The records the device wrote, its chain head, and the secret that verifies them. */
  record Written(List<String> lines, long headSequence, byte[] head, LogSecret secret) {}

  @Provide
  Arbitrary<List<Step>> commands() {
    return Arbitraries.of(Step.class).list().ofMinSize(1).ofMaxSize(12);
  }

  /**
   * One device for all tries (powering up and initializing one per try would dominate the run):
   * each try appends its commands, and the whole chain written so far must verify.
   */
  private static SecOpsFixture device;

  private static long auditor;
  private static LogSecret secret;

  private static synchronized SecOpsFixture device() throws HsmException {
    if (device == null) {
      device = SecOpsFixture.inMemory("8100").initialized().withPartition(1, 0);
      auditor = device.auditor();
      device.hsm.audit().setDomain(auditor, "propdomain");
      device.hsm.audit().configure(auditor, "evmask all");
      String exported = device.hsm.audit().exportSecret(auditor);
      secret =
          AuditSecret.importWrapped(exported, "propdomain".getBytes(StandardCharsets.UTF_8))
              .secret();
    }
    return device;
  }

  private static Written run(List<Step> steps) throws HsmException {
    SecOpsFixture f = device();
    Attributes data = Attributes.builder().set(Cka.CLASS, Cko.DATA).set(Cka.PRIVATE, false).build();
    int i = 0;
    for (Step s : steps) {
      try {
        switch (s) {
          case EXTERNAL -> f.hsm.audit().logExternal(f.partition, "message " + i);
          case CREATE_DATA -> f.hsm.createObject(f.partition, data);
          case BAD_LOGIN ->
              f.hsm.login(
                  f.hsm.openSession(1, 5000 + i, true),
                  Role.CRYPTO_USER,
                  "not-the-pw".toCharArray());
          case LOGIN_LOGOUT -> {
            long s2 = f.hsm.openSession(1, 9000 + i, true);
            f.hsm.login(s2, Role.CRYPTO_OFFICER, SecOpsFixture.CO_PW);
            f.hsm.logout(s2);
          }
          case GENERATE_KEY ->
              f.hsm
                  .crypto()
                  .generateKey(
                      f.partition,
                      Mechanism.of(Ckm.AES_KEY_GEN),
                      Attributes.builder().set(Cka.VALUE_LEN, 16L).build());
          case DESTROY_MISSING -> f.hsm.destroyObject(f.partition, 4242);
        }
      } catch (HsmException expectedFailure) {
        // Failed commands are part of what the log must hold.
      }
      i++;
    }
    List<String> lines = f.hsm.audit().bufferedRecords().stream().map(AuditRecord::toLine).toList();
    return new Written(lines, f.hsm.audit().lastSequence(), f.hsm.audit().lastHmac(), secret);
  }

  private static VerificationResult verify(Written w, List<String> lines) {
    return AuditVerifier.using(w.secret())
        .expectingFirstSequence(1)
        .expectingHead(w.headSequence(), w.head())
        .verify(lines);
  }

  @Property(tries = 25)
  void anUntouchedLogVerifies(@ForAll("commands") List<Step> steps) throws HsmException {
    Written w = run(steps);
    VerificationResult r = verify(w, w.lines());
    assertTrue(r.ok(), r.toString());
  }

  @Property(tries = 40)
  void tamperingIsDetected(
      @ForAll("commands") List<Step> steps,
      @ForAll Tampering how,
      @ForAll @IntRange(min = 0, max = 10_000) int where)
      throws HsmException {
    Written w = run(steps);
    List<String> lines = new ArrayList<>(w.lines());
    int n = lines.size();
    int at = where % n;
    switch (how) {
      case TRUNCATE -> lines.subList(Math.max(1, at), n).clear();
      case MODIFY -> {
        String line = lines.get(at);
        int pos = line.length() / 2;
        char c = line.charAt(pos);
        lines.set(at, line.substring(0, pos) + (c == 'x' ? 'y' : 'x') + line.substring(pos + 1));
      }
      case DELETE -> lines.remove(at);
      case INSERT -> lines.add(at, lines.get((at + 1) % n));
      case REORDER -> Collections.swap(lines, at, (at + 1) % n);
    }
    if (lines.equals(w.lines())) {
      return;
    }
    assertFalse(verify(w, lines).ok(), how + " at " + at + " was not detected");
  }
}
