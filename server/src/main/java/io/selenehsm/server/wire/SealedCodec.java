package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.HsmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a sealed interface as a {@link Composite} whose variant is the simple name of the
 * permitted subclass it belongs to. A record variant's components sit in the composite directly;
 * any other variant (an enum such as {@code MechanismParams.None}) is the composite's single
 * component. Only the permitted subclasses of the static type can be named, so the wire never
 * chooses a class outside it.
 *
 * <p>Design note: built once per sealed type by a {@link ClassValue}, immutable afterwards.
 */
final class SealedCodec implements ValueCodec {
  private static final ClassValue<SealedCodec> BY_TYPE =
      new ClassValue<>() {
        @Override
        protected SealedCodec computeValue(Class<?> type) {
          return new SealedCodec(type);
        }
      };

  private final Class<?> type;
  private final Map<String, Variant> byName = new LinkedHashMap<>();
  private final Map<Class<?>, Variant> byClass = new HashMap<>();

  /** One permitted subclass: its name on the wire and how its values travel. */
  private record Variant(String name, Class<?> type, RecordCodec record, ValueCodec other) {}

  private SealedCodec(Class<?> type) {
    this.type = type;
    for (Class<?> sub : type.getPermittedSubclasses()) {
      Variant v =
          sub.isRecord()
              ? new Variant(sub.getSimpleName(), sub, RecordCodec.of(sub), null)
              : new Variant(sub.getSimpleName(), sub, null, ValueCodec.forType(sub));
      if (byName.put(v.name(), v) != null) {
        throw new IllegalStateException(type + " permits two classes named " + v.name());
      }
      byClass.put(sub, v);
    }
  }

  static SealedCodec of(Class<?> type) {
    return BY_TYPE.get(type);
  }

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    Variant v = variantOf(value);
    Composite c =
        v.record() != null
            ? v.record().composite(v.name(), value, refs)
            : Composite.newBuilder()
                .setVariant(v.name())
                .addComponents(v.other().encode(value, refs))
                .build();
    return Value.newBuilder().setComposite(c).build();
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    if (!value.hasComposite()) {
      throw WireErrors.expected("composite (" + type.getSimpleName() + ")", value);
    }
    Composite c = value.getComposite();
    Variant v = byName.get(c.getVariant());
    if (v == null) {
      throw WireErrors.bad(
          WireErrors.quote(c.getVariant()) + " is no variant of " + type.getSimpleName());
    }
    if (v.record() != null) {
      return v.record().decodeComponents(c.getComponentsList(), slots);
    }
    List<Value> components = c.getComponentsList();
    if (components.size() != 1) {
      throw WireErrors.bad(
          type.getSimpleName() + "." + v.name() + " takes 1 component, got " + components.size());
    }
    Object out = v.other().decode(components.get(0), slots);
    if (out == null) {
      throw WireErrors.bad(type.getSimpleName() + "." + v.name() + " must not be none");
    }
    return out;
  }

  private Variant variantOf(Object value) throws HsmException {
    Class<?> c = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
    Variant v = byClass.get(c);
    if (v != null) {
      return v;
    }
    // A subclass of a permitted subclass (a non-sealed branch): the permitted class it extends.
    for (Variant candidate : byName.values()) {
      if (candidate.type().isInstance(value)) {
        return candidate;
      }
    }
    throw WireErrors.bad(c.getName() + " is no permitted subclass of " + type.getSimpleName());
  }
}
