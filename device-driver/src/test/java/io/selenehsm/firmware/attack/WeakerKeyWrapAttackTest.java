package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Weaker-key wrap (Tookan 2010): wrap a strong key under a weak one and brute-force the weak key
 * offline. Refused by strength in FIPS mode (a wrapping key must be at least as strong as the key
 * it wraps; outside FIPS mode the vendor's HSM allows it, and so does Selene) and, in every mode,
 * by CKA_WRAP_TEMPLATE (a wrapping key wraps only keys matching its template).
 */
class WeakerKeyWrapAttackTest {
  private AttackBench b;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
  }

  @Test
  void inFipsModeAShorterAesKeyCannotWrapALongerOne() throws Exception {
    AttackBench fips = AttackBench.openFips();
    long weak = fips.aes(16, Attributes.builder());
    long strong = fips.sensitiveExtractable(32);
    assertFails(
        Ckr.WRAPPING_KEY_SIZE_RANGE,
        () -> fips.crypto.wrapKey(fips.co, AttackBench.kw(), weak, strong),
        "weaker");
  }

  @Test
  void outsideFipsModeTheStrengthRuleIsTheVendorsAndTheWrapTemplateGuards() throws Exception {
    // As on the vendor's HSM, the strength rule is a FIPS-mode rule: DES3 may wrap AES-128.
    long des3 =
        b.crypto.generateKey(
            b.co,
            Mechanism.of(Ckm.DES3_KEY_GEN),
            Attributes.builder().set(Cka.KEY_TYPE, Ckk.DES3).build());
    long aes = b.sensitiveExtractable(16);
    Mechanism cbcPad = Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(new byte[8]));
    assertEquals(24, b.crypto.wrapKey(b.co, cbcPad, des3, aes).length);
    // An operator who wants no weaker wrapping outside FIPS mode says so in the wrapping key's
    // CKA_WRAP_TEMPLATE, which the engine enforces.
    Attributes only128 = Attributes.builder().set(Cka.VALUE_LEN, 16L).build();
    long guarded = b.aes(16, Attributes.builder().set(Cka.WRAP_TEMPLATE, only128));
    long strong = b.sensitiveExtractable(32);
    assertFails(
        Ckr.KEY_NOT_WRAPPABLE,
        () -> b.crypto.wrapKey(b.co, AttackBench.kw(), guarded, strong),
        "CKA_WRAP_TEMPLATE");
  }

  @Test
  void aWrappingKeyWrapsOnlyKeysMatchingItsWrapTemplate() throws Exception {
    Attributes onlyAes256 =
        Attributes.builder().set(Cka.KEY_TYPE, Ckk.AES).set(Cka.VALUE_LEN, 32L).build();
    long w = b.aes(32, Attributes.builder().set(Cka.WRAP_TEMPLATE, onlyAes256));
    long generic =
        b.crypto.generateKey(
            b.co,
            Mechanism.of(Ckm.GENERIC_SECRET_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.EXTRACTABLE, true)
                .build());
    assertFails(
        Ckr.KEY_NOT_WRAPPABLE,
        () -> b.crypto.wrapKey(b.co, AttackBench.kw(), w, generic),
        "CKA_WRAP_TEMPLATE");
    assertEquals(
        40,
        b.crypto.wrapKey(b.co, AttackBench.kw(), w, b.sensitiveExtractable(32)).length,
        "a matching key wraps");
  }

  @Test
  void aWrapTemplateThatIsNotATemplateIsRefused() {
    assertFails(
        Ckr.ATTRIBUTE_VALUE_INVALID,
        () -> b.aes(32, Attributes.builder().set(Cka.WRAP_TEMPLATE, new byte[] {1, 2, 3})),
        "CKA_WRAP_TEMPLATE");
    Attributes nested = Attributes.builder().set(Cka.WRAP_TEMPLATE, Attributes.empty()).build();
    assertFails(
        Ckr.ATTRIBUTE_VALUE_INVALID,
        () -> b.aes(32, Attributes.builder().set(Cka.UNWRAP_TEMPLATE, nested)),
        "nested");
  }
}
