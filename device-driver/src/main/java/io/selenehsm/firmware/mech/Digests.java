package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.MessageDigest;

/** MessageDigest instances per the decision table, and the Digester operation on them. */
final class Digests {
  private Digests() {}

  static MessageDigest get(Hash h) throws HsmException {
    return Primitives.acquire(
        Primitives.PoolKey.of("MessageDigest", h.jcaName(), null),
        (alg, p) -> MessageDigest.getInstance(alg, p),
        MessageDigest::reset,
        Ckr.MECHANISM_INVALID,
        "no provider has " + h.jcaName());
  }

  static void release(Hash h, MessageDigest md) {
    Primitives.release(Primitives.PoolKey.of("MessageDigest", h.jcaName(), null), md);
  }

  static Digester digester(Hash h) throws HsmException {
    MessageDigest md = get(h);
    return new Digester() {
      private boolean done;

      @Override
      public void update(byte[] data, int offset, int length) throws HsmException {
        live();
        md.update(data, offset, length);
      }

      @Override
      public byte[] digest() throws HsmException {
        live();
        done = true;
        byte[] out = md.digest();
        release(h, md);
        return out;
      }

      private void live() throws HsmException {
        if (done) {
          throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the digest has finished");
        }
      }
    };
  }
}
