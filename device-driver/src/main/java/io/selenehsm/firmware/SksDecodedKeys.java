package io.selenehsm.firmware;

import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.HsmException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys decoded from SKS blobs, by OUID: a key that leaves the partition (evicted from the
 * provider's cache, destroyed after use) and comes back in its blob is not decoded again. Decoding
 * a PKCS#8 private key and preparing it for the primitive (ACCP builds its native key once per key
 * object) was most of a cold SKS sign.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li>An entry holds the decoded key and the encoded material it came from; a blob's object
 *       reuses the entry only when its material is the same bytes (compared in constant time), so
 *       an OUID can never lend another object's key. Blobs are verified under the SMK before
 *       anything here is consulted, so the cache grants nothing a blob does not.
 *   <li>It is dropped whole wherever the partition's inserted objects lose their meaning: logout,
 *       the last session of a logged-in application closing, partition deactivation, zeroize,
 *       re-initialisation (see the callers of {@link #clear}). Decoded keys never outlive the login
 *       that inserted them.
 *   <li>Bounded to {@link #CAPACITY} entries, least recently used out first. The insert path is the
 *       cold path (a blob was just verified and decrypted), so one monitor is cheap enough and
 *       keeps the access order exact.
 * </ul>
 */
final class SksDecodedKeys {
  /** Decoded keys kept per partition: bounded memory, enough for a working set of hot keys. */
  static final int CAPACITY = 4096;

  private record Cached(byte[] material, KeyObjects.Decoded decoded) {}

  private final LinkedHashMap<String, Cached> entries =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * Gives a freshly inserted key object its decoded key: the cached one when the same material was
   * decoded before, else decodes it now and remembers it. Objects that are not keys are left alone.
   */
  void seed(HsmObject o) {
    byte[] material = material(o);
    if (material == null) {
      return;
    }
    String ouid = HexFormat.of().formatHex(o.ouid());
    Cached e;
    synchronized (this) {
      e = entries.get(ouid);
    }
    if (e != null && MessageDigest.isEqual(e.material(), material)) {
      o.decodedCache().compareAndSet(null, e.decoded());
      return;
    }
    KeyObjects.Decoded d;
    try {
      d = KeyObjects.decoded(o);
    } catch (HsmException | RuntimeException bad) {
      return; // the first use reports it, as for any object whose material does not decode
    }
    synchronized (this) {
      entries.put(ouid, new Cached(material, d));
    }
  }

  /** Forgets every decoded key (logout, deactivation, zeroize). */
  synchronized void clear() {
    entries.clear();
  }

  synchronized int size() {
    return entries.size();
  }

  /** The encoded key material the decoded key comes from, null for objects that are not keys. */
  private static byte[] material(HsmObject o) {
    long cls = o.objectClass();
    if (cls == Cko.PRIVATE_KEY) {
      return o.attributes().get(Cka.PRIVATE_KEY_INFO);
    }
    if (cls == Cko.SECRET_KEY) {
      return o.attributes().get(Cka.VALUE);
    }
    if (cls == Cko.PUBLIC_KEY) {
      return o.attributes().get(Cka.PUBLIC_KEY_INFO);
    }
    return null;
  }
}
