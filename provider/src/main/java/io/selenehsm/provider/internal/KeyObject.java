package io.selenehsm.provider.internal;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import java.lang.ref.Cleaner;
import java.util.Date;

/**
 * The object behind a Selene key: its token, handle and a snapshot of its readable attributes. A
 * session object the provider created is <em>owned</em>: when the key becomes unreachable a {@link
 * Cleaner} destroys it (a backstop; the object session closing destroys it too). Objects found on
 * the token (token objects, or session objects another key owns) are never destroyed.
 *
 * <p>Concurrency. A key, and so its object, may be used by many threads at once. Token, class and
 * key type never change. {@code handle} and the attribute snapshot (with its usage flags) are
 * volatile and change only in {@link #makePersistent} and never after {@link #destroy}; those two
 * are synchronized on the object, so they never interleave. Benign races: an operation that read
 * the session handle just before {@code makePersistent} swapped in the token copy fails with the
 * engine's invalid-handle code (the caller raced its own persist), and a reader may see the old
 * snapshot until the new one is written. The cleaner's {@code owned} flag is volatile and is
 * cleared before a persist or destroy, so the cleaner never destroys an object twice or a token
 * object at all; it runs only once the key is unreachable, never during a method of it.
 */
public final class KeyObject {
  private static final Cleaner CLEANER = Cleaner.create();

  /** What the cleaner needs; holds no reference back to the key. */
  private static final class Release implements Runnable {
    private final Token token;
    private final long anchorGeneration;
    private volatile long handle;
    private volatile boolean owned = true;

    Release(Token token, long handle, long anchorGeneration) {
      this.token = token;
      this.handle = handle;
      this.anchorGeneration = anchorGeneration;
    }

    @Override
    public void run() {
      if (owned) {
        owned = false;
        token.destroySessionObject(handle, anchorGeneration);
      }
    }
  }

  private final Token token;
  private final long objectClass;
  private final long keyType;
  private volatile long handle;

  /**
   * The attribute snapshot with its usage flags worked out once (read on every cipher, MAC and
   * signature init); replaced as a whole, so the flags always belong to the snapshot beside them.
   */
  private volatile Snapshot snapshot;

  private volatile boolean usageSettled;
  private final Release release;
  private final Cleaner.Cleanable cleanable;

  private KeyObject(Token token, long handle, Attributes attributes, boolean owned) {
    this.token = token;
    this.handle = handle;
    this.snapshot = new Snapshot(attributes);
    this.objectClass = attributes.ulong(Cka.CLASS, -1);
    this.keyType = attributes.ulong(Cka.KEY_TYPE, -1);
    if (owned) {
      release = new Release(token, handle, token.pool().anchorGeneration());
      cleanable = CLEANER.register(this, release);
    } else {
      release = null;
      cleanable = null;
    }
  }

  /** A session object the provider just created: destroyed once this is unreachable. */
  public static KeyObject owned(Token token, long handle) throws HsmException {
    return new KeyObject(token, handle, token.attributes(handle), true);
  }

  /** As {@link #owned(Token, long)}, with the snapshot the caller already read. */
  public static KeyObject owned(Token token, long handle, Attributes attributes) {
    return new KeyObject(token, handle, attributes, true);
  }

  /** An object found on the token: never destroyed by the provider. */
  public static KeyObject found(Token token, long handle) throws HsmException {
    return new KeyObject(token, handle, token.attributes(handle), false);
  }

  public Token token() {
    return token;
  }

  public long handle() {
    return handle;
  }

  public long objectClass() {
    return objectClass;
  }

  public long keyType() {
    return keyType;
  }

  /** The readable attributes as they were when the key was made (or last changed). */
  public Attributes attributes() {
    return snapshot.attributes();
  }

  /**
   * Whether the snapshot allows the usage attribute {@code usage} ({@code Cka.ENCRYPT}, {@code
   * Cka.SIGN}, ...); an absent attribute allows it, as the engine's default. The snapshot's rules:
   * it changes when the provider re-reads the object ({@link #settleUsage}, {@link
   * #makePersistent}); the engine checks the object itself at every use.
   */
  public boolean allows(long usage) {
    return snapshot.allows(usage);
  }

  /**
   * Re-reads the attributes once, after the key's first successful use: a partition that keeps key
   * purposes apart (policy 1000 off) commits the key to that use then, turning the other usage
   * attribute false, and an operation started later should be refused at init, not at its first
   * update. One read per key; a failed read keeps the snapshot (the engine still decides at use).
   */
  public void settleUsage() {
    if (usageSettled) {
      return;
    }
    usageSettled = true;
    try {
      snapshot = new Snapshot(token.attributes(handle));
    } catch (HsmException e) {
      // The snapshot stays; the engine refuses a use the key no longer allows.
    }
  }

  public boolean isToken() {
    return attributes().bool(Cka.TOKEN, false);
  }

  public boolean isSensitive() {
    return attributes().bool(Cka.SENSITIVE, false);
  }

  public boolean isExtractable() {
    return attributes().bool(Cka.EXTRACTABLE, false);
  }

  public String label() {
    String l = attributes().string(Cka.LABEL);
    return l == null ? "" : l;
  }

  public byte[] ouid() {
    byte[] o = attributes().get(Cka.OUID);
    return o == null ? new byte[0] : o;
  }

  /**
   * When the object became a token object: the engine's CKA_DATE_MADE_PERSISTENT (a CK_DATE,
   * YYYYMMDD, UTC) as midnight UTC of that day, whoever persisted it; null for session objects.
   */
  public Date persisted() {
    byte[] d = attributes().get(Cka.DATE_MADE_PERSISTENT);
    if (d == null || d.length != 8) {
      return null;
    }
    try {
      java.time.LocalDate day =
          java.time.LocalDate.parse(
              new String(d, java.nio.charset.StandardCharsets.US_ASCII),
              java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
      return Date.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Copies the object to a token object labelled {@code label} and destroys the session copy; a
   * token object only gets the new label.
   */
  public synchronized void makePersistent(String label) throws HsmException {
    Attributes labelOnly = Attributes.builder().set(Cka.LABEL, label).build();
    if (isToken()) {
      token.withObjectSession(
          (s, h) -> {
            s.setAttributes(h, handle, labelOnly);
            return null;
          });
    } else {
      long old = handle;
      long copy =
          token.withObjectSession(
              (s, h) ->
                  s.copyObject(
                      h,
                      old,
                      Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, label).build()));
      handle = copy;
      if (release != null) {
        release.owned = false;
      }
      token.withObjectSession(
          (s, h) -> {
            s.destroyObject(h, old);
            return null;
          });
    }
    snapshot = new Snapshot(token.attributes(handle));
  }

  /** Destroys the object now (owned or not). */
  public synchronized void destroy() throws HsmException {
    if (release != null) {
      release.owned = false;
    }
    token.withObjectSession(
        (s, h) -> {
          s.destroyObject(h, handle);
          return null;
        });
  }

  /** Reads one attribute from the HSM (for values not in the snapshot). */
  public byte[] read(long type) throws HsmException {
    return token.call((s, h) -> s.getAttribute(h, handle, type));
  }

  /** Whether the provider still owns (and will destroy) the object. */
  public boolean isOwned() {
    return release != null && release.owned;
  }

  /** Keeps {@code cleanable} reachable for as long as this object is (javac would drop it). */
  Cleaner.Cleanable cleanable() {
    return cleanable;
  }

  /** An attribute snapshot and the usage flags decided from it. */
  private static final class Snapshot {
    /** The usage attributes with a flag, in bit order. */
    private static final long[] USAGES = {
      Cka.ENCRYPT, Cka.DECRYPT, Cka.SIGN, Cka.VERIFY, Cka.WRAP, Cka.UNWRAP, Cka.DERIVE
    };

    private final Attributes attributes;
    private final int allowed;

    Snapshot(Attributes attributes) {
      this.attributes = attributes;
      int bits = 0;
      for (int i = 0; i < USAGES.length; i++) {
        if (attributes.bool(USAGES[i], true)) {
          bits |= 1 << i;
        }
      }
      this.allowed = bits;
    }

    Attributes attributes() {
      return attributes;
    }

    boolean allows(long usage) {
      for (int i = 0; i < USAGES.length; i++) {
        if (USAGES[i] == usage) {
          return (allowed & (1 << i)) != 0;
        }
      }
      return attributes.bool(usage, true); // not a flagged usage: read the snapshot
    }
  }
}
