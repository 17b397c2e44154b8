package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.KeyTypes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.KeyObject;
import io.selenehsm.provider.internal.SoftwareKeys;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPublicKey;

/**
 * Builds the key class that fits an object's class and key type. Other packages reach it through
 * {@link io.selenehsm.provider.internal.KeyAccess}.
 */
final class SeleneKeys {
  private SeleneKeys() {}

  /**
   * The two keys of a pair the provider just generated and owns: the private key shares the public
   * half decoded for the public key instead of decoding the same CKA_PUBLIC_KEY_INFO again.
   */
  static java.security.KeyPair pairOf(KeyObject publicObject, KeyObject privateObject)
      throws HsmException {
    SeleneKey pub = freshPublic(publicObject);
    SeleneKey priv = of(privateObject, null);
    if (pub instanceof SelenePublicKey p
        && priv instanceof SelenePrivateKey k
        && java.util.Arrays.equals(
            publicObject.attributes().get(Cka.PUBLIC_KEY_INFO),
            privateObject.attributes().get(Cka.PUBLIC_KEY_INFO))) {
      k.sharePublic(p.half());
    }
    return new java.security.KeyPair((PublicKey) pub, (java.security.PrivateKey) priv);
  }

  /**
   * The public key of a pair the HSM just generated. RSA and EC keys (whose key class the key type
   * alone decides) decode their SPKI on first use, not now; the others as {@link #of}.
   */
  private static SeleneKey freshPublic(KeyObject o) throws HsmException {
    long type = o.keyType();
    if (o.objectClass() != Cko.PUBLIC_KEY || (type != Ckk.RSA && type != Ckk.EC)) {
      return of(o, null);
    }
    byte[] spki = o.attributes().get(Cka.PUBLIC_KEY_INFO);
    if (spki == null) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          "public key object " + o.handle() + " has no CKA_PUBLIC_KEY_INFO");
    }
    PublicHalf half = PublicHalf.deferred(type, spki);
    return type == Ckk.RSA ? new SeleneRsaPublicKey(o, half) : new SeleneEcPublicKey(o, half);
  }

  static SeleneKey of(KeyObject o, String algorithm) throws HsmException {
    long cls = o.objectClass();
    long type = o.keyType();
    if (cls == Cko.SECRET_KEY) {
      return new SeleneSecretKey(o, algorithm);
    }
    if (cls == Cko.PRIVATE_KEY) {
      if (type == Ckk.RSA) {
        return new SeleneRsaPrivateKey(o);
      }
      if (type == Ckk.EC) {
        return new SeleneEcPrivateKey(o);
      }
      if (type == Ckk.EC_EDWARDS) {
        return new SeleneEdEcPrivateKey(o);
      }
      if (type == Ckk.EC_MONTGOMERY) {
        return new SeleneXecPrivateKey(o);
      }
      if (type == Ckk.DSA) {
        return new SeleneDsaPrivateKey(o);
      }
      return new SelenePrivateKey(o);
    }
    if (cls == Cko.PUBLIC_KEY) {
      byte[] spki = o.attributes().get(Cka.PUBLIC_KEY_INFO);
      if (spki == null) {
        throw new HsmException(
            Ckr.KEY_TYPE_INCONSISTENT,
            "public key object " + o.handle() + " has no CKA_PUBLIC_KEY_INFO");
      }
      PublicKey pub = SoftwareKeys.publicKey(type, spki);
      if (pub instanceof RSAPublicKey r) {
        return new SeleneRsaPublicKey(o, r);
      }
      if (pub instanceof ECPublicKey e) {
        return new SeleneEcPublicKey(o, e);
      }
      if (pub instanceof EdECPublicKey e) {
        return new SeleneEdEcPublicKey(o, e);
      }
      if (pub instanceof XECPublicKey x) {
        return new SeleneXecPublicKey(o, x);
      }
      if (pub instanceof DSAPublicKey d) {
        return new SeleneDsaPublicKey(o, d);
      }
      return new SelenePublicKey(o, pub);
    }
    throw new HsmException(Ckr.KEY_HANDLE_INVALID, "object " + o.handle() + " is not a key");
  }

  /** A key's algorithm: its public half's when known, else the name of its key type. */
  static String algorithmOf(long keyType, PublicKey publicPart) {
    if (publicPart != null) {
      return publicPart.getAlgorithm();
    }
    String name = KeyTypes.algorithm(keyType);
    return name != null ? name : "Unknown";
  }
}
