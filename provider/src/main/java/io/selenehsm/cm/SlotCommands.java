package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.rc.HsmException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slot list}, {@code slot set}. */
@Command(name = "slot", description = "List slots and choose the current one.")
final class SlotCommands extends Family {

  SlotCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "list", description = "List the slots and what is in them.")
  void list() throws HsmException {
    PrintStream out = ctx.out();
    List<SlotInfo> slots = ctx.directory().list();
    Map<String, String> firmware = new HashMap<>();
    for (SlotInfo s : slots) {
      if (s.kind() == SlotInfo.Kind.ADMIN && s.tokenPresent() && s.deviceSerial() != null) {
        firmware.put(s.deviceSerial(), firmwareOf(ctx.directory().slot(s.slotId())));
      }
    }
    for (SlotInfo s : slots) {
      out.println("Slot " + s.slotId());
      Listing.Fields f = new Listing.Fields("  ");
      if (s.tokenPresent()) {
        f.add("Label", s.label() == null || s.label().isEmpty() ? "(not initialized)" : s.label())
            .add("Serial Number", s.tokenSerial())
            .add("Model", s.model())
            .add("Firmware", firmware.getOrDefault(s.deviceSerial(), ""));
      } else {
        f.add("Label", "(no token present)");
      }
      f.add("Slot type", slotType(s.kind()));
      if (s.kind() == SlotInfo.Kind.ADMIN) {
        f.add("HSM status", s.status());
      } else if (s.status() != null) {
        f.add("Status", s.status());
      }
      f.print(out);
      out.println();
    }
    if (slots.isEmpty()) {
      out.println("No slots are present.");
    } else {
      out.println("Current Slot Id: " + ctx.currentSlotId());
    }
  }

  @Command(name = "set", description = "Make a slot the current one.")
  void set(
      @Option(
              names = "-slot",
              required = true,
              paramLabel = "N",
              description = "slot id, as 'slot list' shows it")
          int slot)
      throws HsmException {
    ctx.selectSlot(slot);
    SlotInfo s = ctx.currentSlotInfo();
    ctx.out()
        .println(
            "Current Slot Id: "
                + slot
                + " ("
                + slotType(s.kind())
                + (s.label() != null && !s.label().isEmpty() ? ", " + s.label() : "")
                + ")");
  }

  private static String firmwareOf(Slot admin) {
    try {
      HsmInfo info = admin.hsmInfo();
      return info.firmware();
    } catch (HsmException e) {
      return "";
    }
  }

  static String slotType(SlotInfo.Kind kind) {
    return switch (kind) {
      case ADMIN -> "HSM admin partition";
      case APPLICATION -> "application partition";
      case BACKUP_PLACEHOLDER -> "Backup HSM";
      case HA_VIRTUAL -> "HA virtual slot";
    };
  }
}
