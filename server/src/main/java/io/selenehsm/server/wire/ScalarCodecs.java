package io.selenehsm.server.wire;

import com.google.protobuf.ByteString;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;

/** Codecs of single values: flags, numbers, text, paths, bytes, instants and Void. */
final class ScalarCodecs {
  private ScalarCodecs() {}

  /** {@code boolean} and {@link Boolean}. */
  static final ValueCodec FLAG =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          return Value.newBuilder().setFlag((Boolean) value).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasFlag()) {
            throw WireErrors.expected("flag", value);
          }
          return value.getFlag();
        }
      };

  /** {@code long} and {@link Long}. */
  static final ValueCodec LONG =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          return Value.newBuilder().setNumber((Long) value).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasNumber()) {
            throw WireErrors.expected("number", value);
          }
          return value.getNumber();
        }
      };

  /** {@code int} and {@link Integer}: a number that must fit 32 bits. */
  static final ValueCodec INT =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          return Value.newBuilder().setNumber((Integer) value).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasNumber()) {
            throw WireErrors.expected("number", value);
          }
          long n = value.getNumber();
          if (n != (int) n) {
            throw WireErrors.bad("number " + n + " does not fit an int");
          }
          return (int) n;
        }
      };

  /**
   * {@link String}. Protobuf would replace an unpaired surrogate with '?' on the way out, so such a
   * string is refused rather than silently changed.
   */
  static final ValueCodec TEXT =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) throws HsmException {
          return Value.newBuilder().setText(wellFormed((String) value)).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasText()) {
            throw WireErrors.expected("text", value);
          }
          return value.getText();
        }
      };

  /** {@link Path}, as its string form; the receiver parses it with its default file system. */
  static final ValueCodec PATH =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) throws HsmException {
          return Value.newBuilder().setText(wellFormed(value.toString())).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasText()) {
            throw WireErrors.expected("text (a path)", value);
          }
          try {
            return Path.of(value.getText());
          } catch (InvalidPathException e) {
            throw WireErrors.bad("invalid path: " + e.getMessage());
          }
        }
      };

  /** {@code byte[]}, copied both ways: neither side shares an array with the message. */
  static final ValueCodec BYTES =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          return Value.newBuilder().setData(ByteString.copyFrom((byte[]) value)).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasData()) {
            throw WireErrors.expected("data", value);
          }
          return value.getData().toByteArray();
        }
      };

  /** {@link Instant}: seconds and nanoseconds of the epoch. */
  static final ValueCodec MOMENT =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          Instant i = (Instant) value;
          return Value.newBuilder()
              .setInstant(Moment.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()))
              .build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasInstant()) {
            throw WireErrors.expected("instant", value);
          }
          Moment m = value.getInstant();
          if (m.getNanos() < 0 || m.getNanos() > 999_999_999) {
            throw WireErrors.bad("instant nanoseconds " + m.getNanos() + " outside 0..999999999");
          }
          try {
            return Instant.ofEpochSecond(m.getSeconds(), m.getNanos());
          } catch (DateTimeException e) {
            throw WireErrors.bad("instant of " + m.getSeconds() + " s is out of range");
          }
        }
      };

  /** {@link Void}: a call that returns nothing; the wire carries {@link Nothing}. */
  static final ValueCodec VOID =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          return NullableCodec.NONE;
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasNone()) {
            throw WireErrors.expected("none", value);
          }
          return null;
        }
      };

  /** The codec of a primitive component type. */
  static ValueCodec primitive(Class<?> c) {
    if (c == boolean.class) {
      return FLAG;
    }
    if (c == int.class) {
      return INT;
    }
    if (c == long.class) {
      return LONG;
    }
    return RefusedCodec.noWireForm(c);
  }

  /** {@code s} when it is well-formed UTF-16 (every surrogate paired). */
  static String wellFormed(String s) throws HsmException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw WireErrors.bad("text has an unpaired surrogate at index " + i);
      }
    }
    return s;
  }
}
