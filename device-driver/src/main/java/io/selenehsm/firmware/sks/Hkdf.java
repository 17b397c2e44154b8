package io.selenehsm.firmware.sks;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA512 (RFC 5869): the per-blob keys derived from an SMK and a blob salt. */
final class Hkdf {
  private static final String HMAC = "HmacSHA512";

  private Hkdf() {}

  static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
    try {
      Mac mac = SoftwareProviders.mac(HMAC);
      mac.init(new SecretKeySpec(salt, HMAC));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, HMAC));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      int done = 0;
      for (int i = 1; done < length; i++) {
        mac.update(t);
        mac.update(info.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      Arrays.fill(prk, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA512 unavailable", e);
    }
  }
}
