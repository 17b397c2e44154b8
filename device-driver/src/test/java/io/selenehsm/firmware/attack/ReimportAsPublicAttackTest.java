package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Re-import as public (Tookan 2010): unwrap a wrapped private or secret key as an object class
 * whose value anyone may read (public key, certificate, data), or as another key class or type that
 * would give it weaker protection. Refused with the template error, and no object is made.
 */
class ReimportAsPublicAttackTest {
  private AttackBench b;
  private long w;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
    b.partitionPolicy(PartitionPolicies.PRIVATE_KEY_WRAPPING, 1);
    w = b.defaultAes();
  }

  @Test
  void aWrappedPrivateKeyCannotComeBackAsAReadableObject() throws Exception {
    long[] pair =
        b.crypto.generateKeyPair(
            b.co,
            Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
            Attributes.builder()
                .set(Cka.EC_PARAMS, SECObjectIdentifiers.secp256r1.getEncoded())
                .build(),
            Attributes.builder().set(Cka.EXTRACTABLE, true).set(Cka.SIGN, true).build());
    Mechanism kwp = Mechanism.of(Ckm.AES_KEY_WRAP_KWP);
    byte[] wrapped = b.crypto.wrapKey(b.co, kwp, w, pair[1]);
    int before = b.hsm.findObjects(b.co, Attributes.empty()).size();
    for (long cls : new long[] {Cko.PUBLIC_KEY, Cko.DATA, Cko.CERTIFICATE}) {
      assertFails(
          Ckr.TEMPLATE_INCONSISTENT,
          () ->
              b.crypto.unwrapKey(
                  b.co,
                  kwp,
                  w,
                  wrapped,
                  Attributes.builder().set(Cka.CLASS, cls).set(Cka.KEY_TYPE, Ckk.EC).build()),
          "CKA_CLASS");
    }
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.crypto.unwrapKey(
                b.co,
                kwp,
                w,
                wrapped,
                Attributes.builder()
                    .set(Cka.CLASS, Cko.PRIVATE_KEY)
                    .set(Cka.SENSITIVE, false)
                    .build()),
        "sensitive");
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.crypto.unwrapKey(
                b.co,
                kwp,
                w,
                wrapped,
                AttackBench.secretTemplate(Ckk.GENERIC_SECRET).set(Cka.SENSITIVE, false).build()),
        "sensitive");
    assertFails(
        Ckr.TEMPLATE_INCOMPLETE,
        () ->
            b.crypto.unwrapKey(
                b.co, kwp, w, wrapped, Attributes.builder().set(Cka.KEY_TYPE, Ckk.EC).build()),
        "CKA_CLASS");
    assertEquals(before, b.hsm.findObjects(b.co, Attributes.empty()).size());
  }

  @Test
  void aWrappedSecretKeyCannotComeBackAsAPrivateKeyOrAPublicOne() throws Exception {
    byte[] wrapped = b.crypto.wrapKey(b.co, AttackBench.kw(), w, b.sensitiveExtractable(32));
    assertFails(
        Ckr.WRAPPED_KEY_INVALID,
        () ->
            b.crypto.unwrapKey(
                b.co,
                AttackBench.kw(),
                w,
                wrapped,
                Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).build()));
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.crypto.unwrapKey(
                b.co,
                AttackBench.kw(),
                w,
                wrapped,
                Attributes.builder()
                    .set(Cka.CLASS, Cko.PUBLIC_KEY)
                    .set(Cka.KEY_TYPE, Ckk.RSA)
                    .build()),
        "CKA_CLASS");
  }
}
