package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.security.Key;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;

/** CKM_RSA_X_509 sign/verify: the bare RSA private/public operation on a left-padded block. */
final class RawRsaSignatureOp implements SignatureOperation {
  private final Key key;
  private final SecureRandom random;
  private final int modulusBytes;
  private final ByteArrayOutputStream input = new ByteArrayOutputStream();

  RawRsaSignatureOp(Key key, SecureRandom random) {
    this.key = key;
    this.random = random;
    this.modulusBytes = RsaKeys.modulusBytes((RSAKey) key);
  }

  @Override
  public void update(byte[] data, int offset, int length) {
    input.write(data, offset, length);
  }

  @Override
  public byte[] sign() throws HsmException {
    // The private operation of the raw cipher in encrypt mode is the signature primitive.
    return new RsaCipherOp("RSA/ECB/NoPadding", key, null, random, false, 0).process(block());
  }

  @Override
  public void verify(byte[] signature) throws HsmException {
    if (signature.length != modulusBytes) {
      throw new HsmException(
          Ckr.SIGNATURE_LEN_RANGE,
          "signature length " + signature.length + ": must be " + modulusBytes + " bytes");
    }
    byte[] recovered;
    try {
      recovered =
          new RsaCipherOp("RSA/ECB/NoPadding", key, null, random, true, 0).process(signature);
    } catch (HsmException e) {
      throw new HsmException(Ckr.SIGNATURE_INVALID, "signature is not below the modulus");
    }
    if (!MessageDigest.isEqual(leftPad(recovered), block())) {
      throw new HsmException(Ckr.SIGNATURE_INVALID, "signature does not verify");
    }
  }

  private byte[] block() throws HsmException {
    byte[] in = input.toByteArray();
    if (in.length > modulusBytes) {
      throw new HsmException(
          Ckr.DATA_LEN_RANGE,
          "input length " + in.length + ": at most the modulus length " + modulusBytes);
    }
    return leftPad(in);
  }

  private byte[] leftPad(byte[] in) {
    byte[] out = new byte[modulusBytes];
    System.arraycopy(in, 0, out, modulusBytes - in.length, in.length);
    return out;
  }
}
