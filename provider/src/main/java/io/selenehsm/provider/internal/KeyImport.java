package io.selenehsm.provider.internal;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.SecretKey;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/**
 * Brings foreign (software) keys into a partition as session objects: secret keys by value, private
 * keys as PKCS#8, public keys as X.509. Secret and private keys come in only when the partition's
 * unwrapping policy (2 for private, 6 for secret keys) allows keys to enter in clear; the imported
 * copy is sensitive and extractable per the key defaults.
 */
public final class KeyImport {
  private KeyImport() {}

  /** {@code key} itself when it is a Selene key, else an imported session copy on {@code token}. */
  public static Key toSelene(Token token, Key key) throws HsmException {
    if (KeyAccess.isSelene(key)) {
      return key;
    }
    if (key == null) {
      throw new HsmException(Ckr.KEY_HANDLE_INVALID, "no key given");
    }
    if (key instanceof SecretKey s) {
      return importSecret(token, s);
    }
    if (key instanceof PrivateKey p) {
      return importPrivate(token, p);
    }
    if (key instanceof PublicKey p) {
      return importPublic(token, p);
    }
    throw new HsmException(
        Ckr.KEY_TYPE_INCONSISTENT,
        "key " + key.getClass().getName() + " is neither a secret, private nor public key");
  }

  public static Key importSecret(Token token, SecretKey key) throws HsmException {
    byte[] value = key.getEncoded();
    long type = SoftwareKeys.keyTypeOf(key.getAlgorithm());
    if (value == null || type < 0 || !Ckk.isSecret(type)) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          "secret key " + key.getAlgorithm() + " has no raw value of a type Selene stores");
    }
    requirePolicy(token, PartitionPolicies.SECRET_KEY_UNWRAPPING, "secret");
    Attributes t = Templates.secret(token.context().defaults(), type).set(Cka.VALUE, value).build();
    long h = token.withObjectSession((s, session) -> s.createObject(session, t));
    return KeyAccess.owned(token, h, key.getAlgorithm());
  }

  public static Key importPrivate(Token token, PrivateKey key) throws HsmException {
    byte[] pkcs8 = key.getEncoded();
    long type = SoftwareKeys.keyTypeOf(key.getAlgorithm());
    if (pkcs8 == null || type < 0 || Ckk.isSecret(type)) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          "private key " + key.getAlgorithm() + " has no PKCS#8 encoding of a type Selene stores");
    }
    requirePolicy(token, PartitionPolicies.PRIVATE_KEY_UNWRAPPING, "private");
    Attributes.Builder b =
        Templates.privateKey(token.context().defaults(), type).set(Cka.PRIVATE_KEY_INFO, pkcs8);
    PublicKey pub = publicHalf(key);
    if (pub != null) {
      b.set(Cka.PUBLIC_KEY_INFO, pub.getEncoded());
    }
    if (key instanceof RSAPrivateCrtKey r) {
      b.set(Cka.MODULUS, unsigned(r.getModulus()))
          .set(Cka.PUBLIC_EXPONENT, unsigned(r.getPublicExponent()));
    }
    Attributes t = b.build();
    long h = token.withObjectSession((s, session) -> s.createObject(session, t));
    return KeyAccess.owned(token, h, null);
  }

  public static Key importPublic(Token token, PublicKey key) throws HsmException {
    PublicKey normal = SoftwareKeys.normalize(key);
    long type = SoftwareKeys.keyTypeOf(key.getAlgorithm());
    Attributes.Builder b = Templates.publicKey(type).set(Cka.PUBLIC_KEY_INFO, normal.getEncoded());
    if (normal instanceof java.security.interfaces.RSAPublicKey r) {
      b.set(Cka.MODULUS, unsigned(r.getModulus()))
          .set(Cka.PUBLIC_EXPONENT, unsigned(r.getPublicExponent()));
    }
    Attributes t = b.build();
    long h = token.withObjectSession((s, session) -> s.createObject(session, t));
    return KeyAccess.owned(token, h, null);
  }

  /** The public key of an RSA-CRT or EC private key (the others do not carry it). */
  private static PublicKey publicHalf(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey r) {
        return SoftwareKeys.factory(Ckk.RSA)
            .generatePublic(
                new java.security.spec.RSAPublicKeySpec(r.getModulus(), r.getPublicExponent()));
      }
      if (key instanceof ECPrivateKey e) {
        org.bouncycastle.math.ec.ECPoint q =
            EC5Util.convertSpec(e.getParams()).getG().multiply(e.getS()).normalize();
        java.security.spec.ECPoint w =
            new java.security.spec.ECPoint(
                q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return SoftwareKeys.factory(Ckk.EC).generatePublic(new ECPublicKeySpec(w, e.getParams()));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static void requirePolicy(Token token, int policy, String kind) throws HsmException {
    PolicyValues p = token.slot().partitionPolicies();
    if (!p.isOn(policy)) {
      throw new HsmException(
          Ckr.ACTION_PROHIBITED,
          "partition policy "
              + policy
              + " (allow "
              + kind
              + " key unwrapping) is 0 on slot "
              + token.slotId()
              + ", so a software "
              + kind
              + " key cannot be imported");
    }
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /** Whether {@code cls} is the object class the engine uses for the JCA key kind. */
  public static long objectClassOf(Key key) {
    return key instanceof SecretKey
        ? Cko.SECRET_KEY
        : key instanceof PrivateKey ? Cko.PRIVATE_KEY : Cko.PUBLIC_KEY;
  }
}
