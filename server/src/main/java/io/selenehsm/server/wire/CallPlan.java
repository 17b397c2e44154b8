package io.selenehsm.server.wire;

import io.selenehsm.device.SlotCall;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * How one call type travels: the codec of its record (the arguments) and of its result, the type
 * argument {@code R} of the {@link SlotCall} family interface the record implements.
 *
 * <p>Design note: one plan per call type, made by a {@link ClassValue} on first use (the reflection
 * walk of a call record happens once) and immutable, so the hot path of every remote call reads two
 * fields and shares them between threads without locking.
 */
final class CallPlan {
  private static final ClassValue<CallPlan> BY_RECORD =
      new ClassValue<>() {
        @Override
        protected CallPlan computeValue(Class<?> record) {
          return new CallPlan(record);
        }
      };

  private final io.selenehsm.device.CallType type;
  private final CallType wireType;
  private final RecordCodec arguments;
  private final ValueCodec result;

  private CallPlan(Class<?> record) {
    this.type = io.selenehsm.device.CallType.valueOf(typeName(record));
    this.wireType = CallType.forNumber(type.ordinal() + 1);
    this.arguments = RecordCodec.of(record);
    this.result = ValueCodec.forType(resultType(record));
  }

  static CallPlan of(io.selenehsm.device.CallType type) {
    return BY_RECORD.get(type.record());
  }

  static CallPlan of(SlotCall<?> call) {
    return of(call.type());
  }

  io.selenehsm.device.CallType type() {
    return type;
  }

  /** The wire's constant for this call (its number is the Java constant's ordinal + 1). */
  CallType wireType() {
    return wireType;
  }

  RecordCodec arguments() {
    return arguments;
  }

  ValueCodec result() {
    return result;
  }

  private static String typeName(Class<?> record) {
    for (io.selenehsm.device.CallType t : io.selenehsm.device.CallType.values()) {
      if (t.record() == record) {
        return t.name();
      }
    }
    throw new IllegalArgumentException(record + " is no Slot call");
  }

  /** {@code R} of the {@code SlotCall<R>} family interface (LoginCall, ObjectCall, ...). */
  static Type resultType(Class<?> record) {
    for (Type t : record.getGenericInterfaces()) {
      if (t instanceof ParameterizedType p
          && p.getRawType() instanceof Class<?> raw
          && SlotCall.class.isAssignableFrom(raw)) {
        return p.getActualTypeArguments()[0];
      }
    }
    throw new IllegalArgumentException(record + " implements no SlotCall family interface");
  }
}
