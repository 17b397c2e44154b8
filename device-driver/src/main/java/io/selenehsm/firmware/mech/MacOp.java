package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.Mac;

/** HMAC, CMAC and GMAC as sign/verify, optionally truncated (*_GENERAL); constant-time check. */
final class MacOp implements SignatureOperation, Primitives.Init<Mac>, Supplier<String> {
  private static final Primitives.Factory<Mac> FACTORY = Mac::getInstance;

  private final Primitives.PoolKey pool;
  private final String algorithm;
  private int outputLength;

  /**
   * The key a finished MAC stays initialised with, null when the next use must init (GMAC's IV).
   */
  private final Key reusableKey;

  /** What {@link #init} sets the pooled MAC up with; dropped once it has run. */
  private Key key;

  private AlgorithmParameterSpec spec;

  private Mac mac;

  private MacOp(
      Primitives.PoolKey pool,
      String algorithm,
      Key key,
      AlgorithmParameterSpec spec,
      Key reusable) {
    this.pool = pool;
    this.algorithm = algorithm;
    this.key = key;
    this.spec = spec;
    this.reusableKey = reusable;
  }

  /** {@code outputLength} 0 means the full MAC. */
  static MacOp start(String algorithm, Key key, AlgorithmParameterSpec spec, int outputLength)
      throws HsmException {
    Primitives.PoolKey pool = Primitives.PoolKey.of("Mac", algorithm, key);
    // doFinal leaves a Mac initialised with its key; with per-operation parameters it is not
    // reusable. The operation is its own initialiser and failure description (no closures per
    // call on the 1 KiB HMAC path).
    MacOp op = new MacOp(pool, algorithm, key, spec, spec == null ? key : null);
    Mac m =
        Primitives.acquireInitialised(
            pool, op.reusableKey, FACTORY, op, Ckr.KEY_TYPE_INCONSISTENT, op);
    op.key = null;
    op.spec = null;
    int full = m.getMacLength();
    if (outputLength > full) {
      Primitives.release(pool, m);
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          "MAC length " + outputLength + " bytes: " + algorithm + " gives at most " + full);
    }
    op.mac = m;
    op.outputLength = outputLength == 0 ? full : outputLength;
    return op;
  }

  @Override
  public void init(Mac m) throws GeneralSecurityException {
    m.init(key, spec);
  }

  /** The failure message when no provider accepts the key. */
  @Override
  public String get() {
    return algorithm + " cannot use this key";
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
