package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.audit.AuditRecord;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine decides from a lock-free copy of the event mask whether a command becomes a record at
 * all. The copy must follow every mask change at once: a key generation right after the mask starts
 * (or stops) wanting key management is recorded (or not), outcome by outcome.
 */
class AuditMaskSnapshotTest {
  private Hsm hsm;
  private long admin;
  private long s;

  @BeforeEach
  void setUp() throws HsmException {
    hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    admin = hsm.openSession(Hsm.ADMIN_PARTITION, EngineFixtures.APP, true);
    hsm.login(admin, Role.HSM_SO, EngineFixtures.pin(EngineFixtures.SO_PIN));
    s = EngineFixtures.coSession(hsm, 1, EngineFixtures.APP);
  }

  private List<AuditRecord> generations() {
    return hsm.audit().bufferedRecords().stream()
        .filter(r -> r.event() == AuditEvent.GENERATE_KEY_PAIR)
        .toList();
  }

  private void generate() throws Exception {
    Attributes pub =
        Attributes.builder()
            .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
            .build();
    hsm.crypto().generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pub, Attributes.empty());
  }

  private void generateBadly() {
    Attributes noCurve = Attributes.empty();
    assertThrows(
        HsmException.class,
        () ->
            hsm.crypto()
                .generateKeyPair(
                    s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), noCurve, Attributes.empty()));
  }

  @Test
  void eachMaskChangeDecidesTheVeryNextGeneration() throws Exception {
    generate();
    assertTrue(generations().isEmpty(), "the factory mask leaves key management out");

    hsm.audit().configure(admin, "evmask keymgmt");
    generate();
    List<AuditRecord> recorded = generations();
    assertEquals(1, recorded.size());
    assertEquals(Ckr.OK, recorded.get(0).returnCode());
    assertTrue(
        recorded.get(0).text().contains("Mechanism[0x" + Long.toHexString(Ckm.EC_KEY_PAIR_GEN)),
        recorded.get(0).text());

    hsm.audit().configure(admin, "evmask access");
    generate();
    generateBadly();
    assertEquals(1, generations().size(), "key management is out of the mask again");

    hsm.audit().configure(admin, "evmask keymgmt:failure");
    generate();
    assertEquals(1, generations().size(), "a success is not a failure");
    generateBadly();
    assertEquals(2, generations().size());
    assertEquals(Ckr.TEMPLATE_INCOMPLETE, generations().get(1).returnCode());
  }
}
