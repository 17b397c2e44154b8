package io.selenehsm.firmware.vectors;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Keys for the engine properties, made once per test JVM by the engine itself (key generation, RSA
 * above all, would otherwise dominate the run). Every key may do everything its class allows and is
 * extractable, so the same objects serve as wrapping keys and as keys to be wrapped.
 */
final class EngineKeys {
  private EngineKeys() {}

  static final EngineFixture E = EngineFixture.open("4711002");
  static final SecureRandom RANDOM = new SecureRandom();

  static final long AES_256 = secret(Ckk.AES, 32);
  static final long AES_128 = secret(Ckk.AES, 16);
  static final long DES3 = secret(Ckk.DES3, 24);
  static final long HMAC = secret(Ckk.GENERIC_SECRET, 32);

  /** {public, private} handles. */
  static final long[] RSA_2048 = rsa(2048);

  /** 128-bit strength: may wrap AES-128 keys and P-256 private keys, which RSA-2048 may not. */
  static final long[] RSA_3072 = rsa(3072);

  static final long[] P256 = ec(X9ObjectIdentifiers.prime256v1);
  static final long[] P384 = ec(SECObjectIdentifiers.secp384r1);
  static final long[] P521 = ec(SECObjectIdentifiers.secp521r1);
  static final long[] ED25519 =
      pair(
          Ckm.EC_EDWARDS_KEY_PAIR_GEN,
          Attributes.builder().set(Cka.EC_PARAMS, der(new ASN1ObjectIdentifier("1.3.101.112"))));
  static final long[] DSA_2048 =
      pair(Ckm.DSA_KEY_PAIR_GEN, Attributes.builder().set(Cka.MODULUS_BITS, 2048L));
  static final long[] ML_DSA_44 =
      pair(Ckm.ML_DSA_KEY_PAIR_GEN, Attributes.builder().set(Cka.PARAMETER_SET, 44L));

  /** A random secret key created as an object (readable, so tests can compare values). */
  static long secret(long keyType, int bytes) {
    byte[] v = new byte[bytes];
    RANDOM.nextBytes(v);
    try {
      return E.hsm.createObject(
          E.session,
          Attributes.builder()
              .set(Cka.CLASS, io.selenehsm.firmware.object.Cko.SECRET_KEY)
              .set(Cka.KEY_TYPE, keyType)
              .set(Cka.VALUE, v)
              .set(Cka.SENSITIVE, false)
              .set(Cka.EXTRACTABLE, true)
              // Vector keys both encrypt and wrap across test classes: dual-purpose, which the
              // fixture's partition allows (policy 1000), so no first use commits them.
              .set(Cka.ENCRYPT, true)
              .set(Cka.DECRYPT, true)
              .set(Cka.WRAP, true)
              .set(Cka.UNWRAP, true)
              .build());
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long[] rsa(int bits) {
    return pair(Ckm.RSA_PKCS_KEY_PAIR_GEN, Attributes.builder().set(Cka.MODULUS_BITS, (long) bits));
  }

  private static long[] ec(ASN1ObjectIdentifier curve) {
    return pair(Ckm.EC_KEY_PAIR_GEN, Attributes.builder().set(Cka.EC_PARAMS, der(curve)));
  }

  private static byte[] der(ASN1ObjectIdentifier oid) {
    try {
      return oid.getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long[] pair(long mechanism, Attributes.Builder publicTemplate) {
    try {
      Attributes priv =
          Attributes.builder()
              .set(Cka.SIGN, true)
              .set(Cka.DECRYPT, true)
              .set(Cka.UNWRAP, true)
              .set(Cka.EXTRACTABLE, true)
              .build();
      return E.crypto.generateKeyPair(
          E.session, Mechanism.of(mechanism), publicTemplate.build(), priv);
    } catch (HsmException e) {
      throw new IllegalStateException("key generation " + mechanism + ": " + e.getMessage(), e);
    }
  }

  /** The public half as a JDK key of the given algorithm (RSA, EC, Ed25519, DSA). */
  static PublicKey jdkPublic(long handle, String algorithm) throws Exception {
    byte[] spki = E.hsm.getAttribute(E.session, handle, Cka.PUBLIC_KEY_INFO);
    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
  }

  static byte[] spki(long handle) throws HsmException {
    return E.hsm.getAttribute(E.session, handle, Cka.PUBLIC_KEY_INFO);
  }
}
