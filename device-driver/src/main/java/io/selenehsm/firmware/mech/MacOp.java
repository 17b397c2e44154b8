package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Mac;

/** HMAC, CMAC and GMAC as sign/verify, optionally truncated (*_GENERAL); constant-time check. */
final class MacOp implements SignatureOperation {
  private final Primitives.PoolKey pool;
  private final int outputLength;

  /**
   * The key a finished MAC stays initialised with, null when the next use must init (GMAC's IV).
   */
  private final Key reusableKey;

  private Mac mac;

  private MacOp(Primitives.PoolKey pool, Mac mac, int outputLength, Key reusableKey) {
    this.pool = pool;
    this.mac = mac;
    this.outputLength = outputLength;
    this.reusableKey = reusableKey;
  }

  /** {@code outputLength} 0 means the full MAC. */
  static MacOp start(String algorithm, Key key, AlgorithmParameterSpec spec, int outputLength)
      throws HsmException {
    Primitives.PoolKey pool = Primitives.PoolKey.of("Mac", algorithm, key);
    // doFinal leaves a Mac initialised with its key; with per-operation parameters it is not
    // reusable.
    Key reusable = spec == null ? key : null;
    Mac m =
        Primitives.acquireInitialised(
            pool,
            reusable,
            (alg, p) -> Mac.getInstance(alg, p),
            mac -> mac.init(key, spec),
            Ckr.KEY_TYPE_INCONSISTENT,
            () -> algorithm + " cannot use this key");
    int full = m.getMacLength();
    if (outputLength > full) {
      Primitives.release(pool, m);
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          "MAC length " + outputLength + " bytes: " + algorithm + " gives at most " + full);
    }
    return new MacOp(pool, m, outputLength == 0 ? full : outputLength, reusable);
  }

  @Override
  public void update(byte[] data, int offset, int length) throws HsmException {
    live();
    try {
      mac.update(data, offset, length);
    } catch (RuntimeException e) {
      mac = null;
      throw Primitives.general("MAC update failed", e);
    }
  }

  @Override
  public byte[] sign() throws HsmException {
    live();
    byte[] full = mac.doFinal();
    if (reusableKey != null) {
      Primitives.releaseInitialised(pool, mac, reusableKey);
    } else {
      Primitives.release(pool, mac);
    }
    mac = null;
    return full.length == outputLength ? full : Arrays.copyOf(full, outputLength);
  }

  @Override
  public void verify(byte[] tag) throws HsmException {
    byte[] expected = sign();
    if (tag.length != outputLength) {
      throw new HsmException(
          Ckr.SIGNATURE_LEN_RANGE, "MAC length " + tag.length + " bytes: must be " + outputLength);
    }
    if (!MessageDigest.isEqual(expected, tag)) {
      throw new HsmException(Ckr.SIGNATURE_INVALID, "MAC does not match");
    }
  }

  private void live() throws HsmException {
    if (mac == null) {
      throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the MAC operation has finished");
    }
  }
}
