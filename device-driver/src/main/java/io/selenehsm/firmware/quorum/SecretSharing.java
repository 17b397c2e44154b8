package io.selenehsm.firmware.quorum;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Shamir's M-of-N secret sharing over GF(2^8), byte by byte: each secret byte is the constant term
 * of its own random polynomial of degree M-1, and share {@code x} (1..N) holds the polynomials'
 * values at {@code x}. Any M distinct shares determine the secret by Lagrange interpolation at 0;
 * any M-1 of them are consistent with every possible secret, so they reveal nothing about it.
 */
public final class SecretSharing {
  public static final int MAX_SHARES = 16;

  private SecretSharing() {}

  /** One split of a secret: its x coordinate, the quorum M it belongs to, and its bytes. */
  public static final class Share {
    private final int index;
    private final int threshold;
    private final byte[] value;

    public Share(int index, int threshold, byte[] value) {
      if (index < 1 || index > 255 || threshold < 1 || threshold > MAX_SHARES) {
        throw new IllegalArgumentException(
            "Share index " + index + " or threshold " + threshold + " out of range");
      }
      this.index = index;
      this.threshold = threshold;
      this.value = value.clone();
    }

    public int index() {
      return index;
    }

    public int threshold() {
      return threshold;
    }

    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Share
          && ((Share) o).index == index
          && ((Share) o).threshold == threshold
          && Arrays.equals(((Share) o).value, value);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * index + threshold) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Share[" + index + ", M=" + threshold + ", " + value.length + " bytes]";
    }
  }

  /** Splits {@code secret} into {@code n} shares, any {@code m} of which recombine it. */
  public static List<Share> split(byte[] secret, int m, int n, SecureRandom random) {
    if (m < 1 || m > n || n > MAX_SHARES) {
      throw new IllegalArgumentException(
          "Need 1 <= M <= N <= " + MAX_SHARES + "; got M=" + m + ", N=" + n);
    }
    if (secret.length == 0) {
      throw new IllegalArgumentException("Cannot share an empty secret");
    }
    byte[][] values = new byte[n][secret.length];
    byte[] coefficients = new byte[m];
    for (int b = 0; b < secret.length; b++) {
      coefficients[0] = secret[b];
      byte[] rest = new byte[m - 1];
      random.nextBytes(rest);
      System.arraycopy(rest, 0, coefficients, 1, m - 1);
      Arrays.fill(rest, (byte) 0);
      for (int x = 1; x <= n; x++) {
        values[x - 1][b] = (byte) evaluate(coefficients, x);
      }
    }
    Arrays.fill(coefficients, (byte) 0);
    List<Share> shares = new ArrayList<>(n);
    for (int x = 1; x <= n; x++) {
      shares.add(new Share(x, m, values[x - 1]));
      Arrays.fill(values[x - 1], (byte) 0);
    }
    return shares;
  }

  private static int evaluate(byte[] coefficients, int x) {
    int y = 0;
    for (int i = coefficients.length - 1; i >= 0; i--) {
      y = Gf256.mul(y, x) ^ (coefficients[i] & 0xff);
    }
    return y;
  }

  /**
   * Recombines the secret from at least M distinct shares. Shares beyond the first M must lie on
   * the same polynomials.
   *
   * @throws HsmException {@code CKR_ARGUMENTS_BAD} for fewer than M shares, a share given twice, or
   *     shares of different quorums or lengths; {@code CKR_DATA_INVALID} when the extra shares
   *     contradict the first M
   */
  public static byte[] combine(Collection<Share> given) throws HsmException {
    List<Share> shares = new ArrayList<>(given);
    if (shares.isEmpty()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "No shares to combine");
    }
    Share first = shares.get(0);
    for (int i = 0; i < shares.size(); i++) {
      Share s = shares.get(i);
      if (s.threshold != first.threshold || s.value.length != first.value.length) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "The shares belong to different secrets");
      }
      for (int j = 0; j < i; j++) {
        if (shares.get(j).index == s.index) {
          throw new HsmException(
              Ckr.ARGUMENTS_BAD,
              Arrays.equals(shares.get(j).value, s.value)
                  ? "Share " + s.index + " was given twice"
                  : "Two different shares claim index " + s.index);
        }
      }
    }
    int m = first.threshold;
    if (shares.size() < m) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "The quorum is " + m + " shares; only " + shares.size() + " given");
    }
    List<Share> basis = shares.subList(0, m);
    for (Share extra : shares.subList(m, shares.size())) {
      if (!Arrays.equals(interpolate(basis, extra.index), extra.value)) {
        throw new HsmException(
            Ckr.DATA_INVALID, "Share " + extra.index + " is inconsistent with the others");
      }
    }
    return interpolate(basis, 0);
  }

  /**
   * The value at {@code x} of the lowest-degree polynomials through {@code shares}, with no checks.
   * With fewer than M shares at x = 0 this is a guess unrelated to the secret.
   */
  static byte[] interpolate(List<Share> shares, int x) {
    int length = shares.get(0).value.length;
    byte[] out = new byte[length];
    for (int i = 0; i < shares.size(); i++) {
      int xi = shares.get(i).index;
      // Lagrange basis l_i(x) = prod_{j != i} (x - x_j) / (x_i - x_j); minus is xor in GF(2^8)
      int num = 1;
      int den = 1;
      for (int j = 0; j < shares.size(); j++) {
        if (j != i) {
          int xj = shares.get(j).index;
          num = Gf256.mul(num, x ^ xj);
          den = Gf256.mul(den, xi ^ xj);
        }
      }
      int li = Gf256.mul(num, Gf256.inv(den));
      byte[] v = shares.get(i).value;
      for (int b = 0; b < length; b++) {
        out[b] ^= (byte) Gf256.mul(v[b] & 0xff, li);
      }
    }
    return out;
  }
}
