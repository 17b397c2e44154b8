package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.KeyPurpose;
import io.selenehsm.firmware.object.ObjectRules;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.role.Role;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attribute sets of generated key pairs, against the PKCS#11 rules: every half is compared
 * whole with the set the general creation path ({@link ObjectRules#completeForCreate}) makes from
 * the same template and key values (so building the sets once, in place, changed nothing), and the
 * generation history (CKA_LOCAL, CKA_KEY_GEN_MECHANISM, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE) is
 * checked value by value. Templates that would weaken a key are refused and leave nothing behind.
 */
class GeneratedKeyPairAttributesTest extends PartitionOneFixture {
  private static byte[] p256() throws Exception {
    return X9ObjectIdentifiers.prime256v1.getEncoded();
  }

  /**
   * The public values of an SPKI as the engine encoded them before, with Bouncy Castle's parser.
   */
  private static Attributes publicValuesOracle(long keyType, byte[] spki) throws Exception {
    Attributes.Builder b = Attributes.builder().set(Cka.PUBLIC_KEY_INFO, spki);
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
    if (keyType == Ckk.RSA) {
      RSAPublicKey r =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
      b.set(Cka.MODULUS, unsigned(r.getModulus()))
          .set(Cka.PUBLIC_EXPONENT, unsigned(r.getPublicExponent()))
          .set(Cka.MODULUS_BITS, (long) r.getModulus().bitLength());
    } else if (keyType == Ckk.EC) {
      b.set(Cka.EC_PARAMS, info.getAlgorithm().getParameters().toASN1Primitive().getEncoded());
      b.set(Cka.EC_POINT, new DEROctetString(info.getPublicKeyData().getBytes()).getEncoded());
    } else if (keyType == Ckk.EC_EDWARDS || keyType == Ckk.EC_MONTGOMERY) {
      b.set(Cka.EC_PARAMS, info.getAlgorithm().getAlgorithm().getEncoded());
      b.set(Cka.EC_POINT, new DEROctetString(info.getPublicKeyData().getBytes()).getEncoded());
    } else if (keyType == Ckk.ML_DSA || keyType == Ckk.ML_KEM) {
      b.set(Cka.VALUE, info.getPublicKeyData().getBytes());
    }
    return b.build();
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static final long[] SHARED = {
    Cka.MODULUS,
    Cka.PUBLIC_EXPONENT,
    Cka.EC_PARAMS,
    Cka.PUBLIC_KEY_INFO,
    Cka.PRIME,
    Cka.SUBPRIME,
    Cka.BASE
  };

  /** Generates a pair and checks both halves against the general creation path, whole. */
  private long[] generateAndCompare(long mech, long keyType, Attributes pubT, Attributes privT)
      throws Exception {
    long[] pair = hsm.crypto().generateKeyPair(s, Mechanism.of(mech), pubT, privT);
    Attributes pub = stored(pair[0]);
    Attributes priv = stored(pair[1]);
    Attributes values = publicValuesOracle(keyType, pub.get(Cka.PUBLIC_KEY_INFO));

    Attributes.Builder pubB =
        pubT.toBuilder()
            .set(Cka.CLASS, Cko.PUBLIC_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .set(Cka.LOCAL, true)
            .set(Cka.KEY_GEN_MECHANISM, mech)
            .putAll(values);
    assertEquals(ObjectRules.completeForCreate(pubB.build(), true), pub, "public half");

    Attributes.Builder privB =
        privT.toBuilder()
            .set(Cka.CLASS, Cko.PRIVATE_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .putFrom(values, SHARED)
            .set(Cka.PRIVATE_KEY_INFO, priv.get(Cka.PRIVATE_KEY_INFO))
            .set(Cka.LOCAL, true)
            .set(Cka.KEY_GEN_MECHANISM, mech)
            .set(Cka.ALWAYS_SENSITIVE, privT.bool(Cka.SENSITIVE, true))
            .set(Cka.NEVER_EXTRACTABLE, !privT.bool(Cka.EXTRACTABLE, false));
    Attributes expected =
        KeyPurpose.forNewKey(
            privT,
            ObjectRules.completeForCreate(privB.build(), true),
            hsm.dualPurposeAllowed(hsm.partition(1)));
    assertEquals(expected, priv, "private half");
    return pair;
  }

  @Test
  void ecPairWithDefaultTemplatesMatchesTheRules() throws Exception {
    Attributes pubT = Attributes.builder().set(Cka.EC_PARAMS, p256()).build();
    long[] pair = generateAndCompare(Ckm.EC_KEY_PAIR_GEN, Ckk.EC, pubT, Attributes.empty());
    Attributes pub = stored(pair[0]);
    Attributes priv = stored(pair[1]);
    for (Attributes a : new Attributes[] {pub, priv}) {
      assertTrue(a.bool(Cka.LOCAL, false));
      assertEquals(Ckm.EC_KEY_PAIR_GEN, a.ulong(Cka.KEY_GEN_MECHANISM, -1));
      assertFalse(a.bool(Cka.TOKEN, true));
      assertArrayEquals(p256(), a.get(Cka.EC_PARAMS));
    }
    assertTrue(priv.bool(Cka.SENSITIVE, false));
    assertFalse(priv.bool(Cka.EXTRACTABLE, true));
    assertTrue(priv.bool(Cka.ALWAYS_SENSITIVE, false));
    assertTrue(priv.bool(Cka.NEVER_EXTRACTABLE, false));
    assertTrue(priv.bool(Cka.PRIVATE, false));
    assertFalse(pub.bool(Cka.PRIVATE, true));
    assertArrayEquals(pub.get(Cka.PUBLIC_KEY_INFO), priv.get(Cka.PUBLIC_KEY_INFO));
    // The point is the SPKI's key bits as a DER OCTET STRING: 04 41 04 x y for P-256.
    byte[] point = pub.get(Cka.EC_POINT);
    assertEquals(67, point.length);
    assertEquals(0x04, point[0]);
    assertEquals(65, point[1]);
    assertEquals(0x04, point[2]);
  }

  @Test
  void rsaEdwardsMontgomeryAndMlDsaPairsMatchTheRules() throws Exception {
    generateAndCompare(
        Ckm.RSA_PKCS_KEY_PAIR_GEN,
        Ckk.RSA,
        Attributes.builder().set(Cka.MODULUS_BITS, 2048L).set(Cka.LABEL, "r").build(),
        Attributes.builder().set(Cka.LABEL, "r").set(Cka.ID, new byte[] {1, 2}).build());
    generateAndCompare(
        Ckm.EC_EDWARDS_KEY_PAIR_GEN,
        Ckk.EC_EDWARDS,
        Attributes.builder()
            .set(Cka.EC_PARAMS, new ASN1ObjectIdentifier("1.3.101.112").getEncoded())
            .build(),
        Attributes.builder().set(Cka.SIGN, true).build());
    generateAndCompare(
        Ckm.EC_MONTGOMERY_KEY_PAIR_GEN,
        Ckk.EC_MONTGOMERY,
        Attributes.builder()
            .set(Cka.EC_PARAMS, new ASN1ObjectIdentifier("1.3.101.110").getEncoded())
            .build(),
        Attributes.builder().set(Cka.DERIVE, true).build());
    generateAndCompare(
        Ckm.ML_DSA_KEY_PAIR_GEN,
        Ckk.ML_DSA,
        Attributes.builder().set(Cka.PARAMETER_SET, 2L).build(),
        Attributes.empty());
  }

  @Test
  void aCallerWhoAsksForALeakyKeyGetsOneThatRemembersIt() throws Exception {
    Attributes pubT = Attributes.builder().set(Cka.EC_PARAMS, p256()).build();
    Attributes privT =
        Attributes.builder().set(Cka.SENSITIVE, false).set(Cka.EXTRACTABLE, true).build();
    long[] pair = generateAndCompare(Ckm.EC_KEY_PAIR_GEN, Ckk.EC, pubT, privT);
    Attributes priv = stored(pair[1]);
    assertFalse(priv.bool(Cka.ALWAYS_SENSITIVE, true));
    assertFalse(priv.bool(Cka.NEVER_EXTRACTABLE, true));
    assertTrue(priv.bool(Cka.LOCAL, false));
  }

  @Test
  void tokenPairMatchesTheRulesAndCarriesTheDateMadePersistent() throws Exception {
    Attributes pubT = Attributes.builder().set(Cka.EC_PARAMS, p256()).set(Cka.TOKEN, true).build();
    Attributes privT = Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "t").build();
    long[] pair = hsm.crypto().generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pubT, privT);
    for (long h : pair) {
      Attributes a = stored(h);
      assertTrue(a.bool(Cka.TOKEN, false));
      assertEquals(8, a.get(Cka.DATE_MADE_PERSISTENT).length);
      assertEquals(0, hsm.partition(1).objects.get(h).ownerSession());
    }
  }

  /** Each template names something only the HSM may set; none is taken, nothing is stored. */
  @Test
  void templatesThatWeakenOrForgeTheKeyAreRefusedAndLeaveNothing() throws Exception {
    Attributes goodPub = Attributes.builder().set(Cka.EC_PARAMS, p256()).build();
    Attributes[] badPrivate = {
      Attributes.builder().set(Cka.LOCAL, false).build(),
      Attributes.builder().set(Cka.ALWAYS_SENSITIVE, true).set(Cka.SENSITIVE, false).build(),
      Attributes.builder().set(Cka.NEVER_EXTRACTABLE, true).set(Cka.EXTRACTABLE, true).build(),
      Attributes.builder().set(Cka.KEY_GEN_MECHANISM, Ckm.RSA_PKCS_KEY_PAIR_GEN).build(),
      Attributes.builder().set(Cka.PRIVATE_KEY_INFO, new byte[] {0x30, 0}).build(),
      Attributes.builder().set(Cka.VALUE, new byte[32]).build(),
      Attributes.builder().set(Cka.PUBLIC_KEY_INFO, new byte[] {0x30, 0}).build(),
      Attributes.builder().set(Cka.OUID, new byte[12]).build(),
      Attributes.builder().set(Cka.USAGE_COUNT, 5L).build(),
    };
    int before = objectCount();
    for (Attributes bad : badPrivate) {
      assertFails(
          Ckr.TEMPLATE_INCONSISTENT,
          () -> hsm.crypto().generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), goodPub, bad));
      assertEquals(before, objectCount(), bad.toString());
    }
    Attributes[] badPublic = {
      goodPub.toBuilder().set(Cka.EC_POINT, new byte[] {4, 1, 4}).build(),
      goodPub.toBuilder().set(Cka.PUBLIC_KEY_INFO, new byte[] {0x30, 0}).build(),
      goodPub.toBuilder().set(Cka.LOCAL, false).build(),
      goodPub.toBuilder().set(Cka.KEY_GEN_MECHANISM, 0L).build(),
    };
    for (Attributes bad : badPublic) {
      assertFails(
          Ckr.TEMPLATE_INCONSISTENT,
          () ->
              hsm.crypto()
                  .generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), bad, Attributes.empty()));
      assertEquals(before, objectCount(), bad.toString());
    }
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () ->
            hsm.crypto()
                .generateKeyPair(
                    s,
                    Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    goodPub,
                    Attributes.builder().set(Cka.TRUSTED, true).build()));
    Attributes badEncoding = Attributes.builder().set(Cka.SENSITIVE, new byte[] {1, 1}).build();
    assertFails(
        Ckr.ATTRIBUTE_VALUE_INVALID,
        () ->
            hsm.crypto()
                .generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), goodPub, badEncoding));
    assertEquals(before, objectCount());
  }

  /**
   * A pair whose private half the session may not store (a private token object needs the Crypto
   * Officer) is refused whole: the public half, which alone would be allowed, is not stored either.
   */
  @Test
  void aPairIsStoredWholeOrNotAtAll() throws Exception {
    hsm.initRole(s, Role.CRYPTO_USER, EngineFixtures.pin("cu-initial-1"));
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_USER, EngineFixtures.pin("cu-initial-1"));
    hsm.changePin(s, EngineFixtures.pin("cu-initial-1"), EngineFixtures.pin(EngineFixtures.CU_PIN));
    int before = objectCount();
    Attributes pubT =
        Attributes.builder()
            .set(Cka.EC_PARAMS, p256())
            .set(Cka.TOKEN, true)
            .set(Cka.PRIVATE, false)
            .build();
    Attributes privT = Attributes.builder().set(Cka.TOKEN, true).build();
    assertFails(
        Ckr.USER_NOT_AUTHORIZED,
        () -> hsm.crypto().generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pubT, privT));
    assertEquals(before, objectCount());
  }

  /** Both token halves land in flash together: after a reopen, both are there, intact. */
  @Test
  void aTokenPairSurvivesAReopenWhole(@TempDir Path dir) throws Exception {
    long[] pair;
    Attributes pubBefore;
    Attributes privBefore;
    try (Hsm durable = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      long session = EngineFixtures.coSession(durable, 1, 9);
      Attributes pubT =
          Attributes.builder().set(Cka.EC_PARAMS, p256()).set(Cka.TOKEN, true).build();
      Attributes privT = Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "kept").build();
      pair =
          durable.crypto().generateKeyPair(session, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pubT, privT);
      pubBefore = durable.partition(1).objects.get(pair[0]).attributes();
      privBefore = durable.partition(1).objects.get(pair[1]).attributes();
    }
    try (Hsm reopened = Hsm.open(EngineFixtures.durableOptions(dir))) {
      EngineFixtures.coSession(reopened, 1, 9); // logs in: activates the partition's objects
      // The flash record carries the usage count too (0: the keys were never used).
      assertEquals(
          pubBefore.toBuilder().set(Cka.USAGE_COUNT, 0L).build(),
          reopened.partition(1).objects.get(pair[0]).attributes());
      assertEquals(
          privBefore.toBuilder().set(Cka.USAGE_COUNT, 0L).build(),
          reopened.partition(1).objects.get(pair[1]).attributes());
    }
  }
}
