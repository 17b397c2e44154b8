package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.CallKind;
import io.selenehsm.device.CallType;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The group routes every call value by its kind: each call type of the Slot API has a record, and
 * every administration call is refused on the virtual slot with the command's name before it can
 * reach a member (the members' partitions are untouched afterwards).
 */
class HaCallRoutingTest {

  /** One value of every call record, its components zero, false or null. */
  private static List<SlotCall<?>> everyCall() throws ReflectiveOperationException {
    List<SlotCall<?>> out = new ArrayList<>();
    for (Class<?> family : SlotCall.class.getPermittedSubclasses()) {
      for (Class<?> record : family.getPermittedSubclasses()) {
        RecordComponent[] parts = record.getRecordComponents();
        Class<?>[] types = new Class<?>[parts.length];
        Object[] args = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
          types[i] = parts[i].getType();
          args[i] = zero(types[i]);
        }
        Constructor<?> canonical = record.getDeclaredConstructor(types);
        out.add((SlotCall<?>) canonical.newInstance(args));
      }
    }
    return out;
  }

  private static Object zero(Class<?> type) {
    if (type == long.class) {
      return 0L;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }

  @Test
  void everyCallTypeHasOneRecord() throws Exception {
    Set<CallType> seen = EnumSet.noneOf(CallType.class);
    for (SlotCall<?> c : everyCall()) {
      assertTrue(seen.add(c.type()), "two records claim " + c.type());
    }
    assertEquals(EnumSet.allOf(CallType.class), seen, "call types without a record");
  }

  @Test
  void administrationIsRefusedOnTheVirtualSlotAndNeverReachesAMember() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup g = fx.group();
      long s = HaFixture.login(g);
      long key = HaFixture.aesKey(g, s, true);
      PartitionInfo before = fx.member(0).partitionInfo();
      int refused = 0;
      for (SlotCall<?> c : everyCall()) {
        if (c.kind() != CallKind.ADMIN) {
          continue;
        }
        HsmException e = assertThrows(HsmException.class, () -> g.call(c), c.type().name());
        assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode(), e.getMessage());
        assertTrue(
            e.getMessage().contains(c.command() + " is not available on HA virtual slot"),
            e.getMessage());
        refused++;
      }
      assertEquals(
          EnumSet.allOf(CallType.class).stream().filter(t -> t.kind() == CallKind.ADMIN).count(),
          refused,
          "every administration call type was tried");
      assertEquals(before, fx.member(0).partitionInfo(), "the member's partition is untouched");
      assertEquals(2, g.status().stream().filter(m -> m.state() == MemberState.ACTIVE).count());
      assertEquals(List.of(key), g.findObjects(s, Attributes.builder().build()), "the group's key");
    }
  }
}
