package io.selenehsm.provider.internal;

import io.selenehsm.firmware.GeneratedKeyPair;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.util.List;

/**
 * How provider code outside {@code io.selenehsm.provider.key} reaches what a Selene key keeps off
 * its public API: the object behind a key, and new keys for objects. The key package installs the
 * only implementation when {@code SeleneKey} is initialised (the shape of the JDK's shared
 * secrets), so this package never depends on the key classes and users see none of it.
 *
 * <p>Concurrency: one write, under the class lock, while {@code SeleneKey} is initialised; every
 * later read is of a volatile field that no longer changes. A caller that comes before any key
 * class was loaded initialises {@code SeleneKey} itself (by name, to keep the dependency one-way).
 */
public final class KeyAccess {
  private static final String KEY_PACKAGE = "io.selenehsm.provider.key";
  private static final String KEY_CLASS = KEY_PACKAGE + ".SeleneKey";

  /** What the key package offers provider internals. */
  public interface Keys {
    /** The object behind {@code key}, or null when {@code key} is no Selene key. */
    KeyObject objectOf(Key key);

    /** A key of the class that fits {@code object}; {@code algorithm} names a secret key's. */
    Key keyOf(KeyObject object, String algorithm) throws HsmException;

    /** The keys of a pair; the private key may share the public key's decoded public half. */
    java.security.KeyPair pairOf(KeyObject publicObject, KeyObject privateObject)
        throws HsmException;
  }

  private static volatile Keys keys;

  private KeyAccess() {}

  /** Called once, by the key package; a second or a foreign implementation is refused. */
  public static void install(Keys implementation) {
    if (!implementation.getClass().getPackageName().equals(KEY_PACKAGE)) {
      throw new IllegalArgumentException(
          "key access comes from " + KEY_PACKAGE + ", not " + implementation.getClass());
    }
    synchronized (KeyAccess.class) {
      if (keys != null) {
        throw new IllegalStateException("key access is already installed");
      }
      keys = implementation;
    }
  }

  /** Whether {@code key} is a Selene key (held in a partition). */
  public static boolean isSelene(Key key) {
    return key != null && keys().objectOf(key) != null;
  }

  /** The object behind a Selene key, or null for any other key. */
  public static KeyObject object(Key key) {
    return key == null ? null : keys().objectOf(key);
  }

  /** The token a Selene key lives in, or null for any other key. */
  public static Token token(Key key) {
    KeyObject o = object(key);
    return o == null ? null : o.token();
  }

  /** A key for a session object the provider just created and owns. */
  public static Key owned(Token token, long handle, String algorithm) throws HsmException {
    return keys().keyOf(KeyObject.owned(token, handle), algorithm);
  }

  /**
   * The two keys of a pair the provider just generated and owns: both attribute snapshots come
   * through one borrowed session.
   */
  public static java.security.KeyPair ownedPair(Token token, GeneratedKeyPair made)
      throws HsmException {
    return keys()
        .pairOf(
            KeyObject.owned(token, made.publicHandle(), made.publicAttributes()),
            KeyObject.owned(token, made.privateHandle(), made.privateAttributes()));
  }

  /**
   * As {@link #ownedPair(Token, GeneratedKeyPair)} for a pair known by its handles only: both
   * attribute snapshots come through one borrowed session.
   */
  public static java.security.KeyPair ownedPair(Token token, long publicHandle, long privateHandle)
      throws HsmException {
    Attributes[] both =
        token.call(
            (s, h) ->
                new Attributes[] {
                  s.getAttributes(h, publicHandle), s.getAttributes(h, privateHandle)
                });
    return keys()
        .pairOf(
            KeyObject.owned(token, publicHandle, both[0]),
            KeyObject.owned(token, privateHandle, both[1]));
  }

  /** A key for an object found on the token (never destroyed by the provider). */
  public static Key found(Token token, long handle) throws HsmException {
    return keys().keyOf(KeyObject.found(token, handle), null);
  }

  /**
   * The key labelled {@code label} on {@code token}, a private or secret key before a public one (a
   * pair shares its label), or null.
   */
  public static Key locate(Token token, String label) throws HsmException {
    for (long cls : new long[] {Cko.PRIVATE_KEY, Cko.SECRET_KEY, Cko.PUBLIC_KEY}) {
      List<Long> found =
          token.find(Attributes.builder().set(Cka.CLASS, cls).set(Cka.LABEL, label).build());
      if (!found.isEmpty()) {
        return found(token, found.get(0));
      }
    }
    return null;
  }

  private static Keys keys() {
    Keys k = keys;
    if (k == null) {
      try {
        Class.forName(KEY_CLASS, true, KeyAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the provider's key classes are missing", e);
      }
      k = keys;
    }
    return k;
  }
}
