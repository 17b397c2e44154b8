package io.selenehsm.firmware.mech;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;

/** Keys generated once per test JVM and shared (key generation dominates test time otherwise). */
final class TestKeys {
  private TestKeys() {}

  static final MechanismService SVC =
      new MechanismService(
          MechanismRegistry.unchecked(), FipsPolicy.permissive(), Drbg.hmacSha512());

  static final KeyPair RSA_1024 = rsa(1024);
  static final KeyPair RSA_2048 = rsa(2048);
  static final KeyPair P256 = pair(Ckm.EC_KEY_PAIR_GEN, new KeyPairSpec.Ec("P-256"));
  static final KeyPair BRAINPOOL_256 =
      pair(Ckm.EC_KEY_PAIR_GEN, new KeyPairSpec.Ec("brainpoolP256r1"));
  static final KeyPair SECP256K1 = pair(Ckm.EC_KEY_PAIR_GEN, new KeyPairSpec.Ec("secp256k1"));
  static final KeyPair ED25519 =
      pair(Ckm.EC_EDWARDS_KEY_PAIR_GEN, new KeyPairSpec.Edwards("Ed25519"));
  static final KeyPair ED448 = pair(Ckm.EC_EDWARDS_KEY_PAIR_GEN, new KeyPairSpec.Edwards("Ed448"));
  static final KeyPair ML_DSA_44 = pair(Ckm.ML_DSA_KEY_PAIR_GEN, new KeyPairSpec.MlDsa(44));
  static final KeyPair DSA_2048 = pair(Ckm.DSA_KEY_PAIR_GEN, new KeyPairSpec.Dsa(2048));

  private static KeyPair rsa(int bits) {
    try {
      // Plain JDK generation keeps test start-up cheap; the layer's own keygen is tested apart.
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(bits, BigInteger.valueOf(65537)));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static KeyPair pair(long mechanism, KeyPairSpec spec) {
    try {
      return SVC.keyGenerators().generateKeyPair(Mechanism.of(mechanism), spec);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
