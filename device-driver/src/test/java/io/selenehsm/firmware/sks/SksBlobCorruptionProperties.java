package io.selenehsm.firmware.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any single-byte change or truncation of a blob is refused with an SKS code, and nothing is
 * inserted. A flip inside the SMK fingerprint names an SMK the partition does not hold; inside the
 * version field an unsupported version; anywhere else the blob is corrupt.
 */
class SksBlobCorruptionProperties {
  private static final Set<Long> REFUSALS =
      Set.of(Ckr.SIM_CORRUPT_DATA, Ckr.SIM_VERSION_UNSUPPORTED, Ckr.UNWRAPPING_KEY_HANDLE_INVALID);
  private static SksFixture f;
  private static byte[] blob;
  private static int objectsBefore;

  @BeforeContainer
  static void makeBlob() throws HsmException {
    f = new SksFixture("6001", 1, "domain");
    long[] ec = f.ec();
    blob =
        f.hsm
            .sks()
            .extract(
                f.s,
                new SksExtractRequest(
                    List.of(ec[0], ec[1], f.aes(false)),
                    SksAuthorization.password("pw-1".toCharArray()),
                    true));
    objectsBefore = f.hsm.findObjects(f.s, Attributes.empty()).size();
  }

  @Provide
  Arbitrary<Integer> position() {
    return Arbitraries.integers().between(0, blob.length - 1);
  }

  @Property(tries = 400)
  void anySingleByteFlipIsRefused(
      @ForAll("position") int position, @ForAll @IntRange(min = 1, max = 255) int xor) {
    byte[] bad = blob.clone();
    bad[position] ^= (byte) xor;
    refused(bad);
  }

  @Property(tries = 200)
  void anyTruncationIsRefused(@ForAll("position") int length) {
    refused(Arrays.copyOf(blob, length));
  }

  @Property(tries = 50)
  void trailingBytesAreRefused(@ForAll @IntRange(min = 1, max = 64) int extra) {
    refused(Arrays.copyOf(blob, blob.length + extra));
  }

  private static void refused(byte[] bad) {
    HsmException e =
        assertThrows(
            HsmException.class,
            () -> f.hsm.sks().insert(f.s, bad, SksAuthorization.offering("pw-1".toCharArray())));
    assertTrue(REFUSALS.contains(e.returnCode()), e.getMessage());
    try {
      assertEquals(objectsBefore, f.hsm.findObjects(f.s, Attributes.empty()).size());
    } catch (HsmException x) {
      throw new AssertionError(x);
    }
  }

  @net.jqwik.api.Example
  void theIntactBlobStillInserts() throws HsmException {
    long[] h = f.hsm.sks().insert(f.s, blob, SksAuthorization.offering("pw-1".toCharArray()));
    assertEquals(3, h.length);
    for (long x : h) {
      f.hsm.destroyObject(f.s, x);
    }
  }
}
