package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sensitive-unwrap (Clulow 2003; Tookan 2010): wrap a sensitive, extractable key and unwrap it
 * again with CKA_SENSITIVE false, then read CKA_VALUE. Refused: an AES-KW blob does not say whether
 * the key inside was sensitive, so the engine assumes it was (Selene policy 1001 opts out);
 * CKA_UNWRAP_TEMPLATE lets the wrapping key's owner pin attributes of what it unwraps.
 */
class SensitiveUnwrapAttackTest {
  private AttackBench b;
  private long w;
  private byte[] wrapped;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
    w = b.defaultAes();
    wrapped = b.crypto.wrapKey(b.co, AttackBench.kw(), w, b.sensitiveExtractable(32));
  }

  @Test
  void unwrappingAsNonSensitiveIsRefused() throws Exception {
    int before = b.hsm.findObjects(b.co, Attributes.empty()).size();
    for (long type : new long[] {Ckk.AES, Ckk.GENERIC_SECRET}) {
      assertFails(
          Ckr.TEMPLATE_INCONSISTENT,
          () ->
              b.crypto.unwrapKey(
                  b.co,
                  AttackBench.kw(),
                  w,
                  wrapped,
                  AttackBench.secretTemplate(type)
                      .set(Cka.SENSITIVE, false)
                      .set(Cka.EXTRACTABLE, true)
                      .build()),
          "sensitive",
          "policy 1001");
    }
    assertEquals(before, b.hsm.findObjects(b.co, Attributes.empty()).size());
  }

  @Test
  void anUnwrappedKeyIsSensitiveWithoutHistoryAndStaysSo() throws Exception {
    long k =
        b.crypto.unwrapKey(
            b.co,
            AttackBench.kw(),
            w,
            wrapped,
            AttackBench.secretTemplate(Ckk.AES).set(Cka.EXTRACTABLE, true).build());
    assertTrue(b.bool(k, Cka.SENSITIVE));
    assertFalse(b.bool(k, Cka.ALWAYS_SENSITIVE), "its history outside the HSM is unknown");
    assertFalse(b.bool(k, Cka.NEVER_EXTRACTABLE));
    assertFalse(b.bool(k, Cka.LOCAL));
    assertFails(Ckr.ATTRIBUTE_SENSITIVE, () -> b.hsm.getAttribute(b.co, k, Cka.VALUE));
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> b.hsm.setAttributes(b.co, k, Attributes.builder().set(Cka.SENSITIVE, false).build()),
        "true to false");
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> b.hsm.copyObject(b.co, k, Attributes.builder().set(Cka.SENSITIVE, false).build()),
        "true to false");
  }

  @Test
  void theUnwrapTemplateOfTheUnwrappingKeyCannotBeContradicted() throws Exception {
    b.partitionPolicy(PartitionPolicies.NON_SENSITIVE_UNWRAP, 1);
    Attributes pinned =
        Attributes.builder().set(Cka.SENSITIVE, true).set(Cka.EXTRACTABLE, false).build();
    long guarded = b.aes(32, Attributes.builder().set(Cka.UNWRAP_TEMPLATE, pinned));
    byte[] blob = b.crypto.wrapKey(b.co, AttackBench.kw(), guarded, b.sensitiveExtractable(16));
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.crypto.unwrapKey(
                b.co,
                AttackBench.kw(),
                guarded,
                blob,
                AttackBench.secretTemplate(Ckk.AES).set(Cka.SENSITIVE, false).build()),
        "CKA_SENSITIVE",
        "CKA_UNWRAP_TEMPLATE");
    long k =
        b.crypto.unwrapKey(
            b.co, AttackBench.kw(), guarded, blob, AttackBench.secretTemplate(Ckk.AES).build());
    assertTrue(b.bool(k, Cka.SENSITIVE));
    assertFalse(b.bool(k, Cka.EXTRACTABLE), "the unwrap template supplied CKA_EXTRACTABLE");
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () ->
            b.hsm.setAttributes(
                b.co,
                guarded,
                Attributes.builder().set(Cka.UNWRAP_TEMPLATE, Attributes.empty()).build()));
  }

  @Test
  void thePartitionMayOptIntoReadableUnwraps() throws Exception {
    b.partitionPolicy(PartitionPolicies.NON_SENSITIVE_UNWRAP, 1);
    long clear =
        b.hsm.createObject(
            b.co,
            AttackBench.secretTemplate(Ckk.AES)
                .set(Cka.VALUE, new byte[16])
                .set(Cka.SENSITIVE, false)
                .set(Cka.EXTRACTABLE, true)
                .build());
    byte[] blob = b.crypto.wrapKey(b.co, AttackBench.kw(), w, clear);
    long k =
        b.crypto.unwrapKey(
            b.co,
            AttackBench.kw(),
            w,
            blob,
            AttackBench.secretTemplate(Ckk.AES)
                .set(Cka.SENSITIVE, false)
                .set(Cka.EXTRACTABLE, true)
                .build());
    assertArrayEquals(new byte[16], b.hsm.getAttribute(b.co, k, Cka.VALUE));
  }
}
