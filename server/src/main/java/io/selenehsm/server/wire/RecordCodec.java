package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.HsmException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * A record as a {@link Composite}: its components in declaration order, each by the codec of its
 * declared (generic) type, rebuilt through the canonical constructor so the record's own checks
 * run. A constructor that rejects the values (a null where it needs one) makes the value bad input,
 * never an unchecked exception.
 *
 * <p>Design note: one instance per record class, built on first use by a {@link ClassValue} (the
 * reflection walk happens once per class) and immutable afterwards, so every thread shares it
 * without locking. Accessors and the constructor are method handles adapted to {@code Object}, so a
 * call costs no reflective lookup.
 */
final class RecordCodec implements ValueCodec {
  private static final ClassValue<RecordCodec> BY_TYPE =
      new ClassValue<>() {
        @Override
        protected RecordCodec computeValue(Class<?> type) {
          return new RecordCodec(type);
        }
      };

  private final Class<?> type;
  private final String[] names;
  private final ValueCodec[] codecs;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;

  private RecordCodec(Class<?> type) {
    this.type = type;
    RecordComponent[] rc = type.getRecordComponents();
    names = new String[rc.length];
    codecs = new ValueCodec[rc.length];
    accessors = new MethodHandle[rc.length];
    Class<?>[] raw = new Class<?>[rc.length];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < rc.length; i++) {
        names[i] = rc[i].getName();
        codecs[i] = ValueCodec.forType(rc[i].getGenericType());
        raw[i] = rc[i].getType();
        Method accessor = rc[i].getAccessor();
        accessor.trySetAccessible();
        accessors[i] =
            lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
      }
      Constructor<?> canonical = type.getDeclaredConstructor(raw);
      canonical.trySetAccessible();
      constructor =
          lookup
              .unreflectConstructor(canonical)
              .asSpreader(Object[].class, rc.length)
              .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record " + type.getName() + " is not accessible", e);
    }
  }

  static RecordCodec of(Class<?> type) {
    return BY_TYPE.get(type);
  }

  Class<?> type() {
    return type;
  }

  int arity() {
    return names.length;
  }

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    return Value.newBuilder().setComposite(composite("", value, refs)).build();
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    if (!value.hasComposite()) {
      throw WireErrors.expected("composite (" + type.getSimpleName() + ")", value);
    }
    return decodeComponents(value.getComposite().getComponentsList(), slots);
  }

  /** The record as a composite named {@code variant}. */
  Composite composite(String variant, Object record, SlotRefs refs) throws HsmException {
    return Composite.newBuilder()
        .setVariant(variant)
        .addAllComponents(encodeComponents(record, refs))
        .build();
  }

  /** The record's components, encoded in declaration order. */
  List<Value> encodeComponents(Object record, SlotRefs refs) throws HsmException {
    List<Value> out = new ArrayList<>(codecs.length);
    for (int i = 0; i < codecs.length; i++) {
      try {
        out.add(codecs[i].encode(component(i, record), refs));
      } catch (HsmException e) {
        throw WireErrors.within(where(i), e);
      }
    }
    return out;
  }

  /** The record whose components {@code values} carries. */
  Object decodeComponents(List<Value> values, SlotResolver slots) throws HsmException {
    if (values.size() != codecs.length) {
      throw WireErrors.bad(
          type.getSimpleName() + " has " + codecs.length + " component(s), got " + values.size());
    }
    Object[] args = new Object[codecs.length];
    for (int i = 0; i < codecs.length; i++) {
      try {
        args[i] = codecs[i].decode(values.get(i), slots);
      } catch (HsmException e) {
        throw WireErrors.within(where(i), e);
      }
    }
    return construct(args);
  }

  private String where(int i) {
    return type.getSimpleName() + "." + names[i];
  }

  private Object component(int i, Object record) {
    try {
      return (Object) accessors[i].invokeExact(record);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(where(i) + " accessor failed", t);
    }
  }

  private Object construct(Object[] args) throws HsmException {
    try {
      return (Object) constructor.invokeExact(args);
    } catch (RuntimeException e) {
      throw WireErrors.bad(type.getSimpleName() + " refused its components: " + e);
    } catch (Error e) {
      throw e;
    } catch (Throwable t) {
      throw WireErrors.bad(type.getSimpleName() + " refused its components: " + t);
    }
  }
}
