package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018 §5.2) over the password bytes as given (PKCS#11 passes bytes, unlike the JDK's
 * char[] SecretKeyFactory), with the fastest HMAC from the decision table.
 */
final class Pbkdf2 implements Deriver {
  /** Iterations are bounded so one call cannot occupy the device indefinitely. */
  static final int MAX_ITERATIONS = 10_000_000;

  private final Pbkdf2Params params;

  Pbkdf2(Pbkdf2Params params) {
    this.params = params;
  }

  @Override
  public byte[] derive(Key ignored, int lengthBytes) throws HsmException {
    if (lengthBytes <= 0) {
      throw new HsmException(
          Ckr.TEMPLATE_INCOMPLETE, "PBKDF2 needs the key length (CKA_VALUE_LEN)");
    }
    if (params.iterations() > MAX_ITERATIONS) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          "PBKDF2 iteration count " + params.iterations() + ": at most " + MAX_ITERATIONS);
    }
    byte[] password = params.password();
    if (password.length == 0) {
      // The JCA refuses empty HMAC keys; an empty password is no secret anyway.
      throw new HsmException(Ckr.MECHANISM_PARAM_INVALID, "PBKDF2 password must not be empty");
    }
    String alg = "Hmac" + params.prf().signatureToken();
    SecretKeySpec key = new SecretKeySpec(password, alg);
    Primitives.PoolKey pool = Primitives.PoolKey.of("Mac", alg, key);
    Mac mac =
        Primitives.acquire(
            pool,
            (a, p) -> Mac.getInstance(a, p),
            m -> m.init(key),
            Ckr.MECHANISM_PARAM_INVALID,
            "PBKDF2 cannot use this password");
    byte[] salt = params.salt();
    int hLen = mac.getMacLength();
    byte[] out = new byte[lengthBytes];
    byte[] u = new byte[hLen];
    byte[] t = new byte[hLen];
    for (int block = 1, off = 0; off < lengthBytes; block++) {
      mac.update(salt);
      mac.update(
          new byte[] {
            (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block
          });
      try {
        mac.doFinal(u, 0);
        System.arraycopy(u, 0, t, 0, hLen);
        for (int i = 1; i < params.iterations(); i++) {
          mac.update(u);
          mac.doFinal(u, 0);
          for (int j = 0; j < hLen; j++) {
            t[j] ^= u[j];
          }
        }
      } catch (javax.crypto.ShortBufferException e) {
        throw Primitives.general("PBKDF2", e);
      }
      int n = Math.min(hLen, lengthBytes - off);
      System.arraycopy(t, 0, out, off, n);
      off += n;
    }
    Arrays.fill(u, (byte) 0);
    Arrays.fill(t, (byte) 0);
    Primitives.release(pool, mac);
    return out;
  }
}
