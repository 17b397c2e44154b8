package io.selenehsm.device;

import io.selenehsm.device.config.CardReaderSection;
import io.selenehsm.device.config.PresentationSection;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Every slot the driver presents, by slot id.
 *
 * <p>Numbering. For each device in declaration order, a block: one slot per application partition
 * index 1 to the model's maximum (whether that partition exists yet or not), then the device's
 * admin slot. After the devices come the Backup HSM placeholder slots ({@code CardReader}: {@code
 * LunaG5Slots}, then {@code LunaG7Slots}), then HA virtual slots as they are added. Ids count from
 * 0, or from 1 with {@code Presentation OneBaseSlotId}. Because every partition index owns its id,
 * ids never move when partitions are created or deleted. {@code ShowUserSlots} pins partitions, by
 * partition serial, to fixed ids; the other slots are numbered in the same order, skipping the
 * pinned ids.
 *
 * <p>Listing ({@link #list()}, what {@code slot list} shows) filters without renumbering:
 * application slots without a partition appear only with {@code ShowEmptySlots}; admin slots only
 * with {@code ShowAdminTokens} (on by default); when {@code ShowUserSlots} pins any partition of a
 * device, that device's unpinned partitions are hidden. {@link #slot(int)} reaches every slot,
 * listed or not: the admin shell must be able to name an empty slot to create a partition in it.
 *
 * <p>The table is copy-on-write: readers never lock, {@link #addVirtualSlot} swaps a snapshot.
 */
public final class SlotTable implements SlotLookup {
  /** One slot; {@code served} when another process (a device service) runs its device. */
  private record Entry(Slot slot, boolean hiddenByUserSlots, boolean served) {
    Entry(Slot slot, boolean hiddenByUserSlots) {
      this(slot, hiddenByUserSlots, false);
    }
  }

  private final PresentationSection presentation;
  private volatile NavigableMap<Integer, Entry> byId;

  private SlotTable(PresentationSection presentation) {
    this.presentation = presentation;
  }

  static SlotTable build(
      List<Device> devices, PresentationSection presentation, CardReaderSection cardReader) {
    return build(devices, presentation, cardReader, List.of(), List.of());
  }

  /**
   * The table of this host's devices, then the slots of each network server in {@code network}
   * numbered after them; or, with devices {@code sameHost} serves, those slots under the server's
   * own ids (a process attached to a same-host server shows the numbering the server shows).
   */
  static SlotTable build(
      List<Device> devices,
      PresentationSection presentation,
      CardReaderSection cardReader,
      List<AttachedDevices> sameHost,
      List<AttachedDevices> network) {
    SlotTable table = new SlotTable(presentation);
    NavigableMap<Integer, Entry> slots = new TreeMap<>();
    for (AttachedDevices served : sameHost) {
      served
          .slots(-1)
          .forEach(s -> slots.put(s.slot().slotId(), new Entry(s.slot(), s.hidden(), true)));
    }
    if (sameHost.isEmpty()) {
      slots.putAll(table.layOut(devices, cardReader));
    }
    for (AttachedDevices served : network) {
      int next = slots.isEmpty() ? presentation.firstSlotId() : slots.lastKey() + 1;
      served
          .slots(next)
          .forEach(s -> slots.put(s.slot().slotId(), new Entry(s.slot(), s.hidden(), true)));
    }
    table.byId = Collections.unmodifiableNavigableMap(slots);
    return table;
  }

  /** One slot to number: how to make it once its id is known, and its ShowUserSlots role. */
  private record Position(IntFunction<Slot> make, String pinSerial, boolean hidden) {}

  private NavigableMap<Integer, Entry> layOut(List<Device> devices, CardReaderSection cardReader) {
    Map<String, Integer> pins = new HashMap<>();
    presentation.showUserSlots().forEach(u -> pins.put(u.serial(), u.slot()));
    List<Position> positions = new ArrayList<>();
    for (Device d : devices) {
      boolean devicePinned = false;
      for (int p = 1; p <= d.model().maxPartitions(); p++) {
        devicePinned |= pins.containsKey(partitionSerial(d, p));
      }
      for (int p = 1; p <= d.model().maxPartitions(); p++) {
        int partition = p;
        String serial = partitionSerial(d, p);
        boolean pinned = pins.containsKey(serial);
        positions.add(
            new Position(
                id -> new DeviceSlot(d, id, partition, this),
                pinned ? serial : null,
                devicePinned && !pinned));
      }
      positions.add(
          new Position(id -> new DeviceSlot(d, id, Hsm.ADMIN_PARTITION, this), null, false));
    }
    for (int i = 0; i < cardReader.lunaG5Slots(); i++) {
      positions.add(
          new Position(id -> new PlaceholderSlot(id, PlaceholderSlot.Generation.G5), null, false));
    }
    for (int i = 0; i < cardReader.lunaG7Slots(); i++) {
      positions.add(
          new Position(id -> new PlaceholderSlot(id, PlaceholderSlot.Generation.G7), null, false));
    }
    Set<Integer> pinnedIds = new HashSet<>();
    positions.stream()
        .filter(p -> p.pinSerial() != null)
        .forEach(p -> pinnedIds.add(pins.get(p.pinSerial())));
    NavigableMap<Integer, Entry> slots = new TreeMap<>();
    int next = presentation.firstSlotId();
    for (Position p : positions) {
      int id;
      if (p.pinSerial() != null) {
        id = pins.get(p.pinSerial());
      } else {
        while (pinnedIds.contains(next)) {
          next++;
        }
        id = next++;
      }
      slots.put(id, new Entry(p.make().apply(id), p.hidden()));
    }
    return slots;
  }

  private static String partitionSerial(Device d, int partition) {
    return partitionSerial(d.serial(), partition);
  }

  /** A partition's serial: its device's serial and its index in three digits. */
  public static String partitionSerial(String deviceSerial, int partition) {
    return deviceSerial + String.format(Locale.ROOT, "%03d", partition);
  }

  /** The id of the first slot: 0, or 1 with {@code OneBaseSlotId}. */
  public int firstSlotId() {
    return presentation.firstSlotId();
  }

  /** Any slot by id, listed or not. */
  @Override
  public Slot slot(int id) throws HsmException {
    Entry e = byId.get(id);
    if (e == null) {
      throw new HsmException(
          Ckr.SLOT_ID_INVALID, "there is no slot " + id + " (slots are " + describeRange() + ")");
    }
    return e.slot();
  }

  private String describeRange() {
    NavigableMap<Integer, Entry> m = byId;
    return m.isEmpty() ? "none" : m.firstKey() + " to " + m.lastKey();
  }

  /** Whether {@code ShowUserSlots} hides slot {@code id} from listings (false for unknown ids). */
  public boolean hiddenByUserSlots(int id) {
    Entry e = byId.get(id);
    return e != null && e.hiddenByUserSlots();
  }

  /** Every slot in id order, listed or not. */
  public List<Slot> all() {
    return byId.values().stream().map(Entry::slot).toList();
  }

  /** What {@code slot list} shows, in id order; see the class notes for the filters. */
  public List<SlotInfo> list() {
    List<SlotInfo> shown = new ArrayList<>();
    for (Entry e : byId.values()) {
      SlotInfo info = e.slot().info();
      boolean visible =
          switch (info.kind()) {
            case ADMIN -> presentation.showAdminTokens();
            case APPLICATION ->
                !e.hiddenByUserSlots() && (info.tokenPresent() || presentation.showEmptySlots());
            case BACKUP_PLACEHOLDER, HA_VIRTUAL -> true;
          };
      if (visible) {
        shown.add(info);
      }
    }
    return shown;
  }

  /** The admin slot of the device with {@code deviceSerial}. */
  public Optional<DeviceSlot> adminSlot(String deviceSerial) {
    return deviceSlot(deviceSerial, Hsm.ADMIN_PARTITION);
  }

  /**
   * The slot of application partition {@code partition} of the device with {@code deviceSerial}.
   */
  public Optional<DeviceSlot> applicationSlot(String deviceSerial, int partition) {
    return partition == Hsm.ADMIN_PARTITION
        ? Optional.empty()
        : deviceSlot(deviceSerial, partition);
  }

  /**
   * The slot of application partition {@code partition} of the device with {@code deviceSerial},
   * whether this process runs the device or a device service serves it (a same-host or network
   * server's slot, found by what the server says of it): HA groups name members by device serial
   * wherever the member is.
   */
  public Optional<Slot> partitionSlot(String deviceSerial, int partition) {
    Optional<DeviceSlot> local = applicationSlot(deviceSerial, partition);
    if (local.isPresent() || partition == Hsm.ADMIN_PARTITION) {
      return local.map(Slot.class::cast);
    }
    for (Entry e : byId.values()) {
      if (e.served()) {
        SlotInfo info = e.slot().info();
        if (info.kind() == SlotInfo.Kind.APPLICATION
            && deviceSerial.equals(info.deviceSerial())
            && info.partitionId() == partition) {
          return Optional.of(e.slot());
        }
      }
    }
    return Optional.empty();
  }

  private Optional<DeviceSlot> deviceSlot(String deviceSerial, int partition) {
    for (Entry e : byId.values()) {
      if (e.slot() instanceof DeviceSlot d
          && d.device().serial().equals(deviceSerial)
          && d.partitionId() == partition) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * Appends a slot after every other one (an HA virtual slot): {@code factory} is given the new
   * slot's id and must return a slot reporting that id.
   */
  public synchronized Slot addVirtualSlot(Function<Integer, Slot> factory) {
    NavigableMap<Integer, Entry> current = byId;
    int id = current.isEmpty() ? firstSlotId() : current.lastKey() + 1;
    Slot slot = Objects.requireNonNull(factory.apply(id), "the factory returned no slot");
    if (slot.slotId() != id) {
      throw new IllegalArgumentException(
          "the new slot reports id " + slot.slotId() + " but was given " + id);
    }
    NavigableMap<Integer, Entry> next = new TreeMap<>(current);
    next.put(id, new Entry(slot, false));
    byId = Collections.unmodifiableNavigableMap(next);
    return slot;
  }

  @Override
  public String toString() {
    return "SlotTable[" + byId.size() + " slots, " + describeRange() + "]";
  }
}
