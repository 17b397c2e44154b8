package io.selenehsm.firmware.object;

import java.util.function.Supplier;

/**
 * An attribute value worked out when something first reads it: a generated private key's PKCS#8
 * encoding, which most session keys never need (they are used through the key object the engine
 * keeps and destroyed). The encoder runs at most once; its result is the value from then on.
 *
 * <p>Concurrency: one value may sit in attribute sets read by many threads. The first reader
 * encodes under the instance's lock; the result is published through a volatile field, so later
 * readers take no lock. The encoder (and what it holds, such as the key object) is dropped once it
 * has run. An encoder that answers null fails every read with {@link IllegalStateException}: the
 * engine checks the key's encoding format before it defers, so this is a bug, not an input error.
 */
public final class DeferredValue {
  private volatile byte[] value;

  /** Guarded by {@code this}; null once the value is known. */
  private Supplier<byte[]> encoder;

  private DeferredValue(Supplier<byte[]> encoder) {
    this.encoder = encoder;
  }

  /** A value {@code encoder} makes on first read; the array it returns is kept, never written. */
  public static DeferredValue of(Supplier<byte[]> encoder) {
    if (encoder == null) {
      throw new IllegalArgumentException("a deferred value needs an encoder");
    }
    return new DeferredValue(encoder);
  }

  /** The value, encoded on the first call; callers inside the engine must not modify it. */
  byte[] get() {
    byte[] v = value;
    if (v != null) {
      return v;
    }
    synchronized (this) {
      if (value == null) {
        byte[] made = encoder.get();
        if (made == null) {
          throw new IllegalStateException("a deferred attribute value encoded to nothing");
        }
        value = made;
        encoder = null;
      }
      return value;
    }
  }

  /** Whether the value has been worked out. */
  boolean isDone() {
    return value != null;
  }
}
