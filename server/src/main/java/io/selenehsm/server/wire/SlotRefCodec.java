package io.selenehsm.server.wire;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.HsmException;

/** A {@link Slot} argument as the slot's id on the server; each side resolves its own. */
final class SlotRefCodec implements ValueCodec {
  static final SlotRefCodec INSTANCE = new SlotRefCodec();

  private SlotRefCodec() {}

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    int id = refs.serverSlotId((Slot) value);
    return Value.newBuilder().setSlot(SlotRef.newBuilder().setSlot(id)).build();
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    if (!value.hasSlot()) {
      throw WireErrors.expected("slot", value);
    }
    Slot s = slots.slot(value.getSlot().getSlot());
    if (s == null) {
      throw WireErrors.bad("no slot " + value.getSlot().getSlot() + " on this server");
    }
    return s;
  }
}
