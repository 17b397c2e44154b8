package io.selenehsm.provider.spi;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.key.SeleneKey;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.MessageDigest;

/**
 * The key and IV of the last GCM encryption a cipher object was initialized for. GCM under a
 * repeated key and IV leaks the authentication key and the XOR of the plaintexts, so, as SunJCE
 * does, a re-init for encryption with the same pair is refused. A Selene key is the same key when
 * it names the same object on the same token; a software key when its value is equal (compared in
 * constant time). Only a digest of a software key's value is kept.
 */
final class GcmIvGuard {
  private Object lastKey;
  private byte[] lastIv;

  void refuseRepeat(Key k, byte[] iv) throws InvalidAlgorithmParameterException {
    if (lastIv != null && MessageDigest.isEqual(iv, lastIv) && sameKey(identity(k), lastKey)) {
      throw Errors.invalidParameter(
          new HsmException(
              Ckr.MECHANISM_PARAM_INVALID,
              "GCM encryption cannot reuse the IV of the last encryption under this key; use a"
                  + " fresh IV (or none, to let the HSM generate one)"));
    }
  }

  void remember(Key k, byte[] iv) {
    lastKey = identity(k);
    lastIv = iv.clone();
  }

  private record Handle(Object token, long handle) {}

  private static Object identity(Key k) {
    if (k instanceof SeleneKey s) {
      return new Handle(KeyAccess.token(s), s.getKeyHandle());
    }
    byte[] v = k.getEncoded();
    if (v == null) {
      return new Object(); // never equal to anything: nothing to compare
    }
    try {
      return MessageDigest.getInstance("SHA-256", "SUN").digest(v);
    } catch (java.security.GeneralSecurityException e) {
      return v.clone();
    }
  }

  private static boolean sameKey(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return MessageDigest.isEqual(x, y);
    }
    return a != null && a.equals(b);
  }
}
