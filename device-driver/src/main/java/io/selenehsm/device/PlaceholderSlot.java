package io.selenehsm.device;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * A slot number held back for a Backup HSM that may be plugged in later (section {@code
 * CardReader}), so that plugging one in does not renumber the slots after it. Selene emulates no
 * hot-plugged Backup HSMs here, so the slot is always empty: its info says token not present and
 * every command answers {@code CKR_TOKEN_NOT_PRESENT}.
 */
public final class PlaceholderSlot implements Slot {
  /** The Backup HSM generations {@code CardReader} reserves slots for. */
  public enum Generation {
    G5("Luna Backup HSM G5"),
    G7("Luna Backup HSM 7");

    private final String model;

    Generation(String model) {
      this.model = model;
    }

    public String model() {
      return model;
    }
  }

  private final int slotId;
  private final Generation generation;

  PlaceholderSlot(int slotId, Generation generation) {
    this.slotId = slotId;
    this.generation = generation;
  }

  public Generation generation() {
    return generation;
  }

  @Override
  public int slotId() {
    return slotId;
  }

  @Override
  public SlotInfo info() {
    return new SlotInfo(
        slotId,
        SlotInfo.Kind.BACKUP_PLACEHOLDER,
        false,
        null,
        null,
        null,
        generation.model(),
        -1,
        "reserved for a " + generation.model());
  }

  private HsmException absent() {
    return new HsmException(
        Ckr.TOKEN_NOT_PRESENT, "slot " + slotId + " is a reserved Backup HSM slot with no device");
  }

  /** Every call finds no device here. */
  @Override
  public <R> R call(SlotCall<R> call) throws HsmException {
    throw absent();
  }

  @Override
  public String toString() {
    return "PlaceholderSlot[" + slotId + ", " + generation + "]";
  }
}
