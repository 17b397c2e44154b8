package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.MessageDigest;
import java.util.Arrays;

/** ANSI X9.63 KDF (SEC 1 §3.6.1): Hash(Z || counter32 || SharedInfo) blocks, counter from 1. */
final class X963Kdf {
  private X963Kdf() {}

  static byte[] apply(EcdhParams.Kdf kdf, byte[] z, byte[] sharedInfo, int lengthBytes)
      throws HsmException {
    if (kdf == EcdhParams.Kdf.NULL) {
      if (lengthBytes == 0 || lengthBytes == z.length) {
        return z.clone();
      }
      if (lengthBytes > z.length) {
        throw new HsmException(
            Ckr.KEY_SIZE_RANGE,
            "derived key of " + lengthBytes + " bytes: the raw secret has only " + z.length);
      }
      // PKCS#11: a shorter key takes the low-order (rightmost) bytes of Z.
      return Arrays.copyOfRange(z, z.length - lengthBytes, z.length);
    }
    Hash h = kdf.hash();
    int len = lengthBytes == 0 ? h.length() : lengthBytes;
    MessageDigest md = Digests.get(h);
    byte[] out = new byte[len];
    int off = 0;
    for (int counter = 1; off < len; counter++) {
      md.update(z);
      md.update(
          new byte[] {
            (byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter
          });
      md.update(sharedInfo);
      byte[] block = md.digest();
      int n = Math.min(block.length, len - off);
      System.arraycopy(block, 0, out, off, n);
      off += n;
    }
    Digests.release(h, md);
    return out;
  }
}
