package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;

/** A signature or verification on a pooled java.security.Signature. */
final class JcaSignatureOp implements SignatureOperation {
  private final Primitives.PoolKey poolKey;
  private final SignatureCodec codec;
  private final int maxInput;
  private Signature signature;
  private long fed;

  private JcaSignatureOp(
      Primitives.PoolKey poolKey, Signature signature, SignatureCodec codec, int maxInput) {
    this.poolKey = poolKey;
    this.signature = signature;
    this.codec = codec;
    this.maxInput = maxInput;
  }

  /**
   * Starts an operation. {@code maxInput} bounds the data of single-part raw mechanisms (-1 for
   * none); {@code variant} (compared with equals) separates pools of the same algorithm whose keys
   * need different providers (e.g. the curve's order).
   */
  static JcaSignatureOp start(
      String algorithm,
      Object variant,
      Key key,
      AlgorithmParameterSpec spec,
      SignatureCodec codec,
      int maxInput,
      SecureRandom random)
      throws HsmException {
    boolean signing = key instanceof PrivateKey;
    Primitives.PoolKey poolKey = Primitives.PoolKey.of("Signature", algorithm, variant, key);
    Signature s =
        Primitives.acquire(
            poolKey,
            (alg, p) -> Signature.getInstance(algorithm, p),
            sig -> {
              if (signing) {
                sig.initSign((PrivateKey) key, random);
              } else {
                sig.initVerify((PublicKey) key);
              }
              if (spec != null) {
                sig.setParameter(spec); // after init: BC's ML-DSA needs the key first
              }
            },
            Ckr.KEY_TYPE_INCONSISTENT,
            () -> algorithm + " cannot use this " + key.getAlgorithm() + " key");
    return new JcaSignatureOp(poolKey, s, codec, maxInput);
  }

  @Override
  public void update(byte[] data, int offset, int length) throws HsmException {
    live();
    fed += length;
    if (maxInput >= 0 && fed > maxInput) {
      abandon();
      throw new HsmException(
          Ckr.DATA_LEN_RANGE,
          "input of " + fed + " bytes: this mechanism takes at most " + maxInput);
    }
    try {
      signature.update(data, offset, length);
    } catch (GeneralSecurityException | RuntimeException e) {
      abandon();
      throw Primitives.general("signature update failed", e);
    }
  }

  @Override
  public byte[] sign() throws HsmException {
    live();
    try {
      return codec.fromProvider(signature.sign());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new HsmException(Ckr.DATA_LEN_RANGE, "cannot sign this input: " + e.getMessage(), e);
    } finally {
      finish();
    }
  }

  @Override
  public void verify(byte[] callerSignature) throws HsmException {
    live();
    boolean ok;
    try {
      if (fed == 0) {
        // ACCP's Ed25519 refuses a valid signature of the empty message when verify() comes
        // without any update(); an empty update makes it see the (empty) message.
        signature.update(new byte[0], 0, 0);
      }
      ok = signature.verify(codec.toProvider(callerSignature));
    } catch (GeneralSecurityException | RuntimeException e) {
      ok = false;
    } finally {
      finish();
    }
    if (!ok) {
      throw new HsmException(Ckr.SIGNATURE_INVALID, "signature does not verify");
    }
  }

  private void live() throws HsmException {
    if (signature == null) {
      throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the signature operation has finished");
    }
  }

  private void finish() {
    Primitives.release(poolKey, signature);
    signature = null;
  }

  private void abandon() {
    signature = null; // a failed instance may be in an odd state: let the GC have it
  }
}
