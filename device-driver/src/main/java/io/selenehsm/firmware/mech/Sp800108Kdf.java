package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import javax.crypto.Mac;

/**
 * NIST SP 800-108r1 §4.1 KDF in counter mode: K(i) = PRF(K_I, [i]_32 || Label || 0x00 || Context ||
 * [L]_32), i from 1, output the first L bits.
 */
final class Sp800108Kdf implements Deriver {
  private final KdfParams params;

  Sp800108Kdf(KdfParams params) {
    this.params = params;
  }

  @Override
  public byte[] derive(Key baseKey, int lengthBytes) throws HsmException {
    if (lengthBytes <= 0) {
      throw new HsmException(
          Ckr.TEMPLATE_INCOMPLETE,
          "SP 800-108 derivation needs the derived key length (CKA_VALUE_LEN)");
    }
    String alg =
        params.prfMechanism() == Ckm.AES_CMAC ? "AESCMAC" : hmacName(params.prfMechanism());
    Primitives.PoolKey pool = Primitives.PoolKey.of("Mac", alg, baseKey);
    Mac mac =
        Primitives.acquire(
            pool,
            (a, p) -> Mac.getInstance(a, p),
            m -> m.init(baseKey),
            Ckr.KEY_TYPE_INCONSISTENT,
            alg + " PRF cannot use the base key");
    byte[] label = params.label();
    byte[] context = params.context();
    byte[] lBits = int32(lengthBytes * 8L);
    byte[] out = new byte[lengthBytes];
    int off = 0;
    for (int i = 1; off < lengthBytes; i++) {
      mac.update(int32(i));
      mac.update(label);
      mac.update((byte) 0);
      mac.update(context);
      mac.update(lBits);
      byte[] block = mac.doFinal();
      int n = Math.min(block.length, lengthBytes - off);
      System.arraycopy(block, 0, out, off, n);
      off += n;
    }
    Primitives.release(pool, mac);
    return out;
  }

  private static String hmacName(long prf) throws HsmException {
    for (Hash h : Hash.values()) {
      if (h.digestMechanism() + 1 == prf) { // CKM_<hash>_HMAC is the digest mechanism + 1
        return "Hmac" + h.signatureToken();
      }
    }
    throw new HsmException(
        Ckr.MECHANISM_PARAM_INVALID, "unknown SP 800-108 PRF 0x" + Long.toHexString(prf));
  }

  private static byte[] int32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
