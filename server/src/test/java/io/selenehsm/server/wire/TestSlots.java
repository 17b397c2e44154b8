package io.selenehsm.server.wire;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.quorum.IKey;
import io.selenehsm.firmware.quorum.IKeyColor;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;

/**
 * Slots and a PED for codec tests: slots known by id on both "sides" (client refs and server
 * resolver agree), compared by identity; a PED that only exists to be refused.
 */
final class TestSlots {
  private TestSlots() {}

  static final List<Slot> SLOTS = List.of(new IdSlot(3), new IdSlot(7), new IdSlot(12));

  static final SlotRefs REFS = slot -> slot.slotId();

  static final SlotResolver RESOLVER =
      id -> {
        for (Slot s : SLOTS) {
          if (s.slotId() == id) {
            return s;
          }
        }
        throw new HsmException(Ckr.SLOT_ID_INVALID, "no slot " + id);
      };

  /** A slot that has an id and nothing else: the codec only names slots. */
  private static final class IdSlot implements Slot {
    private final int id;

    IdSlot(int id) {
      this.id = id;
    }

    @Override
    public int slotId() {
      return id;
    }

    @Override
    public SlotInfo info() {
      return new SlotInfo(id, SlotInfo.Kind.ADMIN, true, "t", "1", "1", "m", 0, "ok");
    }

    @Override
    public <R> R call(SlotCall<R> call) throws HsmException {
      throw new HsmException(Ckr.FUNCTION_NOT_SUPPORTED, "test slot runs no calls");
    }

    @Override
    public String toString() {
      return "IdSlot" + id;
    }
  }

  /** A PED: calls carrying one must be refused before any of its methods could run. */
  static final Ped PED =
      new Ped() {
        @Override
        public List<IKey> present(IKeyColor color, int needed, String prompt) throws HsmException {
          throw new HsmException(Ckr.FUNCTION_NOT_SUPPORTED, "test PED");
        }

        @Override
        public char[] pin(IKey key, String prompt) throws HsmException {
          throw new HsmException(Ckr.FUNCTION_NOT_SUPPORTED, "test PED");
        }

        @Override
        public void issue(List<IKey> keys, String prompt) throws HsmException {
          throw new HsmException(Ckr.FUNCTION_NOT_SUPPORTED, "test PED");
        }
      };
}
