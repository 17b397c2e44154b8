package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated private key's PKCS#8 encoding is deferred (made when something reads it): the value
 * made late equals the one the eager path makes, a session pair copied to the token persists the
 * right bytes and works after a reopen, a sensitive value is refused without being made, and the
 * call that answers the readable attributes refuses exactly what the plain call refuses.
 */
class DeferredPrivateValueTest extends PartitionOneFixture {
  static byte[] oid(String oid) throws Exception {
    return new ASN1ObjectIdentifier(oid).getEncoded();
  }

  private HsmObject object(Hsm h, long handle) throws HsmException {
    return h.partition(1).objects.get(handle);
  }

  /** One key kind: its mechanism and public template. */
  record Kind(String name, long mechanism, Attributes publicTemplate) {}

  static Kind[] kinds() throws Exception {
    return new Kind[] {
      new Kind("P-256", Ckm.EC_KEY_PAIR_GEN, ec("1.2.840.10045.3.1.7")),
      new Kind("P-384", Ckm.EC_KEY_PAIR_GEN, ec("1.3.132.0.34")),
      new Kind("P-521", Ckm.EC_KEY_PAIR_GEN, ec("1.3.132.0.35")),
      new Kind("secp256k1", Ckm.EC_KEY_PAIR_GEN, ec("1.3.132.0.10")),
      new Kind("Ed25519", Ckm.EC_EDWARDS_KEY_PAIR_GEN, ec("1.3.101.112")),
      new Kind("X25519", Ckm.EC_MONTGOMERY_KEY_PAIR_GEN, ec("1.3.101.110")),
      new Kind(
          "RSA-2048",
          Ckm.RSA_PKCS_KEY_PAIR_GEN,
          Attributes.builder().set(Cka.MODULUS_BITS, 2048L).build()),
      new Kind(
          "ML-DSA-44",
          Ckm.ML_DSA_KEY_PAIR_GEN,
          Attributes.builder().set(Cka.PARAMETER_SET, 1L).build()),
    };
  }

  static Attributes ec(String curve) throws Exception {
    return Attributes.builder().set(Cka.EC_PARAMS, oid(curve)).build();
  }

  /** Many readers at once: one encoding, and every reader sees the same bytes. */
  @Test
  void concurrentReadersShareOneEncoding() throws Exception {
    long[] pair =
        hsm.crypto()
            .generateKeyPair(
                s,
                Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                kinds()[0].publicTemplate(),
                Attributes.empty());
    Attributes a = object(hsm, pair[1]).attributes();
    byte[][] seen = new byte[8][];
    Thread[] readers = new Thread[seen.length];
    for (int i = 0; i < readers.length; i++) {
      int n = i;
      readers[i] = new Thread(() -> seen[n] = a.get(Cka.PRIVATE_KEY_INFO));
      readers[i].start();
    }
    for (Thread t : readers) {
      t.join();
    }
    for (byte[] v : seen) {
      assertArrayEquals(seen[0], v);
    }
    assertTrue(seen[0].length > 0);
  }

  /**
   * A session pair made a token object by C_CopyObject (what makePersistent does): the flash record
   * gets the key's real PKCS#8 bytes, and after a reopen the copy signs what the public half
   * verifies.
   */
  @Test
  void aSessionPairCopiedToTheTokenPersistsTheKeyAndWorksAfterAReopen(@TempDir Path dir)
      throws Exception {
    long tokenCopy;
    byte[] expected;
    byte[] spki;
    try (Hsm durable = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      long session = EngineFixtures.coSession(durable, 1, 9);
      GeneratedKeyPair made =
          durable
              .crypto()
              .generateKeyPairObjects(
                  session,
                  Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                  kinds()[0].publicTemplate(),
                  Attributes.empty());
      HsmObject sessionPriv = durable.partition(1).objects.get(made.privateHandle());
      assertTrue(sessionPriv.attributes().isDeferred(Cka.PRIVATE_KEY_INFO));
      expected = KeyObjects.decode(sessionPriv).getEncoded();
      spki = made.publicAttributes().get(Cka.PUBLIC_KEY_INFO);
      tokenCopy =
          durable.copyObject(
              session,
              made.privateHandle(),
              Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "kept").build());
    }
    try (Hsm reopened = Hsm.open(EngineFixtures.durableOptions(dir))) {
      long session = EngineFixtures.coSession(reopened, 1, 9);
      HsmObject copy = reopened.partition(1).objects.get(tokenCopy);
      assertArrayEquals(expected, copy.attributes().get(Cka.PRIVATE_KEY_INFO));
      byte[] data = "persisted".getBytes(StandardCharsets.UTF_8);
      byte[] signature =
          reopened.crypto().sign(session, Mechanism.of(Ckm.ECDSA_SHA256), tokenCopy, data);
      PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
      Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
      v.initVerify(pub);
      v.update(data);
      assertTrue(v.verify(signature));
    }
  }

  /**
   * A sensitive private value is refused to single and whole reads, and the refusal does not even
   * make the encoding; a non-sensitive extractable one reads as the key's own encoding.
   */
  @Test
  void sensitiveValuesAreRefusedWithoutBeingMade() throws Exception {
    GeneratedKeyPair made =
        hsm.crypto()
            .generateKeyPairObjects(
                s,
                Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                kinds()[0].publicTemplate(),
                Attributes.empty());
    long priv = made.privateHandle();
    assertFails(
        Ckr.ATTRIBUTE_SENSITIVE,
        () -> hsm.getAttribute(s, priv, Cka.PRIVATE_KEY_INFO),
        "CKA_PRIVATE_KEY_INFO");
    assertNull(hsm.getAttributes(s, priv).get(Cka.PRIVATE_KEY_INFO));
    assertNull(made.privateAttributes().get(Cka.PRIVATE_KEY_INFO));
    assertTrue(object(hsm, priv).attributes().isDeferred(Cka.PRIVATE_KEY_INFO));
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.setAttributes(s, priv, Attributes.builder().set(Cka.SENSITIVE, false).build()));
    assertFails(
        Ckr.ATTRIBUTE_SENSITIVE,
        () -> hsm.getAttribute(s, priv, Cka.PRIVATE_KEY_INFO),
        "CKA_PRIVATE_KEY_INFO");

    GeneratedKeyPair leaky =
        hsm.crypto()
            .generateKeyPairObjects(
                s,
                Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                kinds()[0].publicTemplate(),
                Attributes.builder().set(Cka.SENSITIVE, false).set(Cka.EXTRACTABLE, true).build());
    byte[] own = KeyObjects.decode(object(hsm, leaky.privateHandle())).getEncoded();
    assertArrayEquals(own, leaky.privateAttributes().get(Cka.PRIVATE_KEY_INFO));
    assertArrayEquals(own, hsm.getAttribute(s, leaky.privateHandle(), Cka.PRIVATE_KEY_INFO));
  }

  /**
   * The call that answers the readable attributes answers what C_GetAttributeValue answers, and
   * refuses every template the plain call refuses, with the same code, leaving nothing behind.
   */
  @Test
  void theRicherAnswerRefusesWhatThePlainCallRefuses() throws Exception {
    Attributes goodPub = kinds()[0].publicTemplate();
    GeneratedKeyPair made =
        hsm.crypto()
            .generateKeyPairObjects(
                s,
                Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                goodPub,
                Attributes.builder().set(Cka.LABEL, "mine").build());
    assertEquals(hsm.getAttributes(s, made.publicHandle()), made.publicAttributes());
    assertEquals(hsm.getAttributes(s, made.privateHandle()), made.privateAttributes());

    Object[][] bad = {
      {goodPub, Attributes.builder().set(Cka.PRIVATE_KEY_INFO, new byte[] {0x30, 0}).build()},
      {goodPub, Attributes.builder().set(Cka.VALUE, new byte[32]).build()},
      {goodPub, Attributes.builder().set(Cka.OUID, new byte[12]).build()},
      {goodPub, Attributes.builder().set(Cka.TRUSTED, true).build()},
      {goodPub, Attributes.builder().set(Cka.SENSITIVE, new byte[] {1, 1}).build()},
      {goodPub.toBuilder().set(Cka.EC_POINT, new byte[] {4, 1, 4}).build(), Attributes.empty()},
      {Attributes.empty(), Attributes.empty()},
      {goodPub, Attributes.builder().set(Cka.TOKEN, true).set(Cka.PRIVATE, true).build()},
    };
    long readOnly = hsm.openSession(1, 7, false);
    int before = objectCount();
    for (Object[] t : bad) {
      Attributes pubT = (Attributes) t[0];
      Attributes privT = (Attributes) t[1];
      long session = privT.bool(Cka.TOKEN, false) ? readOnly : s;
      HsmException plain =
          EngineFixtures.failure(
              () ->
                  hsm.crypto()
                      .generateKeyPair(session, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pubT, privT));
      assertFails(
          plain.returnCode(),
          () ->
              hsm.crypto()
                  .generateKeyPairObjects(session, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pubT, privT));
      assertEquals(before, objectCount(), privT.toString());
    }
  }
}
