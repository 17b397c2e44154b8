package io.selenehsm.provider.spi;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.key.SeleneKey;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The key and IV of the last GCM encryption a cipher object was initialized for. GCM under a
 * repeated key and IV leaks the authentication key and the XOR of the plaintexts, so, as SunJCE
 * does, a re-init for encryption with the same pair is refused. A Selene key is the same key when
 * it names the same object on the same token; a software key when its value is equal (compared in
 * constant time). Only a digest of a software key's value is kept.
 */
final class GcmIvGuard {
  private Object lastKey;
  private byte[] lastIv = new byte[0];

  /** The Selene key of the last encryption: the common case is compared without allocating. */
  private Object lastToken;

  private long lastHandle;

  void refuseRepeat(Key k, byte[] iv) throws InvalidAlgorithmParameterException {
    // The IV is public: a plain comparison. The key's identity is only worked out on a match.
    if (Arrays.equals(iv, lastIv) && sameKey(k)) {
      throw Errors.invalidParameter(
          new HsmException(
              Ckr.MECHANISM_PARAM_INVALID,
              "GCM encryption cannot reuse the IV of the last encryption under this key; use a"
                  + " fresh IV (or none, to let the HSM generate one)"));
    }
  }

  void remember(Key k, byte[] iv) {
    if (k instanceof SeleneKey s) {
      lastToken = KeyAccess.token(s);
      lastHandle = s.getKeyHandle();
      lastKey = null;
    } else {
      lastToken = null;
      lastKey = identity(k);
    }
    if (lastIv.length == iv.length) {
      System.arraycopy(iv, 0, lastIv, 0, iv.length); // reuse: one IV per encryption
    } else {
      lastIv = iv.clone();
    }
  }

  private boolean sameKey(Key k) {
    if (k instanceof SeleneKey s) {
      return lastToken != null
          && lastToken.equals(KeyAccess.token(s))
          && lastHandle == s.getKeyHandle();
    }
    return lastToken == null && sameKey(identity(k), lastKey);
  }

  private static Object identity(Key k) {
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
