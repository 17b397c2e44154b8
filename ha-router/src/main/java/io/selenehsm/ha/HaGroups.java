package io.selenehsm.ha;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.HaConfiguration;
import io.selenehsm.device.config.VirtualTokenDeclaration;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HA groups {@code selene.conf} declares, registered as virtual slots of a {@link
 * DeviceManager}. A member serial names a device; its member partition is the device's partition 1
 * (a USB HSM 7 has only that one), whether this process runs the device or a device service serves
 * it, so a group can span servers. {@code haStandbyMembers} marks standby members.
 */
public final class HaGroups implements AutoCloseable {
  private final DeviceManager manager;
  private final List<HaGroup> groups;
  private final boolean haOnly;

  private HaGroups(DeviceManager manager, List<HaGroup> groups, boolean haOnly) {
    this.manager = manager;
    this.groups = List.copyOf(groups);
    this.haOnly = haOnly;
  }

  /** Builds and registers every declared group on the system's time. */
  public static HaGroups register(DeviceManager manager) throws HsmException {
    return register(manager, TimeSource.system());
  }

  /** As {@link #register(DeviceManager)}, with an injected time source (and so scheduling). */
  public static HaGroups register(DeviceManager manager, TimeSource time) throws HsmException {
    HaConfiguration ha = manager.config().ha();
    HaSettings settings = HaSettings.from(ha);
    List<HaGroup> built = new ArrayList<>();
    for (VirtualTokenDeclaration decl : manager.config().virtualTokens()) {
      HaGroup.Builder b =
          HaGroup.builder().label(decl.label()).serial(decl.serial()).settings(settings).time(time);
      for (String member : decl.members()) {
        Slot slot =
            manager
                .slots()
                .partitionSlot(member, 1)
                .orElseThrow(
                    () ->
                        new HsmException(
                            Ckr.SLOT_ID_INVALID,
                            "HA group "
                                + decl.label()
                                + ": device "
                                + member
                                + " has no application partition slot"));
        b.member(slot, ha.standbyMembers().contains(member));
      }
      built.add(b.register(manager.slots()));
    }
    return new HaGroups(manager, built, ha.haOnly());
  }

  public List<HaGroup> groups() {
    return groups;
  }

  /**
   * What {@code slot list} shows with the groups in place: with {@code HAOnly}, the member slots of
   * every group are hidden and the virtual slots stay.
   */
  public List<SlotInfo> visibleSlots() {
    Set<Integer> hidden = new HashSet<>();
    if (haOnly) {
      groups.forEach(g -> hidden.addAll(g.memberSlotIds()));
    }
    return manager.slots().list().stream().filter(i -> !hidden.contains(i.slotId())).toList();
  }

  /** Stops every group's background recovery. */
  @Override
  public void close() {
    groups.forEach(HaGroup::close);
  }
}
