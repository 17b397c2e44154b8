package io.selenehsm.server.wire;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.HsmException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps one Java static type to and from {@link Value}. Codecs are chosen by the static type of a
 * record component or call result ({@link #forType}), never by anything the wire says: a decoder
 * builds only instances of the type it was made for (or, for a sealed type, of one of its permitted
 * subclasses), which keeps class names from a peer out of the JVM. The static types also bound how
 * deep a decoder recurses, whatever nesting a peer sends.
 *
 * <p>Codecs are immutable and thread-safe; they are built once per type (see {@link CallPlan}).
 */
interface ValueCodec {

  /** The wire form of {@code value}; {@code refs} names slots the value carries. */
  Value encode(Object value, SlotRefs refs) throws HsmException;

  /**
   * The Java value {@code value} carries; {@code slots} resolves slot references.
   *
   * @throws HsmException CKR_ARGUMENTS_BAD naming what does not fit the type
   */
  Object decode(Value value, SlotResolver slots) throws HsmException;

  /** The codec for values of static type {@code type}. */
  static ValueCodec forType(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        return new NullableCodec(ContainerCodecs.list(forType(args[0])));
      }
      if (raw == Set.class) {
        return new NullableCodec(ContainerCodecs.set(forType(args[0])));
      }
      if (raw == Optional.class) {
        return ContainerCodecs.optional(forType(args[0]));
      }
      if (raw == Map.class) {
        return new NullableCodec(ContainerCodecs.map(forType(args[0]), forType(args[1])));
      }
      return RefusedCodec.noWireForm(type);
    }
    if (!(type instanceof Class<?> c)) {
      return RefusedCodec.noWireForm(type);
    }
    if (c.isPrimitive()) {
      return ScalarCodecs.primitive(c);
    }
    ValueCodec special = special(c);
    if (special != null) {
      return special;
    }
    if (c.isEnum()) {
      return new NullableCodec(EnumCodec.of(c));
    }
    if (c.isRecord()) {
      return new NullableCodec(RecordCodec.of(c));
    }
    if (c.isSealed()) {
      return new NullableCodec(SealedCodec.of(c));
    }
    return RefusedCodec.noWireForm(type);
  }

  /** The codec of a class the wire names a kind for, or null. */
  private static ValueCodec special(Class<?> c) {
    if (c == Void.class) {
      return ScalarCodecs.VOID;
    }
    if (c == Ped.class) {
      return RefusedCodec.PED;
    }
    ValueCodec plain;
    if (c == Boolean.class) {
      plain = ScalarCodecs.FLAG;
    } else if (c == Integer.class) {
      plain = ScalarCodecs.INT;
    } else if (c == Long.class) {
      plain = ScalarCodecs.LONG;
    } else if (c == String.class) {
      plain = ScalarCodecs.TEXT;
    } else if (c == Path.class) {
      plain = ScalarCodecs.PATH;
    } else if (c == byte[].class) {
      plain = ScalarCodecs.BYTES;
    } else if (c == char[].class) {
      plain = SecretCodec.INSTANCE;
    } else if (c == long[].class) {
      plain = ContainerCodecs.LONGS;
    } else if (c == Instant.class) {
      plain = ScalarCodecs.MOMENT;
    } else if (c == Attributes.class) {
      plain = EngineValueCodecs.ATTRIBUTES;
    } else if (c == Mechanism.class) {
      plain = EngineValueCodecs.MECHANISM;
    } else if (c == PolicyValues.class) {
      plain = EngineValueCodecs.POLICIES;
    } else if (c == AuditConfig.class) {
      plain = EngineValueCodecs.AUDIT_CONFIG;
    } else if (c == PublicKey.class) {
      plain = PublicKeyCodec.INSTANCE;
    } else if (c == Slot.class) {
      plain = SlotRefCodec.INSTANCE;
    } else {
      return null;
    }
    return new NullableCodec(plain);
  }
}
