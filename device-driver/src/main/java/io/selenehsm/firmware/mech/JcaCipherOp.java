package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * A symmetric encryption or decryption on a pooled javax.crypto.Cipher (AES and DES3 modes, GCM,
 * CTR, KW/KWP). Provider exceptions become the PKCS#11 codes for length and integrity.
 */
final class JcaCipherOp implements CipherOperation, Primitives.Init<Cipher>, Supplier<String> {
  private static final Primitives.Factory<Cipher> FACTORY = Cipher::getInstance;

  private final String transformation;
  private final Primitives.PoolKey pool;
  private final boolean decrypting;
  private final byte[] generatedIv;
  private final long maxBytes;

  /** What {@link #init} sets the pooled cipher up with; dropped once it has run. */
  private Key key;

  private AlgorithmParameterSpec spec;
  private SecureRandom random;
  private byte[] aad;

  private Cipher cipher;
  private long processed;

  private JcaCipherOp(
      String transformation,
      Primitives.PoolKey pool,
      boolean decrypting,
      Key key,
      AlgorithmParameterSpec spec,
      SecureRandom random,
      byte[] aad,
      byte[] generatedIv,
      long maxBytes) {
    this.transformation = transformation;
    this.pool = pool;
    this.decrypting = decrypting;
    this.key = key;
    this.spec = spec;
    this.random = random;
    this.aad = aad;
    this.generatedIv = generatedIv;
    this.maxBytes = maxBytes;
  }

  /**
   * {@code generatedIv} is reported back to the caller (null when the caller chose it); {@code aad}
   * is GCM's additional data; {@code maxBytes} bounds the data (CTR counter space), -1 for no
   * bound.
   */
  static JcaCipherOp start(
      String transformation,
      boolean decrypting,
      Key key,
      AlgorithmParameterSpec spec,
      SecureRandom random,
      byte[] aad,
      byte[] generatedIv,
      long maxBytes)
      throws HsmException {
    Primitives.PoolKey pool = Primitives.PoolKey.of("Cipher", transformation, key);
    // The operation is its own initialiser and failure description: a 1 KiB AES-GCM allocated
    // two closures per call for them.
    JcaCipherOp op =
        new JcaCipherOp(
            transformation, pool, decrypting, key, spec, random, aad, generatedIv, maxBytes);
    op.cipher = Primitives.acquire(pool, FACTORY, op, Ckr.KEY_TYPE_INCONSISTENT, op);
    op.key = null;
    op.spec = null;
    op.random = null;
    op.aad = null;
    return op;
  }

  /** Sets a pooled or new cipher up for this operation (a refusal moves on to the next one). */
  @Override
  public void init(Cipher ci) throws GeneralSecurityException {
    int mode = decrypting ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE;
    if (spec == null) {
      ci.init(mode, key, random);
    } else {
      ci.init(mode, key, spec, random);
    }
    if (aad != null && aad.length > 0) {
      ci.updateAAD(aad);
    }
  }

  /** The failure message when no provider accepts the key or parameters. */
  @Override
  public String get() {
    return transformation + " cannot use this key or parameter";
  }

  @Override
  public byte[] update(byte[] data, int offset, int length) throws HsmException {
    live();
    account(length);
    byte[] out = cipher.update(data, offset, length);
    return out == null ? new byte[0] : out;
  }

  @Override
  public byte[] doFinal() throws HsmException {
    live();
    return finish(Cipher::doFinal, null);
  }

  /**
   * Single-part: one {@code doFinal(data)} on the provider. The interface's default (update, then
   * doFinal, joined in a buffer) copies the data three more times, which showed in the 16 KiB
   * AES-GCM benchmark.
   */
  @Override
  public byte[] process(byte[] data) throws HsmException {
    live();
    account(data.length);
    return finish(null, data);
  }

  @FunctionalInterface
  private interface FinalStep {
    byte[] run(Cipher c) throws GeneralSecurityException;
  }

  /**
   * The last call on the cipher: the operation ends, the instance is pooled only on success. With
   * no {@code step}, the call is {@code doFinal(data)} (single-part: no closure per call).
   */
  private byte[] finish(FinalStep step, byte[] data) throws HsmException {
    Cipher c = cipher;
    cipher = null;
    if (decrypting && processed == 0 && transformation.endsWith("PKCS5Padding")) {
      // A padded ciphertext holds at least one block; SunJCE would return empty plaintext.
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_LEN_RANGE,
          "empty ciphertext: " + transformation + " needs at least one block");
    }
    try {
      byte[] out = step == null ? c.doFinal(data) : step.run(c);
      Primitives.release(pool, c);
      return out;
    } catch (AEADBadTagException e) {
      throw new HsmException(Ckr.ENCRYPTED_DATA_INVALID, "authentication tag does not match", e);
    } catch (BadPaddingException e) {
      throw new HsmException(
          decrypting ? Ckr.ENCRYPTED_DATA_INVALID : Ckr.DATA_INVALID,
          "padding or integrity check failed",
          e);
    } catch (IllegalBlockSizeException e) {
      throw new HsmException(
          decrypting ? Ckr.ENCRYPTED_DATA_LEN_RANGE : Ckr.DATA_LEN_RANGE,
          "input length does not fit " + transformation + ": " + e.getMessage(),
          e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw Primitives.general(transformation + " failed", e);
    }
  }

  @Override
  public Optional<byte[]> generatedIv() {
    return Optional.ofNullable(generatedIv).map(byte[]::clone);
  }

  private void account(int length) throws HsmException {
    processed += length;
    if (maxBytes >= 0 && processed > maxBytes) {
      cipher = null;
      throw new HsmException(
          decrypting ? Ckr.ENCRYPTED_DATA_LEN_RANGE : Ckr.DATA_LEN_RANGE,
          "data of " + processed + " bytes would wrap the CTR counter (at most " + maxBytes + ")");
    }
  }

  private void live() throws HsmException {
    if (cipher == null) {
      throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the cipher operation has finished");
    }
  }
}
