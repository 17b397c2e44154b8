package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The per-thread instance pool: an operation runs on the provider its key calls for, whatever the
 * thread ran before (issue 3 speed: a pooled Bouncy Castle Ed25519 signer, left by the power-on
 * self-test's BC key, used to serve every later Ed25519 key of that thread at a fifth of ACCP's
 * rate).
 */
class InstancePoolTest {
  private static final byte[] MSG = "pool".getBytes(StandardCharsets.US_ASCII);

  @Test
  void anEd25519KeyOfAnotherClassDoesNotInheritThePooledProvider() throws Exception {
    assumeTrue(Primitives.accpAvailable(), "needs ACCP to tell the providers apart");
    PrivateKey bcKey =
        KeyFactory.getInstance("Ed25519", Primitives.BC)
            .generatePrivate(new PKCS8EncodedKeySpec(TestKeys.ED25519.getPrivate().getEncoded()));
    KeyPair jdkPair = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
    Mechanism eddsa = Mechanism.of(Ckm.EDDSA);

    byte[] first = TestKeys.SVC.signer(eddsa, bcKey).sign(MSG); // pools a BC signer first
    byte[] second = TestKeys.SVC.signer(eddsa, jdkPair.getPrivate()).sign(MSG);

    Signature pooledForJdkKey =
        (Signature)
            InstancePool.poll(
                Primitives.PoolKey.of("Signature", "Ed25519", "", jdkPair.getPrivate()));
    assertNotNull(pooledForJdkKey, "the JDK key's signer went back to its own pool");
    assertEquals(
        Primitives.provider(Primitives.Source.ACCP).orElseThrow().getName(),
        pooledForJdkKey.getProvider().getName(),
        "the decision table puts ACCP first for Ed25519");
    Signature pooledForBcKey =
        (Signature) InstancePool.poll(Primitives.PoolKey.of("Signature", "Ed25519", "", bcKey));
    assertNotNull(pooledForBcKey);
    assertEquals(64, first.length);
    Signature check = Signature.getInstance("Ed25519", "SunEC");
    check.initVerify(jdkPair.getPublic());
    check.update(MSG);
    assertTrue(check.verify(second), "the ACCP signature verifies with the JDK");
  }

  @Test
  void signersArePooledPerCurve() throws Exception {
    BigInteger p256 = ((ECKey) TestKeys.P256.getPrivate()).getParams().getOrder();
    BigInteger k1 = ((ECKey) TestKeys.SECP256K1.getPrivate()).getParams().getOrder();
    Primitives.PoolKey a =
        Primitives.PoolKey.of("Signature", "SHA256withECDSA", p256, TestKeys.P256.getPrivate());
    Primitives.PoolKey b =
        Primitives.PoolKey.of(
            "Signature",
            "SHA256withECDSA",
            new BigInteger(p256.toByteArray()),
            TestKeys.P256.getPrivate());
    assertEquals(a, b, "variants compare by value, not identity");
    assertNotEquals(
        a, Primitives.PoolKey.of("Signature", "SHA256withECDSA", k1, TestKeys.P256.getPrivate()));

    TestKeys.SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.SECP256K1.getPrivate()).sign(MSG);
    byte[] sig =
        TestKeys.SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPrivate()).sign(MSG);
    TestKeys.SVC
        .verifier(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPublic())
        .verify(MSG, sig);
    assertEquals(64, sig.length, "P1363 r||s for P-256");
  }

  @Test
  void thePoolKeepsAtMostFourInstancesPerKey() {
    Primitives.PoolKey key = new Primitives.PoolKey("Test", "bounded", "", null);
    for (int i = 0; i < 10; i++) {
      InstancePool.offer(key, new Object());
    }
    int n = 0;
    while (InstancePool.poll(key) != null) {
      n++;
    }
    assertEquals(4, n);
  }

  @Test
  void aFinishedHmacIsReusedForItsOwnKeyOnlyAndAlwaysGivesTheRightTag() throws Exception {
    SecretKeySpec a = new SecretKeySpec(bytes(32, 1), "GenericSecret");
    SecretKeySpec b = new SecretKeySpec(bytes(32, 2), "GenericSecret");
    Mechanism hmac = Mechanism.of(Ckm.SHA256_HMAC);
    byte[] msg = bytes(1024, 3);
    for (SecretKeySpec k : new SecretKeySpec[] {a, b, a, a, b}) {
      assertArrayEquals(jdkHmac(k, msg), TestKeys.SVC.signer(hmac, k).sign(msg), "tag under " + k);
    }
    // A multi-part MAC abandoned half-way is never pooled, so its data cannot leak into the next.
    Signer abandoned = TestKeys.SVC.signer(hmac, a);
    abandoned.update(msg);
    assertArrayEquals(jdkHmac(a, msg), TestKeys.SVC.signer(hmac, a).sign(msg));

    Signer reused = TestKeys.SVC.signer(hmac, a);
    Primitives.PoolKey pool = Primitives.PoolKey.of("Mac", "HmacSHA256", a);
    reused.sign(msg);
    InstancePool.Entry e = InstancePool.pollEntry(pool);
    assertNotNull(e);
    assertSame(a, e.initialisedWith(), "released as still initialised with its key");
    InstancePool.offer(pool, e.instance(), e.initialisedWith());
  }

  @Test
  void aGmacIsInitialisedAgainForEveryIv() throws Exception {
    SecretKeySpec k = new SecretKeySpec(bytes(16, 4), "AES");
    byte[] msg = bytes(100, 5);
    byte[] t1 =
        TestKeys.SVC.signer(Mechanism.of(Ckm.AES_GMAC, new GmacParams(bytes(12, 6))), k).sign(msg);
    byte[] t2 =
        TestKeys.SVC.signer(Mechanism.of(Ckm.AES_GMAC, new GmacParams(bytes(12, 7))), k).sign(msg);
    assertNotEquals(Arrays.toString(t1), Arrays.toString(t2), "a new IV gives a new tag");
    InstancePool.Entry e = InstancePool.pollEntry(Primitives.PoolKey.of("Mac", "AES-GMAC", k));
    assertNotNull(e);
    assertNull(e.initialisedWith(), "a GMAC's state depends on its IV: never reused as is");
  }

  private static byte[] jdkHmac(SecretKeySpec key, byte[] msg) throws Exception {
    Mac m = Mac.getInstance("HmacSHA256", "SunJCE");
    m.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
    return m.doFinal(msg);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 13 + seed * 101);
    }
    return b;
  }
}
