package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Optional;
import javax.crypto.Cipher;

/**
 * RSA encryption and decryption (PKCS#1 v1.5, OAEP, raw), single-part in nature: updates are
 * buffered. Every decryption failure after the public length check is one code with one message, so
 * padding validity is not revealed by the error.
 */
final class RsaCipherOp implements CipherOperation {
  private final String transformation;
  private final Key key;
  private final AlgorithmParameterSpec spec;
  private final SecureRandom random;
  private final boolean decrypting;
  private final int modulusBytes;
  private final int maxPlaintext;
  private final ByteArrayOutputStream input = new ByteArrayOutputStream();
  private boolean done;

  RsaCipherOp(
      String transformation,
      Key key,
      AlgorithmParameterSpec spec,
      SecureRandom random,
      boolean decrypting,
      int paddingOverhead) {
    this.transformation = transformation;
    this.key = key;
    this.spec = spec;
    this.random = random;
    this.decrypting = decrypting;
    this.modulusBytes = RsaKeys.modulusBytes((RSAKey) key);
    this.maxPlaintext = modulusBytes - paddingOverhead;
  }

  @Override
  public byte[] update(byte[] data, int offset, int length) throws HsmException {
    if (done) {
      throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the RSA operation has finished");
    }
    input.write(data, offset, length);
    return new byte[0];
  }

  @Override
  public byte[] doFinal() throws HsmException {
    if (done) {
      throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the RSA operation has finished");
    }
    done = true;
    byte[] in = input.toByteArray();
    if (decrypting && in.length != modulusBytes) {
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_LEN_RANGE,
          "ciphertext length " + in.length + ": must be the modulus length " + modulusBytes);
    }
    if (!decrypting && in.length > maxPlaintext) {
      throw new HsmException(
          Ckr.DATA_LEN_RANGE,
          "plaintext length " + in.length + ": at most " + maxPlaintext + " bytes for this key");
    }
    int mode = decrypting ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE;
    Primitives.PoolKey pool = Primitives.PoolKey.of("Cipher", transformation, key);
    Cipher c =
        Primitives.acquire(
            pool,
            (alg, p) -> Cipher.getInstance(alg, p),
            ci -> {
              if (spec == null) {
                ci.init(mode, key, random);
              } else {
                ci.init(mode, key, spec, random);
              }
            },
            Ckr.KEY_TYPE_INCONSISTENT,
            transformation + " cannot use this key or parameter");
    try {
      byte[] out = c.doFinal(in);
      Primitives.release(pool, c);
      return out;
    } catch (Exception e) {
      if (decrypting) {
        throw new HsmException(Ckr.ENCRYPTED_DATA_INVALID, "RSA decryption failed");
      }
      throw new HsmException(Ckr.DATA_LEN_RANGE, "RSA encryption refused the input", e);
    }
  }

  @Override
  public Optional<byte[]> generatedIv() {
    return Optional.empty();
  }
}
