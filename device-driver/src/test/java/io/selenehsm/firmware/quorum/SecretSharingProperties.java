package io.selenehsm.firmware.quorum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.quorum.SecretSharing.Share;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SecretSharingProperties {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 300)
  void anyMDistinctSharesReconstruct(
      @ForAll @Size(min = 1, max = 48) byte[] secret,
      @ForAll @IntRange(min = 1, max = 16) int n,
      @ForAll @IntRange(min = 1, max = 16) int mSeed,
      @ForAll long pick,
      @ForAll @IntRange(min = 0, max = 16) int extra)
      throws HsmException {
    int m = 1 + (mSeed - 1) % n;
    List<Share> shares = new ArrayList<>(SecretSharing.split(secret, m, n, RANDOM));
    Collections.shuffle(shares, new Random(pick));
    int count = Math.min(n, m + extra);
    assertArrayEquals(secret, SecretSharing.combine(shares.subList(0, count)));
  }

  @Property(tries = 300)
  void fewerThanMSharesAreRefusedAndInterpolateToSomethingElse(
      @ForAll @Size(min = 16, max = 32) byte[] secret,
      @ForAll @IntRange(min = 2, max = 16) int n,
      @ForAll @IntRange(min = 2, max = 16) int mSeed,
      @ForAll long pick) {
    int m = 2 + (mSeed - 2) % (n - 1);
    List<Share> shares = new ArrayList<>(SecretSharing.split(secret, m, n, RANDOM));
    Collections.shuffle(shares, new Random(pick));
    List<Share> tooFew = shares.subList(0, m - 1);
    assertEquals(
        Ckr.ARGUMENTS_BAD,
        assertThrows(HsmException.class, () -> SecretSharing.combine(tooFew)).returnCode());
    // ignoring the quorum and interpolating anyway yields an unrelated value (the chance of a
    // 16-byte match is 2^-128)
    assertFalse(Arrays.equals(secret, SecretSharing.interpolate(tooFew, 0)));
  }

  /**
   * With M-1 shares the interpolated "secret" is uniform whatever the real secret: chi-square of
   * 25,600 one-byte guesses over 256 buckets stays well under the 0.1% critical value (~330).
   */
  @Example
  void fewerThanMSharesCarryNoInformationAboutTheSecret() {
    int trials = 25_600;
    int[] counts = new int[256];
    byte[] secret = {0x5a};
    for (int t = 0; t < trials; t++) {
      List<Share> shares = SecretSharing.split(secret, 3, 5, RANDOM);
      counts[SecretSharing.interpolate(shares.subList(1, 3), 0)[0] & 0xff]++;
    }
    double expected = trials / 256.0;
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 < 330, "chi-square " + chi2);
    assertTrue(counts[0x5a] < 3 * expected, "the secret byte is over-represented");
  }

  @Example
  void duplicateAndInconsistentSharesAreRejected() throws HsmException {
    byte[] secret =
        "a role secret of thirty-two byte".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    List<Share> s = SecretSharing.split(secret, 2, 4, RANDOM);
    HsmException twice =
        assertThrows(HsmException.class, () -> SecretSharing.combine(List.of(s.get(0), s.get(0))));
    assertTrue(twice.detail().contains("twice"));

    byte[] bent = s.get(1).value();
    bent[0] ^= 1;
    Share forged = new Share(s.get(1).index(), 2, bent);
    assertThrows(HsmException.class, () -> SecretSharing.combine(List.of(s.get(1), forged)));
    assertEquals(
        Ckr.DATA_INVALID,
        assertThrows(
                HsmException.class,
                () -> SecretSharing.combine(List.of(s.get(0), s.get(2), forged)))
            .returnCode());
    List<Share> otherQuorum = SecretSharing.split(secret, 3, 4, RANDOM);
    assertThrows(
        HsmException.class, () -> SecretSharing.combine(List.of(s.get(0), otherQuorum.get(1))));
    assertArrayEquals(secret, SecretSharing.combine(List.of(s.get(3), s.get(0), s.get(2))));
  }

  @Example
  void fieldArithmeticMatchesKnownValues() {
    assertEquals(0xc1, Gf256.mul(0x57, 0x83)); // FIPS 197, section 4.2
    for (int a = 1; a < 256; a++) {
      assertEquals(1, Gf256.mul(a, Gf256.inv(a)), "a=" + a);
    }
    assertEquals(0, Gf256.inv(0));
  }
}
