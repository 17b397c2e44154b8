package io.selenehsm.firmware.quorum;

import static io.selenehsm.firmware.quorum.IKeyTest.LIGHT;
import static io.selenehsm.firmware.quorum.IKeyTest.RANDOM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.rc.HsmException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IKeyProperties {

  @Property(tries = 100)
  void encodingRoundTripsAndDuplicatesAreEqual(
      @ForAll @Size(min = 1, max = 64) byte[] secret,
      @ForAll @IntRange(min = 1, max = 16) int n,
      @ForAll @IntRange(min = 1, max = 16) int mSeed,
      @ForAll IKeyColor color,
      @ForAll boolean withPin)
      throws HsmException {
    int m = 1 + (mSeed - 1) % n;
    for (IKey key : IKey.mint(color, "label of " + color, secret, m, n, RANDOM)) {
      IKey k = withPin ? key.withPin("4711".toCharArray(), LIGHT, RANDOM) : key;
      assertEquals(k, IKey.parse(k.encode()));
      assertEquals(k, k.duplicate());
      assertEquals(k.encode(), k.duplicate().encode());
      assertEquals(key.share(null), k.share("4711".toCharArray()));
    }
  }
}
