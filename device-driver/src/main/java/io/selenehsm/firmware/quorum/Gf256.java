package io.selenehsm.firmware.quorum;

/**
 * Arithmetic in GF(2^8) modulo the AES polynomial x^8 + x^4 + x^3 + x + 1. Multiplication and
 * inversion use no tables and no data-dependent branches, so their timing does not depend on the
 * secret bytes being shared.
 */
final class Gf256 {
  private Gf256() {}

  static int mul(int a, int b) {
    int p = 0;
    for (int i = 0; i < 8; i++) {
      p ^= -(b & 1) & a;
      int high = -((a >> 7) & 1);
      a = ((a << 1) ^ (high & 0x11b)) & 0xff;
      b >>= 1;
    }
    return p;
  }

  /** a^254 = a^-1 for a != 0 (and 0 for 0). */
  static int inv(int a) {
    int result = 1;
    int base = a;
    for (int e = 254; e != 0; e >>= 1) {
      int factor = mul(result, base);
      int take = -(e & 1);
      result = (factor & take) | (result & ~take);
      base = mul(base, base);
    }
    return result;
  }
}
