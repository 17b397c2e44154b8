package io.selenehsm.provider.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyObject;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Keys of a generated pair are built from the attributes C_GenerateKeyPair answers (no second read)
 * and decode their public value only when asked: what they show equals a fresh read of the objects
 * and a software decoding of the public key, and a change of the provider's key defaults reaches
 * the next pair of a generator that already made one.
 */
class GeneratedKeyPairKeysTest {

  /** The snapshot a key was built from equals what the HSM answers for its object now. */
  private static void assertSnapshotIsFresh(Key key) throws Exception {
    KeyObject o = KeyAccess.object(key);
    Attributes fresh = o.token().attributes(o.handle());
    assertEquals(fresh, o.attributes(), key.toString());
  }

  @Test
  void ecPairShowsWhatTheHsmHolds() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPair pair = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
      assertSnapshotIsFresh(pair.getPublic());
      assertSnapshotIsFresh(pair.getPrivate());
      byte[] spki = KeyAccess.object(pair.getPublic()).attributes().get(Cka.PUBLIC_KEY_INFO);
      ECPublicKey software =
          (ECPublicKey)
              KeyFactory.getInstance("EC", "SunEC").generatePublic(new X509EncodedKeySpec(spki));
      ECPublicKey pub = (ECPublicKey) pair.getPublic();
      assertEquals(software.getW(), pub.getW());
      assertEquals(software.getParams().getOrder(), pub.getParams().getOrder());
      assertArrayEquals(software.getEncoded(), pub.getEncoded());
      assertEquals("EC", pub.getAlgorithm());
      ECKey priv = (ECKey) pair.getPrivate();
      assertEquals("EC", pair.getPrivate().getAlgorithm());
      assertEquals(software.getParams().getOrder(), priv.getParams().getOrder());
      assertNull(pair.getPrivate().getEncoded(), "a sensitive private key has no encoding");
    }
  }

  @Test
  void rsaPairShowsWhatTheHsmHolds() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider());
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      assertSnapshotIsFresh(pair.getPublic());
      assertSnapshotIsFresh(pair.getPrivate());
      byte[] spki = KeyAccess.object(pair.getPublic()).attributes().get(Cka.PUBLIC_KEY_INFO);
      RSAPublicKey software =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
      RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
      assertEquals(software.getModulus(), pub.getModulus());
      assertEquals(software.getPublicExponent(), pub.getPublicExponent());
      assertArrayEquals(software.getEncoded(), pub.getEncoded());
      assertEquals(software.getModulus(), ((RSAKey) pair.getPrivate()).getModulus());
    }
  }

  /**
   * The generator keeps its private template between pairs; making private keys extractable (and
   * back) through the SlotManager reaches the very next pair of the same generator.
   */
  @Test
  void aChangedDefaultReachesTheNextPairOfTheSameGenerator() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", f.provider());
      KeyObject first = KeyAccess.object(g.generateKeyPair().getPrivate());
      assertFalse(first.isExtractable());
      f.slotManager().setPrivateKeysExtractable(true);
      KeyObject second = KeyAccess.object(g.generateKeyPair().getPrivate());
      assertTrue(second.isExtractable());
      assertTrue(
          second.token().attributes(second.handle()).bool(Cka.EXTRACTABLE, false),
          "the HSM's object, not only the snapshot");
      f.slotManager().setPrivateKeysExtractable(false);
      KeyObject third = KeyAccess.object(g.generateKeyPair().getPrivate());
      assertFalse(third.isExtractable());
      assertNotNull(third.attributes().get(Cka.PUBLIC_KEY_INFO));
    }
  }
}
