package io.selenehsm.device.config;

/**
 * Section {@code CardReader}: slot numbers held back for Backup HSMs that may be plugged in later,
 * so that plugging one in does not renumber the slots after it.
 *
 * @param lunaG5Slots {@code LunaG5Slots}: placeholders for Backup HSM G5 devices (default 3)
 * @param lunaG7Slots {@code LunaG7Slots}: placeholders for Backup HSM 7 devices (default 3)
 * @param remoteCommand {@code RemoteCommand}: a legacy debugging switch, read and kept only so a
 *     vendor file is accepted (default true)
 */
public record CardReaderSection(int lunaG5Slots, int lunaG7Slots, boolean remoteCommand) {
  /** More placeholder slots than any host has USB ports is surely a typo. */
  static final int MAX_RESERVED_SLOTS = 64;

  static CardReaderSection read(SectionReader r) throws ConfigException {
    String range = "expected 0 to " + MAX_RESERVED_SLOTS + " slots";
    return new CardReaderSection(
        (int) r.number("LunaG5Slots", 3, 0, MAX_RESERVED_SLOTS, range),
        (int) r.number("LunaG7Slots", 3, 0, MAX_RESERVED_SLOTS, range),
        r.bool("RemoteCommand", true));
  }
}
