package io.selenehsm.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire's call names never drift from the Java enum the Slot API names calls by. */
class WireSchemaTest {

  @Test
  void protoCallTypesAreTheJavaCallTypesInOrderNumberedFromOne() {
    List<CallType> wire =
        Arrays.stream(CallType.values())
            .filter(t -> t != CallType.CALL_TYPE_UNSPECIFIED && t != CallType.UNRECOGNIZED)
            .toList();
    io.selenehsm.device.CallType[] java = io.selenehsm.device.CallType.values();
    assertEquals(java.length, wire.size(), "number of call types");
    for (io.selenehsm.device.CallType t : java) {
      CallType w = wire.get(t.ordinal());
      assertEquals(t.name(), w.name(), "name of call " + t.ordinal());
      assertEquals(t.ordinal() + 1, w.getNumber(), "number of " + t);
    }
    assertEquals(0, CallType.CALL_TYPE_UNSPECIFIED.getNumber());
  }

  @Test
  void everyCallPlanNamesItsOwnWireType() {
    for (io.selenehsm.device.CallType t : io.selenehsm.device.CallType.values()) {
      assertEquals(t.name(), CallPlan.of(t).wireType().name());
      assertEquals(t, CallPlan.of(t).type());
    }
  }

  /** The reflection walk of a call type happens once: later calls share the same plan. */
  @Test
  void plansAreBuiltOncePerCallType() {
    for (io.selenehsm.device.CallType t : io.selenehsm.device.CallType.values()) {
      assertSame(CallPlan.of(t), CallPlan.of(t));
      assertSame(RecordCodec.of(t.record()), CallPlan.of(t).arguments());
    }
  }
}
