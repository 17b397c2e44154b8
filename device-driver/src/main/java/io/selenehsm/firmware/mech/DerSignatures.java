package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Strict conversion between DER {@code SEQUENCE { INTEGER r, INTEGER s }} and IEEE P1363 r||s for
 * ECDSA and DSA. Verification accepts only the canonical DER encoding, whatever leniency the
 * provider underneath has (BER lengths, leading zeros, trailing bytes are all refused).
 */
final class DerSignatures {
  private DerSignatures() {}

  /** Parses canonical DER into {r, s}; CKR_SIGNATURE_INVALID when not canonical. */
  static BigInteger[] parse(byte[] der) throws HsmException {
    try {
      int[] pos = {0};
      expect(der, pos, 0x30);
      int seqLen = length(der, pos);
      if (pos[0] + seqLen != der.length) {
        throw bad("sequence length does not cover the signature exactly");
      }
      BigInteger r = integer(der, pos);
      BigInteger s = integer(der, pos);
      if (pos[0] != der.length) {
        throw bad("trailing bytes after s");
      }
      BigInteger[] rs = {r, s};
      if (!Arrays.equals(encode(r, s), der)) {
        throw bad("not canonical DER");
      }
      return rs;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw bad("truncated");
    }
  }

  static byte[] encode(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeTlv(body, 0x02, rb);
    writeTlv(body, 0x02, sb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTlv(out, 0x30, body.toByteArray());
    return out.toByteArray();
  }

  /** r||s with each half left-padded to {@code half} bytes. */
  static byte[] toP1363(byte[] der, int half) throws HsmException {
    BigInteger[] rs = parse(der);
    byte[] out = new byte[2 * half];
    put(rs[0], out, 0, half);
    put(rs[1], out, half, half);
    return out;
  }

  static byte[] fromP1363(byte[] raw, int half) throws HsmException {
    if (raw.length != 2 * half) {
      throw new HsmException(
          Ckr.SIGNATURE_LEN_RANGE,
          "raw signature length " + raw.length + ": must be " + 2 * half + " bytes (r||s)");
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length));
    return encode(r, s);
  }

  private static void put(BigInteger v, byte[] out, int off, int len) throws HsmException {
    byte[] b = v.toByteArray();
    int start = b.length > len ? b.length - len : 0;
    if (b.length - start > len || (start > 0 && b[0] != 0)) {
      throw bad("component longer than the group order");
    }
    System.arraycopy(b, start, out, off + len - (b.length - start), b.length - start);
  }

  private static BigInteger integer(byte[] d, int[] pos) throws HsmException {
    expect(d, pos, 0x02);
    int len = length(d, pos);
    if (len == 0 || pos[0] + len > d.length) {
      throw bad("bad INTEGER length");
    }
    BigInteger v = new BigInteger(Arrays.copyOfRange(d, pos[0], pos[0] + len));
    pos[0] += len;
    if (v.signum() <= 0) {
      throw bad("r and s must be positive");
    }
    return v;
  }

  private static void expect(byte[] d, int[] pos, int tag) throws HsmException {
    if ((d[pos[0]++] & 0xff) != tag) {
      throw bad("unexpected tag");
    }
  }

  private static int length(byte[] d, int[] pos) throws HsmException {
    int b = d[pos[0]++] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7f;
    if (n == 0 || n > 3) {
      throw bad("unsupported length form");
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (d[pos[0]++] & 0xff);
    }
    return len;
  }

  private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] v) {
    out.write(tag);
    int len = v.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(v);
  }

  private static HsmException bad(String why) {
    return new HsmException(Ckr.SIGNATURE_INVALID, "malformed DER signature: " + why);
  }
}
