package io.selenehsm.firmware.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The array-backed attribute set against the sorted map it replaced: any sequence of builder edits
 * gives the same types in the same order with the same values, and the set survives encoding,
 * copying and comparison unchanged. The rule tables' bitmap-backed sets answer as a hash set.
 */
class AttributesModelProperties {

  /** One builder edit: set, set-if-absent, remove or put-all of another small set. */
  record Edit(int kind, long type, byte[] value) {}

  @Provide
  Arbitrary<Long> types() {
    // Small standard types (bitmap and array paths), vendor types, and negative longs.
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 40),
        Arbitraries.longs().between(4090, 4100),
        Arbitraries.longs().between(0x80000000L, 0x80000010L),
        Arbitraries.longs().between(-5, -1));
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                types(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(12))
            .as(Edit::new);
    return edit.list().ofMaxSize(60);
  }

  @Property
  void builderMatchesASortedMapModel(@ForAll("edits") List<Edit> edits) throws IOException {
    Attributes.Builder b = Attributes.builder();
    TreeMap<Long, byte[]> model = new TreeMap<>();
    for (Edit e : edits) {
      switch (e.kind()) {
        case 0 -> {
          b.set(e.type(), e.value());
          model.put(e.type(), e.value().clone());
          if (e.value().length > 0) {
            e.value()[0] ^= 1; // the builder copied what it was given
          }
        }
        case 1 -> {
          boolean v = e.value().length % 2 == 0;
          b.setIfAbsent(e.type(), v);
          model.putIfAbsent(e.type(), Attributes.encodeBool(v));
        }
        case 2 -> {
          b.remove(e.type());
          model.remove(e.type());
        }
        default -> {
          Attributes other =
              Attributes.builder().set(e.type(), e.value()).set(e.type() + 1, 7L).build();
          b.putAll(other);
          model.put(e.type(), e.value().clone());
          model.put(e.type() + 1, Attributes.encodeLong(7L));
        }
      }
    }
    Attributes a = b.build();
    assertEquals(model.size(), a.size());
    List<Long> order = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      order.add(a.typeAt(i));
    }
    assertEquals(new ArrayList<>(model.keySet()), order, "ascending signed order, as the map");
    assertEquals(new ArrayList<>(model.keySet()), new ArrayList<>(a.types()));
    for (Map.Entry<Long, byte[]> m : model.entrySet()) {
      assertArrayEquals(m.getValue(), a.get(m.getKey()));
    }
    assertNull(a.get(Long.MIN_VALUE));

    Attributes decoded =
        Attributes.decode(new DataInputStream(new ByteArrayInputStream(a.encode())));
    assertEquals(a, decoded);
    assertEquals(a.hashCode(), decoded.hashCode());
    assertEquals(a, a.toBuilder().build());
    assertEquals(a.storageBytes(), decoded.storageBytes());
  }

  @Property
  void valuesHandedOutAreCopies(@ForAll("types") long type, @ForAll byte[] value) {
    byte[] given = value.clone();
    Attributes a = Attributes.builder().set(type, given).build();
    if (given.length > 0) {
      given[0] ^= 1; // the caller's array is not the stored one
      byte[] read = a.get(type);
      read[0] ^= 1; // nor is the one handed out
      assertArrayEquals(value, a.get(type));
      a.forEach((t, v) -> v[0] ^= 1);
      assertArrayEquals(value, a.get(type));
    }
  }

  @Property
  void longSetAnswersAsAHashSet(
      @ForAll("setMembers") List<Long> members, @ForAll("types") long probe) {
    long[] values = members.stream().mapToLong(Long::longValue).toArray();
    LongSet set = LongSet.of(values);
    Set<Long> model = new HashSet<>(members);
    assertEquals(model.contains(probe), set.contains(probe));
    for (long v : values) {
      assertEquals(true, set.contains(v));
    }
  }

  @Provide
  Arbitrary<List<Long>> setMembers() {
    return types().list().ofMaxSize(20);
  }
}
