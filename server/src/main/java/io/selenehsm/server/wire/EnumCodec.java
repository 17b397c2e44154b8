package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.HsmException;
import java.util.HashMap;
import java.util.Map;

/**
 * An enum constant as its name; only constants of the static enum type decode.
 *
 * <p>Design note: one instance per enum, made by a {@link ClassValue}; its name table is filled in
 * the constructor and only read afterwards, so threads share it without locking.
 */
final class EnumCodec implements ValueCodec {
  private static final ClassValue<EnumCodec> BY_TYPE =
      new ClassValue<>() {
        @Override
        protected EnumCodec computeValue(Class<?> type) {
          return new EnumCodec(type);
        }
      };

  private final Class<?> type;
  private final Map<String, Enum<?>> byName = new HashMap<>();

  private EnumCodec(Class<?> type) {
    this.type = type;
    for (Object c : type.getEnumConstants()) {
      Enum<?> e = (Enum<?>) c;
      byName.put(e.name(), e);
    }
  }

  static EnumCodec of(Class<?> type) {
    return BY_TYPE.get(type);
  }

  @Override
  public Value encode(Object value, SlotRefs refs) {
    return Value.newBuilder().setSymbol(((Enum<?>) value).name()).build();
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    if (!value.hasSymbol()) {
      throw WireErrors.expected("symbol", value);
    }
    Enum<?> e = byName.get(value.getSymbol());
    if (e == null) {
      throw WireErrors.bad(
          WireErrors.quote(value.getSymbol()) + " is no constant of " + type.getSimpleName());
    }
    return e;
  }
}
