package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.selenehsm.provider.testing.SeleneFixture;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A Mac reused for many "update, doFinal" rounds keeps its input array between rounds of one length
 * (no allocation per call): every round's tag is still the tag of that round's input, also when the
 * caller changes its array between update and doFinal or reuses one array for every round.
 */
class MacInputReuseTest {
  @Test
  void everyRoundMacsItsOwnInput() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      Random r = new Random(15);
      byte[] value = new byte[32];
      r.nextBytes(value);
      SecretKeySpec key = new SecretKeySpec(value, "HmacSHA256");
      Mac selene = Mac.getInstance("HmacSHA256", f.provider());
      selene.init(key);
      Mac reference = Mac.getInstance("HmacSHA256", "SunJCE");
      reference.init(key);

      byte[] shared = new byte[1024];
      for (int round = 0; round < 50; round++) {
        int len = round % 5 == 4 ? 1 + r.nextInt(2048) : shared.length;
        byte[] data = len == shared.length ? shared : new byte[len];
        r.nextBytes(data);
        byte[] expected = reference.doFinal(data);
        if (round % 3 == 0) {
          selene.update(data);
          data[0] ^= 1; // the caller's change after update must not reach this round's tag
          assertArrayEquals(expected, selene.doFinal(), "round " + round + " (changed after)");
        } else {
          assertArrayEquals(expected, selene.doFinal(data), "round " + round);
        }
      }
    }
  }

  /** A clone re-initialised with another key MACs with that key; the original keeps its own. */
  @Test
  void aCloneReinitialisedWithAnotherKeyUsesItsOwnKey() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      Random r = new Random(16);
      byte[] first = new byte[32];
      byte[] second = new byte[32];
      r.nextBytes(first);
      r.nextBytes(second);
      byte[] data = new byte[1024];
      r.nextBytes(data);
      Mac original = Mac.getInstance("HmacSHA256", f.provider());
      original.init(new SecretKeySpec(first, "HmacSHA256"));
      Mac copy = (Mac) original.clone();
      copy.init(new SecretKeySpec(second, "HmacSHA256"));
      Mac reference = Mac.getInstance("HmacSHA256", "SunJCE");
      reference.init(new SecretKeySpec(second, "HmacSHA256"));
      byte[] expectedCopy = reference.doFinal(data);
      reference.init(new SecretKeySpec(first, "HmacSHA256"));
      byte[] expectedOriginal = reference.doFinal(data);
      for (int round = 0; round < 3; round++) {
        assertArrayEquals(expectedCopy, copy.doFinal(data), "the clone, round " + round);
        assertArrayEquals(expectedOriginal, original.doFinal(data), "the original, round " + round);
      }
    }
  }
}
