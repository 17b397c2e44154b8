package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.KeyObject;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Token;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPublicKey;

/** Builds the key class that fits an object's class and key type (provider internals). */
public final class SeleneKeys {
  private SeleneKeys() {}

  /** A key for a session object the provider just created and owns. */
  public static SeleneKey owned(Token token, long handle, String algorithm) throws HsmException {
    return of(KeyObject.owned(token, handle), algorithm);
  }

  /**
   * The two keys of a pair the provider just generated and owns: both attribute snapshots come
   * through one borrowed session, and the private key shares the public half decoded for the public
   * key instead of decoding the same CKA_PUBLIC_KEY_INFO again.
   */
  public static java.security.KeyPair ownedPair(Token token, long publicHandle, long privateHandle)
      throws HsmException {
    Attributes[] both =
        token.call(
            (s, h) ->
                new Attributes[] {
                  s.getAttributes(h, publicHandle), s.getAttributes(h, privateHandle)
                });
    SeleneKey pub = of(KeyObject.owned(token, publicHandle, both[0]), null);
    SeleneKey priv = of(KeyObject.owned(token, privateHandle, both[1]), null);
    if (pub instanceof SelenePublicKey p
        && priv instanceof SelenePrivateKey k
        && java.util.Arrays.equals(
            both[0].get(Cka.PUBLIC_KEY_INFO), both[1].get(Cka.PUBLIC_KEY_INFO))) {
      k.sharePublic(p.getSoftwareKey());
    }
    return new java.security.KeyPair((PublicKey) pub, (java.security.PrivateKey) priv);
  }

  /** A key for an object found on the token (never destroyed by the provider). */
  public static SeleneKey found(Token token, long handle) throws HsmException {
    return of(KeyObject.found(token, handle), null);
  }

  public static SeleneKey of(KeyObject o, String algorithm) throws HsmException {
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

  static String algorithmOf(long keyType, PublicKey publicPart) {
    if (publicPart != null) {
      return publicPart.getAlgorithm();
    }
    if (keyType == Ckk.RSA) {
      return "RSA";
    }
    if (keyType == Ckk.EC) {
      return "EC";
    }
    if (keyType == Ckk.EC_EDWARDS) {
      return "EdDSA";
    }
    if (keyType == Ckk.EC_MONTGOMERY) {
      return "XDH";
    }
    if (keyType == Ckk.DSA) {
      return "DSA";
    }
    if (keyType == Ckk.ML_DSA) {
      return "ML-DSA";
    }
    if (keyType == Ckk.ML_KEM) {
      return "ML-KEM";
    }
    return "Unknown";
  }
}
