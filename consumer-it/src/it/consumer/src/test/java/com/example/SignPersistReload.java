package com.example;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.key.SeleneKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** What the user's tests do with the HSM: sign, persist the key, reload it, sign again. */
final class SignPersistReload {
  private SignPersistReload() {}

  static void run(SeleneProvider provider) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    byte[] data = "signed in the HSM".getBytes(StandardCharsets.UTF_8);
    assertTrue(verifies(pair, sign(provider, pair.getPrivate(), data), data));

    ((SeleneKey) pair.getPrivate()).makePersistent("consumer-key");
    KeyStore ks = KeyStore.getInstance("Selene", provider);
    ks.load(null, null); // the partition the provider is logged in to
    PrivateKey reloaded = (PrivateKey) ks.getKey("consumer-key", null);
    assertNotNull(reloaded, "the persisted key is found by its label");
    assertTrue(verifies(pair, sign(provider, reloaded, data), data));
  }

  private static byte[] sign(SeleneProvider provider, PrivateKey key, byte[] data)
      throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA", provider);
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  private static boolean verifies(KeyPair pair, byte[] sig, byte[] data) throws Exception {
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(java.security.KeyFactory.getInstance("EC", "SunEC").generatePublic(
        new java.security.spec.X509EncodedKeySpec(pair.getPublic().getEncoded())));
    v.update(data);
    return v.verify(sig);
  }
}
