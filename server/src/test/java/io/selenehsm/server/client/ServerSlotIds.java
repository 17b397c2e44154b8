package io.selenehsm.server.client;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;

/**
 * A slot that names a server slot id of the tester's choosing, listed or not: what a client that
 * guesses another client's partition id would send.
 */
public final class ServerSlotIds {
  private ServerSlotIds() {}

  /** A slot of {@code served} (a {@link RemoteDevices}) whose calls name {@code serverSlotId}. */
  public static Slot guessed(AttachedDevices served, int serverSlotId) {
    RemoteDevices devices = (RemoteDevices) served;
    SlotInfo unknown =
        new SlotInfo(
            serverSlotId,
            SlotInfo.Kind.APPLICATION,
            false,
            "",
            "",
            "",
            "",
            0,
            "guessed by the client");
    return new RemoteSlot(devices, serverSlotId, serverSlotId, unknown);
  }
}
