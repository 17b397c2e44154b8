package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.HsmException;

/**
 * A reference type's codec: {@code null} travels as {@link Nothing}, anything else as the inner.
 */
final class NullableCodec implements ValueCodec {
  static final Value NONE = Value.newBuilder().setNone(Nothing.getDefaultInstance()).build();

  private final ValueCodec inner;

  NullableCodec(ValueCodec inner) {
    this.inner = inner;
  }

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    return value == null ? NONE : inner.encode(value, refs);
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    return value.hasNone() ? null : inner.decode(value, slots);
  }

  /** The codec of the non-null values, for a sealed type's variants. */
  ValueCodec inner() {
    return inner;
  }
}
