package io.selenehsm.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.Test;

/** Slot infos cross the wire with their kind by name and absent strings as null. */
class SlotInfoWireTest {

  @Test
  void everyKindRoundTrips() throws Exception {
    for (SlotInfo.Kind kind : SlotInfo.Kind.values()) {
      SlotInfo info =
          new SlotInfo(4, kind, true, "label", "1234", "5678", "Luna USB HSM 7", 2, "OK");
      io.selenehsm.server.wire.SlotInfo wire =
          io.selenehsm.server.wire.SlotInfo.parseFrom(CallCodec.toWire(info).toByteArray());
      assertEquals(kind.name(), wire.getKind());
      assertEquals(info, CallCodec.fromWire(wire));
    }
  }

  @Test
  void nullStringsTravelAsAbsentAndComeBackNull() throws Exception {
    SlotInfo info =
        new SlotInfo(0, SlotInfo.Kind.BACKUP_PLACEHOLDER, false, null, null, null, null, -1, null);
    io.selenehsm.server.wire.SlotInfo wire = CallCodec.toWire(info);
    assertEquals("", wire.getLabel());
    assertEquals(info, CallCodec.fromWire(wire));
  }

  @Test
  void anUnknownKindIsADeviceError() {
    io.selenehsm.server.wire.SlotInfo wire =
        io.selenehsm.server.wire.SlotInfo.newBuilder().setSlotId(3).setKind("QUANTUM").build();
    HsmException e = assertThrows(HsmException.class, () -> CallCodec.fromWire(wire));
    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
  }
}
