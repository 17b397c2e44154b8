package io.selenehsm.firmware.rc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three return code tables of the vendor administration guide, parsed from the seed text
 * independently of the shipped resources so the two can be compared.
 */
final class VendorGuideTables {
  static final String SEED_FILE = "004_abe02ee971add221.txt";

  record LunaRow(String name, long code, Optional<String> ckrName, String raw) {}

  record LibraryRow(long code, long decimal, String raw) {}

  record VendorRow(long code, String name) {}

  private static final Pattern LUNA =
      Pattern.compile("^(LUNA_RET_\\w+)\\t(0x\\p{XDigit}{8})\\t(.+)$");
  private static final Pattern LIBRARY = Pattern.compile("^(0x\\p{XDigit}{8}|0)\\t(\\d+)\\t.+$");
  private static final Pattern VENDOR = Pattern.compile("^(0x\\p{XDigit}{8})\\t(CKR_\\w+)$");
  private static final Pattern CKR_NAME = Pattern.compile("CKR_[A-Z0-9_]+");

  /**
   * Mapping cells that are not a bare CKR name. Footnote marks (*, **, †) and the "removed from
   * v2.0" remark are stripped generically; these are the remaining cells, read by hand.
   */
  private static final Map<String, Optional<String>> IRREGULAR_MAPPINGS =
      Map.of(
          "KR_KEY_UNEXTRACTABLE", Optional.of("CKR_KEY_UNEXTRACTABLE"), // leading C lost
          "HSM Internal ONLY", Optional.empty());

  final List<LunaRow> luna = new ArrayList<>();
  final List<LibraryRow> library = new ArrayList<>();
  final List<VendorRow> vendor = new ArrayList<>();

  /** Mapping cells that neither the generic clean-up nor the irregular list explain. */
  final List<String> unreadable = new ArrayList<>();

  static VendorGuideTables parse(Path seed) throws IOException {
    VendorGuideTables tables = new VendorGuideTables();
    String section = "";
    for (String line : Files.readAllLines(seed, StandardCharsets.UTF_8)) {
      if (line.startsWith("#")) {
        section = line.replaceFirst("^#+\\s*", "").trim();
        continue;
      }
      switch (section) {
        case "Cryptographic Module and Token Return Codes" -> tables.readLuna(line);
        case "Library Codes" -> tables.readLibrary(line);
        case "Vendor-Defined Return Codes" -> tables.readVendor(line);
        default -> {}
      }
    }
    return tables;
  }

  private void readLuna(String line) {
    Matcher m = LUNA.matcher(line);
    if (!m.matches()) {
      return;
    }
    String raw = m.group(3);
    String cleaned = raw.replace(", removed from v2.0", "").replaceAll("[*†\\s]+$", "");
    Optional<String> ckr;
    if (CKR_NAME.matcher(cleaned).matches()) {
      ckr = Optional.of(cleaned);
    } else if (IRREGULAR_MAPPINGS.containsKey(cleaned)) {
      ckr = IRREGULAR_MAPPINGS.get(cleaned);
    } else {
      unreadable.add(line);
      return;
    }
    luna.add(new LunaRow(m.group(1), Long.decode(m.group(2)), ckr, raw));
  }

  private void readLibrary(String line) {
    Matcher m = LIBRARY.matcher(line);
    if (m.matches()) {
      library.add(new LibraryRow(Long.decode(m.group(1)), Long.parseLong(m.group(2)), line));
    }
  }

  private void readVendor(String line) {
    Matcher m = VENDOR.matcher(line);
    if (m.matches()) {
      vendor.add(new VendorRow(Long.decode(m.group(1)), m.group(2)));
    }
  }
}
