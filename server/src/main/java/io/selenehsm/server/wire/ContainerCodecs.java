package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Codecs of containers: lists, sets, optionals, maps and {@code long[]}. Decoded containers are
 * unmodifiable and keep the order the wire gives (a null element stays null, as in the list sent).
 */
final class ContainerCodecs {
  private ContainerCodecs() {}

  /** {@code long[]}: a sequence of numbers. */
  static final ValueCodec LONGS =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          Sequence.Builder s = Sequence.newBuilder();
          for (long n : (long[]) value) {
            s.addItems(Value.newBuilder().setNumber(n));
          }
          return Value.newBuilder().setSequence(s).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasSequence()) {
            throw WireErrors.expected("sequence", value);
          }
          List<Value> items = value.getSequence().getItemsList();
          long[] out = new long[items.size()];
          for (int i = 0; i < out.length; i++) {
            try {
              out[i] = (Long) ScalarCodecs.LONG.decode(items.get(i), slots);
            } catch (HsmException e) {
              throw WireErrors.within("item " + i, e);
            }
          }
          return out;
        }
      };

  static ValueCodec list(ValueCodec element) {
    return new ValueCodec() {
      @Override
      public Value encode(Object value, SlotRefs refs) throws HsmException {
        return Value.newBuilder().setSequence(items((Collection<?>) value, element, refs)).build();
      }

      @Override
      public Object decode(Value value, SlotResolver slots) throws HsmException {
        return Collections.unmodifiableList(decodeItems(value, element, slots, new ArrayList<>()));
      }
    };
  }

  static ValueCodec set(ValueCodec element) {
    return new ValueCodec() {
      @Override
      public Value encode(Object value, SlotRefs refs) throws HsmException {
        return Value.newBuilder().setSequence(items((Collection<?>) value, element, refs)).build();
      }

      @Override
      public Object decode(Value value, SlotResolver slots) throws HsmException {
        Set<Object> out = decodeItems(value, element, slots, new LinkedHashSet<>());
        if (out.size() != value.getSequence().getItemsCount()) {
          throw WireErrors.bad("a set holds an element twice");
        }
        return Collections.unmodifiableSet(out);
      }
    };
  }

  /** {@link Optional}: {@link Nothing} when empty, else the value itself. */
  static ValueCodec optional(ValueCodec element) {
    return new ValueCodec() {
      @Override
      public Value encode(Object value, SlotRefs refs) throws HsmException {
        Optional<?> o = (Optional<?>) value;
        return o == null || o.isEmpty() ? NullableCodec.NONE : element.encode(o.get(), refs);
      }

      @Override
      public Object decode(Value value, SlotResolver slots) throws HsmException {
        return value.hasNone()
            ? Optional.empty()
            : Optional.ofNullable(element.decode(value, slots));
      }
    };
  }

  static ValueCodec map(ValueCodec key, ValueCodec val) {
    return new ValueCodec() {
      @Override
      public Value encode(Object value, SlotRefs refs) throws HsmException {
        Entries.Builder b = Entries.newBuilder();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          b.addEntries(
              Entry.newBuilder()
                  .setKey(key.encode(e.getKey(), refs))
                  .setValue(val.encode(e.getValue(), refs)));
        }
        return Value.newBuilder().setEntries(b).build();
      }

      @Override
      public Object decode(Value value, SlotResolver slots) throws HsmException {
        if (!value.hasEntries()) {
          throw WireErrors.expected("entries", value);
        }
        List<Entry> entries = value.getEntries().getEntriesList();
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
          Entry e = entries.get(i);
          try {
            Object k = key.decode(e.getKey(), slots);
            if (out.containsKey(k)) {
              throw WireErrors.bad("key given twice");
            }
            out.put(k, val.decode(e.getValue(), slots));
          } catch (HsmException x) {
            throw WireErrors.within("entry " + i, x);
          }
        }
        return Collections.unmodifiableMap(out);
      }
    };
  }

  private static Sequence items(Collection<?> values, ValueCodec element, SlotRefs refs)
      throws HsmException {
    Sequence.Builder s = Sequence.newBuilder();
    for (Object o : values) {
      s.addItems(element.encode(o, refs));
    }
    return s.build();
  }

  private static <C extends Collection<Object>> C decodeItems(
      Value value, ValueCodec element, SlotResolver slots, C out) throws HsmException {
    if (!value.hasSequence()) {
      throw WireErrors.expected("sequence", value);
    }
    List<Value> items = value.getSequence().getItemsList();
    for (int i = 0; i < items.size(); i++) {
      try {
        out.add(element.decode(items.get(i), slots));
      } catch (HsmException e) {
        throw WireErrors.within("item " + i, e);
      }
    }
    return out;
  }
}
