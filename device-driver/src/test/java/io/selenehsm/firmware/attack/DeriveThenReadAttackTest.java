package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.EcdhParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Derive-then-read (Delaune-Kremer-Steel 2008; Tookan 2010): derive from a sensitive base a key
 * that is not sensitive (or is extractable) and read it; with a derivation that is a function of
 * the base alone, its value gives the base away (or an offline check of it). Refused: derived keys
 * inherit the base's protection and history. Key agreement is not such a function (the peer's
 * public value enters it), so ECDH may still produce a readable shared secret.
 */
class DeriveThenReadAttackTest {
  private static final Mechanism SHA256_DERIVE = Mechanism.of(Ckm.SHA256_KEY_DERIVATION);
  private AttackBench b;
  private long base;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
    base =
        b.crypto.generateKey(
            b.co,
            Mechanism.of(Ckm.GENERIC_SECRET_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.DERIVE, true)
                .build());
  }

  @Test
  void aKeyDerivedFromASensitiveBaseCannotBeReadable() throws Exception {
    int before = b.hsm.findObjects(b.co, Attributes.empty()).size();
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.crypto.deriveKey(
                b.co,
                SHA256_DERIVE,
                base,
                Attributes.builder()
                    .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                    .set(Cka.SENSITIVE, false)
                    .build()),
        "must be sensitive");
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.crypto.deriveKey(
                b.co,
                SHA256_DERIVE,
                base,
                Attributes.builder()
                    .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                    .set(Cka.EXTRACTABLE, true)
                    .build()),
        "cannot be extractable");
    assertEquals(before, b.hsm.findObjects(b.co, Attributes.empty()).size());
  }

  @Test
  void aDerivedKeyInheritsItsBasesHistory() throws Exception {
    long k =
        b.crypto.deriveKey(
            b.co,
            SHA256_DERIVE,
            base,
            Attributes.builder().set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET).build());
    assertTrue(b.bool(k, Cka.SENSITIVE));
    assertTrue(b.bool(k, Cka.ALWAYS_SENSITIVE), "the base never left the HSM in the clear");
    assertTrue(b.bool(k, Cka.NEVER_EXTRACTABLE));
    assertFalse(b.bool(k, Cka.LOCAL));
    assertFails(Ckr.ATTRIBUTE_SENSITIVE, () -> b.hsm.getAttribute(b.co, k, Cka.VALUE));
  }

  @Test
  void keyAgreementMayStillYieldAReadableSecret() throws Exception {
    byte[] curve = SECObjectIdentifiers.secp256r1.getEncoded();
    long[] alice = ecPair(curve);
    long[] bob = ecPair(curve);
    byte[] bobKey = b.hsm.getAttribute(b.co, bob[0], Cka.PUBLIC_KEY_INFO);
    long secret =
        b.crypto.deriveKey(
            b.co,
            Mechanism.of(
                Ckm.ECDH1_DERIVE, new EcdhParams(EcdhParams.Kdf.NULL, new byte[0], bobKey)),
            alice[1],
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                .set(Cka.SENSITIVE, false)
                .set(Cka.EXTRACTABLE, true)
                .build());
    assertEquals(32, b.hsm.getAttribute(b.co, secret, Cka.VALUE).length);
    assertFalse(b.bool(secret, Cka.ALWAYS_SENSITIVE));
  }

  private long[] ecPair(byte[] curve) throws HsmException {
    return b.crypto.generateKeyPair(
        b.co,
        Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
        Attributes.builder().set(Cka.EC_PARAMS, curve).build(),
        Attributes.builder().set(Cka.DERIVE, true).build());
  }
}
