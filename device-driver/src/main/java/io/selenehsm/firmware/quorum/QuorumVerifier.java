package io.selenehsm.firmware.quorum;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the device keeps about a quorum-authenticated role: the colour and M-of-N of its iKeys and a
 * salted SHA-256 of the reassembled secret. The secret itself lives only on the iKeys; being random
 * and 256 bits long, a fast hash suffices to check it.
 *
 * <p>Encoding: {@code selene-quorum 1 <colour> <M> <N> <salt hex> <digest hex>}.
 */
public final class QuorumVerifier {
  private static final String MAGIC = "selene-quorum 1";
  private static final byte[] DOMAIN = "selene quorum verifier\0".getBytes(UTF_8);
  private static final HexFormat HEX = HexFormat.of();

  private final IKeyColor color;
  private final int m;
  private final int n;
  private final byte[] salt;
  private final byte[] digest;

  private QuorumVerifier(IKeyColor color, int m, int n, byte[] salt, byte[] digest) {
    if (m < 1 || m > n || n > SecretSharing.MAX_SHARES) {
      throw new IllegalArgumentException("Bad quorum " + m + " of " + n);
    }
    this.color = Objects.requireNonNull(color);
    this.m = m;
    this.n = n;
    this.salt = salt.clone();
    this.digest = digest.clone();
  }

  public static QuorumVerifier create(
      IKeyColor color, int m, int n, byte[] secret, SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return new QuorumVerifier(color, m, n, salt, hash(salt, secret));
  }

  public IKeyColor color() {
    return color;
  }

  public int quorum() {
    return m;
  }

  public int total() {
    return n;
  }

  /** Constant-time check of a reassembled secret. */
  public boolean matches(byte[] secret) {
    return MessageDigest.isEqual(hash(salt, secret), digest);
  }

  private static byte[] hash(byte[] salt, byte[] secret) {
    try {
      MessageDigest sha = SoftwareProviders.digest("SHA-256");
      sha.update(DOMAIN);
      sha.update(salt);
      sha.update(secret);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
  }

  public String encode() {
    return MAGIC
        + " "
        + color.token()
        + " "
        + m
        + " "
        + n
        + " "
        + HEX.formatHex(salt)
        + " "
        + HEX.formatHex(digest);
  }

  /**
   * @throws HsmException {@code CKR_DEVICE_ERROR} if the stored verifier is corrupt
   */
  public static QuorumVerifier parse(String s) throws HsmException {
    try {
      String[] f = s.split(" ", -1);
      if (f.length != 7 || !(f[0] + " " + f[1]).equals(MAGIC)) {
        throw new IllegalArgumentException("unknown format");
      }
      byte[] digest = HEX.parseHex(f[6]);
      if (digest.length != 32) {
        throw new IllegalArgumentException("bad digest");
      }
      return new QuorumVerifier(
          IKeyColor.fromToken(f[2]),
          Integer.parseInt(f[3]),
          Integer.parseInt(f[4]),
          HEX.parseHex(f[5]),
          digest);
    } catch (IllegalArgumentException | HsmException e) {
      throw new HsmException(
          Ckr.DEVICE_ERROR, "Stored quorum verifier is corrupt: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuorumVerifier && ((QuorumVerifier) o).encode().equals(encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "QuorumVerifier[" + color + " " + m + " of " + n + "]";
  }
}
