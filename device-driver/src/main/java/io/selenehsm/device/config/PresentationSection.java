package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section {@code Presentation}: how the slot table is numbered and what it shows.
 *
 * @param oneBaseSlotId {@code OneBaseSlotId}: slots count from 1 instead of 0 (default false)
 * @param showAdminTokens {@code ShowAdminTokens}: admin partitions appear as slots (default true)
 * @param showEmptySlots {@code ShowEmptySlots}: slot numbers are held for partitions not yet
 *     created, so numbering stays stable as partitions are added (default false)
 * @param showUserSlots {@code ShowUserSlots}: fixed slot numbers for partitions, by serial; when
 *     present, partitions of the same HSM that are not listed are hidden (default empty)
 */
public record PresentationSection(
    boolean oneBaseSlotId,
    boolean showAdminTokens,
    boolean showEmptySlots,
    List<UserSlot> showUserSlots) {

  /** One {@code slot(serial)} item of {@code ShowUserSlots}. */
  public record UserSlot(int slot, String serial) {}

  private static final Pattern USER_SLOT =
      Pattern.compile("(\\d{1,4})\\s*\\(\\s*(\\d{1,20})\\s*\\)");
  private static final String USER_SLOTS_FORM =
      "expected slot(serial), comma-separated, " + "slot 0 to 9999, serial 1 to 20 digits";

  public PresentationSection {
    showUserSlots = List.copyOf(showUserSlots);
  }

  /** The number of the first slot: 0, or 1 with {@code OneBaseSlotId = 1}. */
  public int firstSlotId() {
    return oneBaseSlotId ? 1 : 0;
  }

  static PresentationSection read(SectionReader r) throws ConfigException {
    return new PresentationSection(
        r.number("OneBaseSlotId", 0, 0, 1, "expected 0 or 1") == 1,
        r.bool("ShowAdminTokens", true),
        r.bool("ShowEmptySlots", false),
        userSlots(r, r.entry("ShowUserSlots")));
  }

  private static List<UserSlot> userSlots(SectionReader r, Optional<Entry> entry)
      throws ConfigException {
    if (entry.isEmpty()) {
      return List.of();
    }
    List<UserSlot> slots = new ArrayList<>();
    Set<Integer> slotNumbers = new HashSet<>();
    Set<String> serials = new HashSet<>();
    for (String item : r.list(entry.get(), USER_SLOTS_FORM)) {
      Matcher m = USER_SLOT.matcher(item);
      if (!m.matches()) {
        throw r.bad(entry.get(), USER_SLOTS_FORM);
      }
      UserSlot slot = new UserSlot(Integer.parseInt(m.group(1)), m.group(2));
      if (!slotNumbers.add(slot.slot()) || !serials.add(slot.serial())) {
        throw r.error(
            entry.get(),
            "Presentation.ShowUserSlots names slot "
                + slot.slot()
                + " or serial "
                + slot.serial()
                + " twice");
      }
      slots.add(slot);
    }
    return slots;
  }
}
