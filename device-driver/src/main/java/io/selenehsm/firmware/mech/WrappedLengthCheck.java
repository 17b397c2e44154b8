package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Optional;

/**
 * Checks the length of AES-KW / AES-KWP input before unwrapping: RFC 3394 and RFC 5649 output whole
 * 8-byte semiblocks, at least two. The JDK's KW cipher fails on shorter input with a
 * NegativeArraySizeException instead of a length error, so the check is made here. Once the length
 * is right, the JDK's IllegalBlockSizeException means the integrity check (RFC 3394 IV, RFC 5649
 * length and padding) failed: that is invalid data, not a length problem.
 */
final class WrappedLengthCheck implements CipherOperation {
  private final CipherOperation unwrap;
  private long length;

  WrappedLengthCheck(CipherOperation unwrap) {
    this.unwrap = unwrap;
  }

  @Override
  public byte[] update(byte[] data, int offset, int len) throws HsmException {
    length += len;
    return unwrap.update(data, offset, len);
  }

  @Override
  public byte[] doFinal() throws HsmException {
    if (length < 16 || length % 8 != 0) {
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_LEN_RANGE,
          "wrapped data of "
              + length
              + " bytes: AES key wrap needs a multiple of 8 bytes, at least 16");
    }
    try {
      return unwrap.doFinal();
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.ENCRYPTED_DATA_LEN_RANGE) {
        throw new HsmException(Ckr.ENCRYPTED_DATA_INVALID, "integrity check failed", e);
      }
      throw e;
    }
  }

  @Override
  public Optional<byte[]> generatedIv() {
    return unwrap.generatedIv();
  }
}
