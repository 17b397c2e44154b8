package io.selenehsm.firmware.rc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The return code catalogue: every Cryptoki code with its name, the firmware ({@code LUNA_RET_*})
 * codes with the Cryptoki code each one surfaces as, and the host library's own codes.
 *
 * <p>The data ships as tab-separated resources next to this class, transcribed from the vendor
 * tables. They are explicit on purpose: a name lookup derived from {@link Ckr} by reflection could
 * never disagree with it, so it could never catch a wrong constant. The tests cross-check the three
 * sources (constants, resources, vendor tables).
 *
 * <p>Everything is loaded once into immutable maps; lookups are lock-free and thread-safe.
 */
public final class ReturnCodes {
  private static final List<CkrCode> ALL;
  private static final Map<Long, CkrCode> BY_CODE;

  /** Name to code; a name listed under two codes maps to the first, see {@link #codeOf}. */
  private static final Map<String, Long> PRIMARY_CODES;

  private static final List<LunaReturnCode> LUNA;
  private static final Map<String, LunaReturnCode> LUNA_BY_NAME;
  private static final Map<Long, LunaReturnCode> LUNA_BY_CODE;
  private static final List<LibraryCode> LIBRARY;
  private static final Map<Long, LibraryCode> LIBRARY_BY_CODE;

  static {
    List<CkrCode> all = new ArrayList<>();
    Map<Long, CkrCode> byCode = new HashMap<>();
    Map<String, Long> primary = new HashMap<>();
    for (CatalogueResource.Row row : CatalogueResource.read("ckr-codes.tsv", 2)) {
      CkrCode entry = new CkrCode(row.code(0), row.cell(1));
      if (byCode.putIfAbsent(entry.code(), entry) != null) {
        throw row.malformed("duplicate code " + hex(entry.code()));
      }
      primary.putIfAbsent(entry.name(), entry.code());
      all.add(entry);
    }
    ALL = List.copyOf(all);
    BY_CODE = Map.copyOf(byCode);
    PRIMARY_CODES = Map.copyOf(primary);

    Map<String, LunaReturnCode> lunaByName = new LinkedHashMap<>();
    Map<Long, LunaReturnCode> lunaByCode = new HashMap<>();
    for (CatalogueResource.Row row : CatalogueResource.read("luna-return-codes.tsv", 3)) {
      LunaReturnCode entry = new LunaReturnCode(row.cell(0), row.code(1), mappedCode(row));
      if (lunaByName.putIfAbsent(entry.name(), entry) != null
          || lunaByCode.putIfAbsent(entry.code(), entry) != null) {
        throw row.malformed("duplicate firmware code " + entry.name());
      }
    }
    LUNA = List.copyOf(lunaByName.values());
    LUNA_BY_NAME = Map.copyOf(lunaByName);
    LUNA_BY_CODE = Map.copyOf(lunaByCode);

    Map<Long, LibraryCode> library = new LinkedHashMap<>();
    for (CatalogueResource.Row row : CatalogueResource.read("library-codes.tsv", 2)) {
      LibraryCode entry = new LibraryCode(row.code(0), row.cell(1));
      if (library.putIfAbsent(entry.code(), entry) != null) {
        throw row.malformed("duplicate library code " + hex(entry.code()));
      }
    }
    LIBRARY = List.copyOf(library.values());
    LIBRARY_BY_CODE = Map.copyOf(library);
  }

  private ReturnCodes() {}

  /**
   * The {@code CKR_*} name of {@code code}, or {@code CKR_0x........} for a code we do not know.
   */
  public static String nameOf(long code) {
    CkrCode entry = BY_CODE.get(code);
    return entry != null ? entry.name() : "CKR_" + hex(code);
  }

  /** {@code 0x000000a0 (CKR_PIN_INCORRECT)}: the form the admin shell prints. */
  public static String format(long code) {
    return hex(code) + " (" + nameOf(code) + ")";
  }

  /**
   * The code named {@code name} (with its {@code CKR_} prefix). The vendor table gives
   * CKR_ACCESS_ID_INVALID two codes; this returns the lower one, the value of the {@link Ckr}
   * constant.
   */
  public static OptionalLong codeOf(String name) {
    Long code = PRIMARY_CODES.get(name);
    return code != null ? OptionalLong.of(code) : OptionalLong.empty();
  }

  /** Every Cryptoki code in the catalogue, ordered by value. */
  public static List<CkrCode> all() {
    return ALL;
  }

  /**
   * True for codes at or above CKR_VENDOR_DEFINED, compared unsigned as CK_RV is. This is the
   * PKCS#11 range rule, so it also holds for vendor codes the catalogue does not list.
   */
  public static boolean isVendorDefined(long code) {
    return Long.compareUnsigned(code, Ckr.VENDOR_DEFINED) >= 0;
  }

  /** The firmware code named {@code name}, e.g. {@code LUNA_RET_SM_PIN_EXPIRED}. */
  public static Optional<LunaReturnCode> luna(String name) {
    return Optional.ofNullable(LUNA_BY_NAME.get(name));
  }

  public static Optional<LunaReturnCode> lunaByCode(long code) {
    return Optional.ofNullable(LUNA_BY_CODE.get(code));
  }

  /** Every firmware code, in the order of the vendor table. */
  public static List<LunaReturnCode> lunaCodes() {
    return LUNA;
  }

  /** The host library code {@code code}; library codes live in 0xC0000000 and up, plus 0. */
  public static Optional<LibraryCode> library(long code) {
    return Optional.ofNullable(LIBRARY_BY_CODE.get(code));
  }

  /** Every host library code, in the order of the vendor table. */
  public static List<LibraryCode> libraryCodes() {
    return LIBRARY;
  }

  private static OptionalLong mappedCode(CatalogueResource.Row row) {
    String name = row.cell(2);
    if (name.equals("-")) {
      return OptionalLong.empty();
    }
    OptionalLong code = codeOf(name);
    if (code.isEmpty()) {
      throw row.malformed("maps to " + name + ", which ckr-codes.tsv does not list");
    }
    return code;
  }

  private static String hex(long code) {
    return String.format(Locale.ROOT, "0x%08x", code);
  }
}
