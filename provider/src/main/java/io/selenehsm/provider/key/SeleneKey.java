package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.DefaultLogin;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyObject;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.security.Key;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;

/**
 * Every key that lives in a Selene partition: a handle to an HSM object, never its secret value.
 * Keys the provider generates, imports or unwraps are session objects until {@link
 * #makePersistent}; they are destroyed when the key becomes unreachable.
 *
 * <p>{@code equals}/{@code hashCode} compare slot and OUID (the object id that survives copies, so
 * a persisted key equals the key it was made from) and never throw. {@code toString} shows
 * attributes, never values. Sensitive keys refuse serialization.
 */
public abstract class SeleneKey implements Key {
  private static final long serialVersionUID = 1L;

  static {
    // Provider internals reach the object behind a key through KeyAccess, never through the API.
    KeyAccess.install(new KeyClasses());
  }

  private final transient KeyObject object;

  /** Package-private: every key class is in this package and is built by {@link SeleneKeys}. */
  SeleneKey(KeyObject object) {
    this.object = object;
  }

  /** The object behind this key, for the key classes; other packages use {@link KeyAccess}. */
  final KeyObject keyObject() {
    return object;
  }

  /** The object handle in its slot. */
  public final long getKeyHandle() {
    return object.handle();
  }

  public final int getSlot() {
    return object.token().slotId();
  }

  /** The object's unique id (12 bytes), the same on every copy of the object. */
  public final byte[] getOUID() {
    return object.ouid().clone();
  }

  /**
   * The day the key became a token object (midnight UTC; the HSM records CKA_DATE_MADE_PERSISTENT
   * for every token object, whoever made it and when), or null for a session key.
   */
  public final Date getDateMadePersistent() {
    return object.persisted();
  }

  public final String getLabel() {
    return object.label();
  }

  public final boolean isPersistent() {
    return object.isToken();
  }

  public final boolean isSensitive() {
    return object.isSensitive();
  }

  public final boolean isExtractable() {
    return object.isExtractable();
  }

  /**
   * Makes the key a token object labelled {@code label} (C_CopyObject with CKA_TOKEN true, then the
   * session copy is destroyed); a token key is just relabelled.
   */
  public final void makePersistent(String label) {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("a persistent key needs a non-empty label");
    }
    try {
      object.makePersistent(label);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /**
   * How many operations the HSM has done with this key (CKA_USAGE_COUNT, read now): a way to see
   * that signatures or decryptions really ran inside the HSM.
   */
  public final long getUsageCount() {
    try {
      return Attributes.decodeLong(object.read(Cka.USAGE_COUNT));
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** Destroys the key's object in the HSM now (token keys included). */
  public final void destroy() {
    try {
      object.destroy();
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /**
   * The key labelled {@code label} in the partition the default SlotManager is logged in to (a
   * private key rather than its public half when a pair shares the label), or null.
   */
  public static SeleneKey locateKeyByAlias(String label) {
    try {
      return (SeleneKey) KeyAccess.locate(DefaultLogin.context().workingToken(), label);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** The key package's side of {@link KeyAccess}. */
  private static final class KeyClasses implements KeyAccess.Keys {
    @Override
    public KeyObject objectOf(Key key) {
      return key instanceof SeleneKey k ? k.object : null;
    }

    @Override
    public Key keyOf(KeyObject object, String algorithm) throws HsmException {
      return SeleneKeys.of(object, algorithm);
    }

    @Override
    public java.security.KeyPair pairOf(KeyObject publicObject, KeyObject privateObject)
        throws HsmException {
      return SeleneKeys.pairOf(publicObject, privateObject);
    }
  }

  /** The stored label, class and flags: what {@code toString} shows besides the algorithm. */
  @Override
  public String toString() {
    String cls =
        switch ((int) object.objectClass()) {
          case (int) Cko.PRIVATE_KEY -> "private";
          case (int) Cko.PUBLIC_KEY -> "public";
          default -> "secret";
        };
    return String.format(
        Locale.ROOT,
        "Selene %s %s key (slot %d, handle %d, %s%s%s, label \"%s\")",
        getAlgorithm(),
        cls,
        getSlot(),
        getKeyHandle(),
        object.isToken() ? "token object" : "session object",
        object.objectClass() == Cko.PUBLIC_KEY
            ? ""
            : object.isSensitive() ? ", sensitive" : ", not sensitive",
        object.objectClass() == Cko.PUBLIC_KEY
            ? ""
            : object.isExtractable() ? ", extractable" : ", not extractable",
        object.label());
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SeleneKey k)) {
      return false;
    }
    return k.object.objectClass() == object.objectClass()
        && k.object.token().slotId() == object.token().slotId()
        && Arrays.equals(k.object.ouid(), object.ouid());
  }

  @Override
  public final int hashCode() {
    return 31 * (31 * object.token().slotId() + (int) object.objectClass())
        + Arrays.hashCode(object.ouid());
  }

  /**
   * Serialization: only what is safe to leave the HSM. Public keys and non-sensitive, extractable
   * keys serialize as their encoding; everything else refuses.
   */
  protected Object writeReplace() throws ObjectStreamException {
    Object replacement = serializableForm();
    if (replacement == null) {
      throw new NotSerializableException(
          "Selene key "
              + getAlgorithm()
              + " (slot "
              + getSlot()
              + ", handle "
              + getKeyHandle()
              + ") is sensitive or not extractable and cannot be"
              + " serialized");
    }
    return replacement;
  }

  /** What {@link #writeReplace} writes, or null when the key may not leave the HSM. */
  protected abstract Object serializableForm();
}
