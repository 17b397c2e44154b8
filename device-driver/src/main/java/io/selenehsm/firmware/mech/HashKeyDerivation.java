package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.security.MessageDigest;
import java.util.Arrays;

/** CKM_SHA*_KEY_DERIVATION: the derived key is the leading bytes of Hash(base key value). */
final class HashKeyDerivation implements Deriver {
  private final Hash hash;

  HashKeyDerivation(Hash hash) {
    this.hash = hash;
  }

  @Override
  public byte[] derive(Key baseKey, int lengthBytes) throws HsmException {
    byte[] value = baseKey.getEncoded();
    if (value == null) {
      throw new HsmException(Ckr.KEY_TYPE_INCONSISTENT, "base key has no value to hash");
    }
    if (lengthBytes > hash.length()) {
      throw new HsmException(
          Ckr.KEY_SIZE_RANGE,
          "derived key of "
              + lengthBytes
              + " bytes: "
              + hash.jcaName()
              + " gives "
              + hash.length());
    }
    MessageDigest md = Digests.get(hash);
    byte[] h = md.digest(value);
    Digests.release(hash, md);
    Arrays.fill(value, (byte) 0);
    return lengthBytes == 0 ? h : Arrays.copyOf(h, lengthBytes);
  }
}
