package io.selenehsm.device;

import java.util.List;

/**
 * Devices another process serves, as this process reaches them: their slots, each a {@link Slot}
 * whose calls cross to the server. Closing it closes the connection; the server then closes every
 * session this process had open, as an HSM does when a client goes away.
 */
public interface AttachedDevices extends AutoCloseable {

  /** One served slot and whether the server's {@code ShowUserSlots} hides it from listings. */
  record ServedSlot(Slot slot, boolean hidden) {}

  /** Where the devices are served, for banners and messages. */
  String describe();

  /** The serials of the served devices. */
  List<String> deviceSerials();

  /**
   * The served slots in the server's order: with the server's ids when {@code firstId} is negative
   * (a same-host attachment, so every process shows one numbering), else numbered from {@code
   * firstId} on (a network server's partitions after this host's own slots).
   */
  List<ServedSlot> slots(int firstId);

  @Override
  void close();
}
