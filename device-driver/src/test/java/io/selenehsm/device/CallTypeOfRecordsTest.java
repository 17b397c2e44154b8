package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A call value's type is the constant its record class is registered under: the per-operation calls
 * that answer {@link SlotCall#type} from a constant (no class lookup) must answer what {@link
 * CallType#of} finds for their class, since a slot takes the scope and the command class (timeout)
 * and a router the kind from it. Every record that can be built from default values is checked.
 */
class CallTypeOfRecordsTest {
  /** The calls that answer from a constant; each must be checked below. */
  private static final Set<CallType> CONSTANT =
      EnumSet.of(
          CallType.SIGN, CallType.VERIFY, CallType.ENCRYPT, CallType.DECRYPT, CallType.DIGEST);

  @Test
  void everyCallAnswersTheTypeOfItsRecordClass() throws Exception {
    Set<CallType> checked = EnumSet.noneOf(CallType.class);
    for (CallType t : CallType.values()) {
      SlotCall<?> call = instance(t.record());
      if (call == null) {
        continue; // its constructor refuses default values; it answers through CallType.of
      }
      assertEquals(t, call.type(), t.record().getSimpleName());
      assertEquals(CallType.of(call), call.type(), t.record().getSimpleName());
      assertEquals(t.kind(), call.kind());
      assertEquals(t.commandClass(), call.commandClass());
      checked.add(t);
    }
    assertTrue(checked.containsAll(CONSTANT), "unchecked: " + CONSTANT + " vs " + checked);
    assertTrue(checked.size() > CONSTANT.size(), "the lookup side is exercised too");
  }

  private static SlotCall<?> instance(Class<? extends SlotCall<?>> record) throws Exception {
    RecordComponent[] parts = record.getRecordComponents();
    Class<?>[] types = new Class<?>[parts.length];
    Object[] args = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      types[i] = parts[i].getType();
      args[i] = defaultOf(types[i]);
    }
    Constructor<? extends SlotCall<?>> c = record.getDeclaredConstructor(types);
    c.setAccessible(true);
    try {
      return c.newInstance(args);
    } catch (InvocationTargetException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Object defaultOf(Class<?> type) {
    if (type == long.class) {
      return 1L;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == byte[].class) {
      return new byte[0];
    }
    if (type == char[].class) {
      return new char[0];
    }
    return null;
  }
}
