package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static io.selenehsm.firmware.EngineFixtures.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the key-pair layout that C_GenerateKeyPair prepares once per templates: no pair's
 * values reach another pair, a changed template, a refused template, a changed dual-purpose policy
 * and a logout are each honoured at the very next call.
 */
class KeyPairLayoutTest extends PartitionOneFixture {
  private static final Mechanism EC = Mechanism.of(Ckm.EC_KEY_PAIR_GEN);

  private static Attributes p256() throws Exception {
    return Attributes.builder()
        .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
        .build();
  }

  private static String label(Attributes a) {
    return a.string(Cka.LABEL);
  }

  @Test
  void everyPairFromOneTemplateHasItsOwnMatchingValues() throws Exception {
    Attributes pubT = p256();
    Attributes privT = Attributes.builder().set(Cka.EXTRACTABLE, true).build();
    Set<String> points = new HashSet<>();
    Set<String> privates = new HashSet<>();
    Set<String> ouids = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      long[] pair = hsm.crypto().generateKeyPair(s, EC, pubT, privT);
      Attributes pub = stored(pair[0]);
      Attributes priv = stored(pair[1]);
      assertTrue(points.add(new String(pub.get(Cka.EC_POINT), StandardCharsets.ISO_8859_1)));
      assertTrue(
          privates.add(new String(priv.get(Cka.PRIVATE_KEY_INFO), StandardCharsets.ISO_8859_1)));
      assertTrue(ouids.add(hsm.partition(1).objects.get(pair[0]).ouidHex()));
      assertTrue(ouids.add(hsm.partition(1).objects.get(pair[1]).ouidHex()));
      assertArrayEquals(pub.get(Cka.PUBLIC_KEY_INFO), priv.get(Cka.PUBLIC_KEY_INFO));
      // The private half's encoding belongs to this pair's public half: it signs for it.
      PublicKey pk =
          KeyFactory.getInstance("EC")
              .generatePublic(new X509EncodedKeySpec(pub.get(Cka.PUBLIC_KEY_INFO)));
      PrivateKey sk =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(priv.get(Cka.PRIVATE_KEY_INFO)));
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(sk);
      signer.update(new byte[] {(byte) i});
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(pk);
      verifier.update(new byte[] {(byte) i});
      assertTrue(verifier.verify(sig), "pair " + i + " halves belong together");
    }
  }

  @Test
  void aChangedTemplateIsHonouredAtTheNextCall() throws Exception {
    Attributes pubT = Attributes.builder().set(Cka.LABEL, "a").build();
    pubT = pubT.toBuilder().set(Cka.EC_PARAMS, p256().get(Cka.EC_PARAMS)).build();
    Attributes privA = Attributes.builder().set(Cka.LABEL, "a").set(Cka.SIGN, true).build();
    Attributes privB = Attributes.builder().set(Cka.LABEL, "b").set(Cka.SIGN, false).build();
    long[] a1 = hsm.crypto().generateKeyPair(s, EC, pubT, privA);
    long[] a2 = hsm.crypto().generateKeyPair(s, EC, pubT, privA);
    long[] b = hsm.crypto().generateKeyPair(s, EC, pubT, privB);
    long[] a3 = hsm.crypto().generateKeyPair(s, EC, pubT, privA);
    assertEquals("a", label(stored(a1[1])));
    assertEquals("a", label(stored(a2[1])));
    assertEquals("b", label(stored(b[1])));
    assertFalse(stored(b[1]).bool(Cka.SIGN, true));
    assertEquals("a", label(stored(a3[1])));
    assertTrue(stored(a3[1]).bool(Cka.SIGN, false));
    // An equal template in a new instance makes the same set as the one prepared.
    Attributes privACopy = Attributes.builder().set(Cka.SIGN, true).set(Cka.LABEL, "a").build();
    long[] a4 = hsm.crypto().generateKeyPair(s, EC, pubT, privACopy);
    assertEquals(
        without(stored(a3[1]), Cka.PUBLIC_KEY_INFO, Cka.PRIVATE_KEY_INFO),
        without(stored(a4[1]), Cka.PUBLIC_KEY_INFO, Cka.PRIVATE_KEY_INFO));
  }

  private static Attributes without(Attributes a, long... types) {
    Attributes.Builder b = a.toBuilder();
    for (long t : types) {
      b.remove(t);
    }
    return b.build();
  }

  @Test
  void aRefusedTemplateIsRefusedAfterAGoodOneWasPrepared() throws Exception {
    Attributes pubT = p256();
    Attributes privT = Attributes.builder().set(Cka.SIGN, true).build();
    int before = objectsAfterPreparing(pubT, privT);
    Attributes local = privT.toBuilder().set(Cka.LOCAL, true).build();
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () -> hsm.crypto().generateKeyPair(s, EC, pubT, local),
        "CKA_LOCAL");
    Attributes trusted = pubT.toBuilder().set(Cka.TRUSTED, true).build();
    assertFails(Ckr.ATTRIBUTE_READ_ONLY, () -> hsm.crypto().generateKeyPair(s, EC, trusted, privT));
    Attributes noCurve = Attributes.builder().set(Cka.VERIFY, true).build();
    assertFails(
        Ckr.TEMPLATE_INCOMPLETE,
        () -> hsm.crypto().generateKeyPair(s, EC, noCurve, privT),
        "CKA_EC_PARAMS");
    assertEquals(before, objectCount(), "a refusal leaves nothing behind");
    // The prepared templates still work after the refusals.
    hsm.crypto().generateKeyPair(s, EC, pubT, privT);
    assertEquals(before + 2, objectCount());
  }

  @Test
  void aDualPurposePolicyChangeIsHonouredAtTheNextCall() throws Exception {
    Attributes pubT = p256();
    Attributes both = Attributes.builder().set(Cka.DECRYPT, true).set(Cka.UNWRAP, true).build();
    long[] before = hsm.crypto().generateKeyPair(s, EC, pubT, both);
    hsm.crypto().generateKeyPair(s, EC, pubT, both);
    assertFalse(stored(before[1]).has(Cka.DUAL_PURPOSE), "policy off: the key stays uncommitted");

    long so = hsm.openSession(1, 99, true);
    hsm.login(so, Role.PARTITION_SO, EngineFixtures.pin(EngineFixtures.PO_PIN));
    hsm.changePartitionPolicy(so, PartitionPolicies.DUAL_PURPOSE_KEYS, 1);
    long[] after = hsm.crypto().generateKeyPair(s, EC, pubT, both);
    assertTrue(stored(after[1]).bool(Cka.DUAL_PURPOSE, false), "policy on: marked dual-purpose");

    hsm.changePartitionPolicy(so, PartitionPolicies.DUAL_PURPOSE_KEYS, 0);
    long[] off = hsm.crypto().generateKeyPair(s, EC, pubT, both);
    assertFalse(stored(off[1]).has(Cka.DUAL_PURPOSE), "policy off again: not dual-purpose");
  }

  @Test
  void aLogoutIsHonouredAtTheNextCall() throws Exception {
    Attributes pubT = p256();
    Attributes privT = Attributes.builder().set(Cka.SIGN, true).build();
    int before = objectsAfterPreparing(pubT, privT);
    hsm.logout(s);
    HsmException e = failure(() -> hsm.crypto().generateKeyPair(s, EC, pubT, privT));
    assertNotEquals(Ckr.OK, e.returnCode());
    assertEquals(before, objectCount(), "nothing is made after the logout");
  }

  /**
   * Generates two pairs from these templates (the first prepares their layout, the second uses it)
   * and answers the partition's object count afterwards.
   */
  private int objectsAfterPreparing(Attributes pubT, Attributes privT) throws HsmException {
    hsm.crypto().generateKeyPair(s, EC, pubT, privT);
    hsm.crypto().generateKeyPair(s, EC, pubT, privT);
    return objectCount();
  }
}
