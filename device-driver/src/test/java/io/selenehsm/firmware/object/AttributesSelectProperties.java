package io.selenehsm.firmware.object;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one-pass selection a read view is made with, against the builder it replaced: the same set
 * for random attribute sets, kept types and extra values (which replace values of their type), and
 * a deferred value stays deferred when its slot is kept.
 */
class AttributesSelectProperties {
  private static final List<Long> TYPES =
      List.of(
          Cka.CLASS,
          Cka.TOKEN,
          Cka.LABEL,
          Cka.SIGN,
          Cka.PRIVATE_KEY_INFO,
          Cka.ID,
          Cka.USAGE_COUNT,
          Cka.OUID,
          Cka.AUTH_DATA,
          0x7000_0000L);

  @Provide
  Arbitrary<Set<Long>> typeSets() {
    return Arbitraries.of(TYPES).set().ofMaxSize(TYPES.size());
  }

  @Property(tries = 300)
  void selectEqualsTheBuilder(
      @ForAll("typeSets") Set<Long> present,
      @ForAll("typeSets") Set<Long> kept,
      @ForAll boolean deferPrivateInfo,
      @ForAll byte value) {
    Attributes.Builder b = Attributes.builder();
    for (long t : present) {
      if (t == Cka.PRIVATE_KEY_INFO && deferPrivateInfo) {
        Supplier<byte[]> encoder = () -> new byte[] {value, 9};
        b.setDeferred(t, DeferredValue.of(encoder));
      } else {
        b.set(t, new byte[] {value, (byte) t});
      }
    }
    Attributes all = b.build();
    long[] extraTypes = {Cka.OUID, Cka.USAGE_COUNT};
    byte[][] extraValues = {{1, 2, 3}, Attributes.encodeLong(value)};

    Attributes.Builder expected = Attributes.builder();
    for (int i = 0; i < all.size(); i++) {
      if (kept.contains(all.typeAt(i))) {
        expected.setFrom(all, i);
      }
    }
    expected.set(extraTypes[0], extraValues[0]).set(extraTypes[1], extraValues[1]);
    Attributes want = expected.build();

    Attributes got = all.select(kept::contains, extraTypes, extraValues);
    assertEquals(
        want.isDeferred(Cka.PRIVATE_KEY_INFO), got.isDeferred(Cka.PRIVATE_KEY_INFO), "lazy");
    assertEquals(want, got);
  }
}
