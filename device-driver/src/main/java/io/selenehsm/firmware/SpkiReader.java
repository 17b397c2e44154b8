package io.selenehsm.firmware;

import java.util.Arrays;

/**
 * Reads the parts of a DER SubjectPublicKeyInfo that a public key object repeats as attributes (the
 * algorithm OID, its parameters, the key bits) by walking the bytes, without building an ASN.1
 * object tree: key-pair generation did that for every EC pair, a tenth of its cost.
 *
 * <pre>
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 * AlgorithmIdentifier  ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
 * </pre>
 *
 * Anything else (indefinite lengths, trailing bytes, a bit string with unused bits) is refused with
 * null, and the caller falls back to a full ASN.1 parser.
 */
final class SpkiReader {
  private SpkiReader() {}

  /**
   * The parts, each a fresh array: {@code oid} and {@code parameters} as complete DER TLVs ({@code
   * parameters} null when absent), {@code keyBits} the bit string's octets.
   */
  record Parts(byte[] oid, byte[] parameters, byte[] keyBits) {}

  private static final int SEQUENCE = 0x30;
  private static final int OID = 0x06;
  private static final int BIT_STRING = 0x03;

  /** The parts of {@code spki}, or null when it is not the plain DER shape above. */
  static Parts read(byte[] spki) {
    if (spki == null) {
      return null;
    }
    int[] outer = header(spki, 0, spki.length, SEQUENCE);
    if (outer == null || outer[1] != spki.length) {
      return null;
    }
    int[] alg = header(spki, outer[0], outer[1], SEQUENCE);
    if (alg == null) {
      return null;
    }
    int[] oid = header(spki, alg[0], alg[1], OID);
    if (oid == null) {
      return null;
    }
    byte[] oidTlv = Arrays.copyOfRange(spki, alg[0], oid[1]);
    byte[] params = null;
    if (oid[1] < alg[1]) {
      int[] p = header(spki, oid[1], alg[1], -1);
      if (p == null || p[1] != alg[1]) {
        return null;
      }
      params = Arrays.copyOfRange(spki, oid[1], p[1]);
    }
    int[] bits = header(spki, alg[1], outer[1], BIT_STRING);
    if (bits == null || bits[1] != outer[1] || bits[1] - bits[0] < 1 || spki[bits[0]] != 0) {
      return null;
    }
    return new Parts(oidTlv, params, Arrays.copyOfRange(spki, bits[0] + 1, bits[1]));
  }

  /**
   * The TLV starting at {@code at} within {@code [at, end)}: {content start, content end}, or null
   * when the tag is not {@code tag} (any tag when -1) or the length is malformed or too long.
   */
  private static int[] header(byte[] der, int at, int end, int tag) {
    if (at + 2 > end || (tag >= 0 && (der[at] & 0xff) != tag) || (der[at] & 0x1f) == 0x1f) {
      return null;
    }
    int first = der[at + 1] & 0xff;
    int start = at + 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 3 || start + n > end) {
        return null; // indefinite, or longer than any key this HSM holds
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (der[start + i] & 0xff);
      }
      start += n;
      if (length < 0x80 || (n > 1 && (der[at + 2] & 0xff) == 0)) {
        return null; // not the shortest form: not DER
      }
    }
    if (start + length > end) {
      return null;
    }
    return new int[] {start, (int) (start + length)};
  }

  /** {@code content} as a DER OCTET STRING. */
  static byte[] octetString(byte[] content) {
    int n = content.length;
    int lengthBytes = n < 0x80 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
    byte[] out = new byte[2 + lengthBytes + n];
    out[0] = 0x04;
    if (lengthBytes == 0) {
      out[1] = (byte) n;
    } else {
      out[1] = (byte) (0x80 | lengthBytes);
      for (int i = 0; i < lengthBytes; i++) {
        out[2 + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
      }
    }
    System.arraycopy(content, 0, out, 2 + lengthBytes, n);
    return out;
  }
}
