package io.selenehsm.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.selenehsm.device.CallType;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every Slot call and every call result survives the wire: encoded, serialized to bytes as gRPC
 * does, parsed and decoded, it equals the original component by component. Calls carrying a PED are
 * refused instead.
 */
class CallRoundTripProperties {

  @Property(tries = 1000)
  void everyCallSurvivesTheWire(@ForAll("calls") SlotCall<?> call) throws Exception {
    roundTrip(call);
  }

  @Property(tries = 1000)
  void everyResultSurvivesTheWire(@ForAll("results") Outcome outcome) throws Exception {
    SlotCall<?> call = outcome.call();
    CallReply reply = CallReply.parseFrom(CallCodec.reply(call, outcome.result()).toByteArray());
    Object back = CallCodec.result(call, reply);
    assertNull(DeepEquality.difference(outcome.result(), back), () -> call.type() + " result");
  }

  /** Each type's arbitrary yields instances, and a few of each round-trip (no type left out). */
  @Example
  void everyCallTypeHasGeneratedInstancesThatRoundTrip() throws Exception {
    List<CallType> missing = new ArrayList<>();
    for (CallType type : CallType.values()) {
      List<SlotCall<?>> samples = WireArbitraries.call(type).sampleStream().limit(10).toList();
      if (samples.isEmpty() || !type.record().isInstance(samples.get(0))) {
        missing.add(type);
      }
      for (SlotCall<?> call : samples) {
        roundTrip(call);
      }
      List<Object> results = WireArbitraries.result(type).sampleStream().limit(10).toList();
      for (Object result : results) {
        SlotCall<?> call = samples.get(0);
        Object back = CallCodec.result(call, CallCodec.reply(call, result));
        assertNull(DeepEquality.difference(result, back), () -> type + " result");
      }
    }
    assertEquals(List.of(), missing, "call types without generated instances");
  }

  @Provide
  Arbitrary<SlotCall<?>> calls() {
    return Arbitraries.oneOf(Arrays.stream(CallType.values()).map(WireArbitraries::call).toList());
  }

  /** A call and a value of its result type. */
  record Outcome(SlotCall<?> call, Object result) {}

  @Provide
  Arbitrary<Outcome> results() {
    return Arbitraries.oneOf(
        Arrays.stream(CallType.values())
            .map(
                t ->
                    WireArbitraries.call(t)
                        .flatMap(c -> WireArbitraries.result(t).map(r -> new Outcome(c, r))))
            .toList());
  }

  private static void roundTrip(SlotCall<?> call)
      throws HsmException, InvalidProtocolBufferException {
    if (carriesPed(call)) {
      HsmException e =
          assertThrows(HsmException.class, () -> CallCodec.request(1, call, TestSlots.REFS));
      assertEquals(Ckr.FUNCTION_NOT_SUPPORTED, e.returnCode());
      assertTrue(e.detail().contains("PED authentication must run on the server's host"));
      return;
    }
    CallRequest sent = CallCodec.request(5, call, TestSlots.REFS);
    CallRequest received = CallRequest.parseFrom(sent.toByteArray());
    assertEquals(5, received.getSlot());
    assertEquals(call.type().ordinal() + 1, received.getTypeValue());
    SlotCall<?> back = CallCodec.call(received, TestSlots.RESOLVER);
    assertEquals(call.getClass(), back.getClass());
    assertNull(DeepEquality.difference(call, back), () -> call.type().name());
  }

  private static boolean carriesPed(SlotCall<?> call) {
    return Arrays.stream(call.getClass().getRecordComponents())
        .anyMatch(c -> c.getType() == Ped.class);
  }
}
