package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SelfTestsTest {
  @Test
  void allKnownAnswerTestsPass() {
    SelfTestReport report = SelfTests.run();
    assertTrue(report.passed(), () -> "failed: " + report.failures());
    assertEquals(SelfTests.testNames().size(), report.testsRun());
  }

  @Test
  void aForcedFailureDisablesExactlyThatTestsMechanisms() throws Exception {
    SelfTestReport report = SelfTests.run("AES-GCM"::equals);
    assertEquals(
        List.of("AES-GCM"), report.failures().stream().map(SelfTestReport.Failure::test).toList());
    assertEquals(Set.of(Ckm.AES_GCM, Ckm.AES_GMAC), report.failedMechanisms());

    MechanismRegistry registry = MechanismRegistry.afterSelfTests(report);
    MechanismService svc =
        new MechanismService(registry, FipsPolicy.permissive(), Drbg.hmacSha512());
    var key = new SecretKeySpec(new byte[16], "AES");
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                svc.encryptor(
                    Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], null, 128)), key));
    assertEquals(Ckr.MECHANISM_INVALID, e.returnCode());
    assertTrue(e.getMessage().contains("self-test failed"), e.getMessage());
    assertThrows(HsmException.class, () -> registry.info(Ckm.AES_GCM));

    // Every other mechanism is still listed and usable.
    Set<Long> listed = registry.list().stream().map(MechanismInfo::id).collect(Collectors.toSet());
    assertFalse(listed.contains(Ckm.AES_GCM));
    assertEquals(MechanismRegistry.unchecked().list().size() - 2, listed.size());
    byte[] ct =
        svc.encryptor(Mechanism.of(Ckm.AES_CBC, new IvParams(new byte[16])), key)
            .process(new byte[16]);
    assertArrayEquals(
        new byte[16],
        svc.decryptor(Mechanism.of(Ckm.AES_CBC, new IvParams(new byte[16])), key).process(ct));
  }

  @Test
  void everyMechanismIsCoveredByASelfTest() {
    SelfTestReport all = SelfTests.run(name -> true);
    Set<Long> covered = all.failedMechanisms();
    List<String> uncovered =
        MechanismRegistry.unchecked().list().stream()
            .filter(i -> !covered.contains(i.id()))
            .map(MechanismInfo::name)
            .toList();
    assertEquals(List.of(), uncovered);
  }
}
