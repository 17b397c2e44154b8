package io.selenehsm.firmware.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An attribute set with a deferred value answers every read, comparison, encoding and copy exactly
 * as the same set with the value given eagerly, and makes the value at most once; a set built from
 * it stays lazy until something reads the value, and a replaced or removed slot drops it.
 */
class DeferredAttributeProperties {
  private static final long DEFERRED_TYPE = Cka.PRIVATE_KEY_INFO;

  /** Some other attributes: types below and above the deferred one, and their values. */
  @Provide
  Arbitrary<List<long[]>> others() {
    Arbitrary<long[]> one =
        Combinators.combine(
                Arbitraries.of(
                    Cka.CLASS, Cka.TOKEN, Cka.LABEL, Cka.ID, Cka.SIGN, Cka.EC_PARAMS, 0x80001234L),
                Arbitraries.longs())
            .as((t, v) -> new long[] {t, v});
    return one.list().ofMaxSize(6);
  }

  private static Attributes.Builder withOthers(List<long[]> others) {
    Attributes.Builder b = Attributes.builder();
    for (long[] o : others) {
      b.set(o[0], o[1]);
    }
    return b;
  }

  @Property(tries = 300)
  void aDeferredSetReadsAsTheEagerOne(
      @ForAll("others") List<long[]> others, @ForAll byte[] value, @ForAll boolean readFirst) {
    AtomicInteger made = new AtomicInteger();
    DeferredValue d =
        DeferredValue.of(
            () -> {
              made.incrementAndGet();
              return value.clone();
            });
    Attributes lazy = withOthers(others).setDeferred(DEFERRED_TYPE, d).build();
    Attributes eager = withOthers(others).set(DEFERRED_TYPE, value).build();
    assertTrue(lazy.has(DEFERRED_TYPE));
    assertTrue(lazy.isDeferred(DEFERRED_TYPE));

    // A copy through a builder, a change of another attribute and a filtered copy stay lazy.
    Attributes changed = lazy.toBuilder().set(Cka.LABEL, "other").build();
    Attributes copied = Attributes.builder().putAll(lazy).build();
    Attributes picked = Attributes.builder().putFrom(lazy, new long[] {DEFERRED_TYPE}).build();
    assertTrue(changed.isDeferred(DEFERRED_TYPE));
    assertTrue(copied.isDeferred(DEFERRED_TYPE));
    assertTrue(picked.isDeferred(DEFERRED_TYPE));
    assertEquals(0, made.get());

    if (readFirst) {
      assertArrayEquals(value, lazy.get(DEFERRED_TYPE));
    }
    assertEquals(eager, lazy);
    assertEquals(eager.hashCode(), lazy.hashCode());
    assertArrayEquals(eager.encode(), lazy.encode());
    assertEquals(eager.storageBytes(), lazy.storageBytes());
    assertTrue(lazy.matches(eager) && eager.matches(lazy));
    assertArrayEquals(value, copied.get(DEFERRED_TYPE));
    assertArrayEquals(value, picked.get(DEFERRED_TYPE));
    assertEquals(1, made.get(), "the value is made once for every set that shares it");
    assertFalse(lazy.isDeferred(DEFERRED_TYPE));
  }

  @Property(tries = 100)
  void aReplacedOrRemovedSlotDropsTheDeferredValue(
      @ForAll("others") List<long[]> others, @ForAll byte[] replacement) {
    AtomicInteger made = new AtomicInteger();
    DeferredValue d =
        DeferredValue.of(
            () -> {
              made.incrementAndGet();
              return new byte[] {1, 2, 3};
            });
    Attributes lazy = withOthers(others).setDeferred(DEFERRED_TYPE, d).build();
    Attributes replaced = lazy.toBuilder().set(DEFERRED_TYPE, replacement).build();
    Attributes removed = lazy.toBuilder().remove(DEFERRED_TYPE).build();
    assertArrayEquals(replacement, replaced.get(DEFERRED_TYPE));
    assertFalse(replaced.isDeferred(DEFERRED_TYPE));
    assertNull(removed.get(DEFERRED_TYPE));
    assertFalse(removed.isDeferred(DEFERRED_TYPE));
    assertEquals(0, made.get());
  }

  @Example
  void aLogLineEncodesNothing() {
    AtomicInteger made = new AtomicInteger();
    Attributes lazy =
        Attributes.builder()
            .set(Cka.LABEL, "k")
            .setDeferred(
                DEFERRED_TYPE,
                DeferredValue.of(
                    () -> {
                      made.incrementAndGet();
                      return new byte[7];
                    }))
            .build();
    assertTrue(lazy.toString().contains("[deferred]"), lazy.toString());
    assertEquals(0, made.get());
    lazy.get(DEFERRED_TYPE);
    assertTrue(lazy.toString().contains("[7]"), lazy.toString());
  }
}
