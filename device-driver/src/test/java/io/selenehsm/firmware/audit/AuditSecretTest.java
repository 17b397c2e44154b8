package io.selenehsm.firmware.audit;

import static io.selenehsm.firmware.audit.AuditTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditSecretTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DOMAIN = AuditSecret.domainOf("audit-domain-of-acme");

  private final AuditSecretRing first = new AuditSecretRing("150112", LogSecret.generate(RANDOM));
  private final AuditSecretRing second = new AuditSecretRing("150113", LogSecret.generate(RANDOM));

  @Test
  void anotherHsmOfTheDomainVerifiesTheFirstOnesLogWithoutLosingItsOwnSecret() throws HsmException {
    AuditLog log = new AuditLog("150112", first.own(), TimeSource.system(), 100);
    log.record(ok(AuditEvent.ZEROIZE));
    log.record(ok(AuditEvent.INIT_TOKEN));
    String file =
        log.bufferedRecords().stream().map(r -> r.toLine() + "\n").collect(Collectors.joining());

    String exported = first.exportOwn(DOMAIN, RANDOM);
    assertEquals(4, exported.split("\n").length);
    assertEquals("150112", second.importWrapped(exported, DOMAIN));

    assertEquals(Set.of("150112"), second.importedSerials());
    assertTrue(second.verifierFor("150112").verifyText(file).ok());
    assertFalse(second.verifierFor("150113").verifyText(file).ok());
    assertEquals(second.own(), second.secretFor("150113").orElseThrow());

    AuditSecretRing reloaded = AuditSecretRing.decode(second.encode());
    assertEquals(first.own(), reloaded.secretFor("150112").orElseThrow());
    assertEquals(second.own(), reloaded.own());
  }

  @Test
  void aWrongDomainIsAClearError() {
    String exported = first.exportOwn(DOMAIN, RANDOM);
    HsmException e =
        assertThrows(
            HsmException.class,
            () -> second.importWrapped(exported, AuditSecret.domainOf("another-domain")));
    assertEquals(Ckr.WRAPPED_KEY_INVALID, e.returnCode());
    assertTrue(e.detail().contains("another audit domain"), e.detail());
    assertTrue(second.importedSerials().isEmpty());
  }

  @Test
  void aDamagedOrRelabelledFileIsRejected() {
    String exported = AuditSecret.export(first.own(), "150112", DOMAIN, RANDOM, 1000);
    int at = exported.indexOf("wrapped ") + 20;
    char c = exported.charAt(at);
    String damaged =
        exported.substring(0, at) + (c == '0' ? '1' : '0') + exported.substring(at + 1);
    assertEquals(
        Ckr.WRAPPED_KEY_INVALID,
        assertThrows(HsmException.class, () -> AuditSecret.importWrapped(damaged, DOMAIN))
            .returnCode());
    String relabelled = exported.replace("serial 150112", "serial 150199");
    assertEquals(
        Ckr.WRAPPED_KEY_INVALID,
        assertThrows(HsmException.class, () -> AuditSecret.importWrapped(relabelled, DOMAIN))
            .returnCode());
    assertEquals(
        Ckr.DATA_INVALID,
        assertThrows(HsmException.class, () -> AuditSecret.importWrapped("hello\n", DOMAIN))
            .returnCode());
  }

  @Test
  void importingOnesOwnSerialCannotReplaceTheOwnSecret() throws HsmException {
    assertEquals("150112", first.importWrapped(first.exportOwn(DOMAIN, RANDOM), DOMAIN));
    String impostor =
        AuditSecret.export(LogSecret.generate(RANDOM), "150112", DOMAIN, RANDOM, 1000);
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        assertThrows(HsmException.class, () -> first.importWrapped(impostor, DOMAIN)).returnCode());
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        assertThrows(HsmException.class, () -> first.verifierFor("777")).returnCode());
  }
}
