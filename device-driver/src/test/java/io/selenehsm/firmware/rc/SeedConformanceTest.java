package io.selenehsm.firmware.rc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the shipped catalogue against the vendor guide itself. Runs only where the shared seeds
 * are present: set {@code -Dselene.seeds.dir}, or rely on the default, which is right for a
 * checkout that sits next to the shared folder (surefire runs in the module directory).
 */
class SeedConformanceTest {
  private static Path seed;
  private static VendorGuideTables tables;

  @BeforeAll
  static void parseSeed() throws IOException {
    Path dir = Path.of(System.getProperty("selene.seeds.dir", "../../shared/seeds"));
    seed = dir.resolve(VendorGuideTables.SEED_FILE).toAbsolutePath().normalize();
    if (Files.isRegularFile(seed)) {
      tables = VendorGuideTables.parse(seed);
    }
  }

  /** Per test rather than in @BeforeAll, so each skipped test reports the reason. */
  @BeforeEach
  void requireSeed() {
    Assumptions.assumeTrue(
        tables != null,
        () ->
            "Vendor guide not found at "
                + seed
                + "; set -Dselene.seeds.dir=<dir> to check the catalogue against it");
  }

  @Test
  void tablesWereFound() {
    assertEquals(List.of(), tables.unreadable, "mapping cells the parser cannot read");
    assertEquals(352, tables.luna.size(), "firmware rows");
    assertEquals(97, tables.library.size(), "library rows");
    assertEquals(128, tables.vendor.size(), "vendor rows");
  }

  @Test
  void everyFirmwareRowIsCatalogued() {
    List<String> failures = new ArrayList<>();
    for (VendorGuideTables.LunaRow row : tables.luna) {
      Optional<LunaReturnCode> entry = ReturnCodes.luna(row.name());
      if (entry.isEmpty()) {
        failures.add(row.name() + " missing");
        continue;
      }
      if (entry.get().code() != row.code()) {
        failures.add(row.name() + ": code " + Long.toHexString(entry.get().code()));
      }
      OptionalLong expected = row.ckrName().map(ReturnCodes::codeOf).orElse(OptionalLong.empty());
      if (row.ckrName().isPresent() && expected.isEmpty()) {
        failures.add(row.name() + ": catalogue lacks " + row.ckrName().get());
      } else if (!entry.get().ckr().equals(expected)) {
        failures.add(
            row.name() + ": maps to " + entry.get().ckrName() + ", guide says " + row.raw());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(names(tables.luna), catalogueLunaNames(), "no firmware codes beyond the guide");
  }

  @Test
  void everyLibraryRowIsCatalogued() {
    List<String> failures = new ArrayList<>();
    for (VendorGuideTables.LibraryRow row : tables.library) {
      if (row.code() != row.decimal()) {
        failures.add("hex and decimal disagree: " + row.raw());
      }
      if (ReturnCodes.library(row.code()).map(c -> c.description().isBlank()).orElse(true)) {
        failures.add("missing or blank: " + row.raw());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(
        tables.library.stream().map(VendorGuideTables.LibraryRow::code).collect(Collectors.toSet()),
        ReturnCodes.libraryCodes().stream().map(LibraryCode::code).collect(Collectors.toSet()));
  }

  @Test
  void everyVendorRowIsCatalogued() {
    List<String> failures = new ArrayList<>();
    for (VendorGuideTables.VendorRow row : tables.vendor) {
      String name = ReturnCodes.nameOf(row.code());
      if (!name.equals(row.name())) {
        failures.add(ReturnCodes.format(row.code()) + ", guide says " + row.name());
      }
    }
    assertEquals(List.of(), failures);
    Set<Long> guideCodes =
        tables.vendor.stream().map(VendorGuideTables.VendorRow::code).collect(Collectors.toSet());
    Set<String> extra =
        ReturnCodes.all().stream()
            .filter(c -> c.isVendorDefined() && c.code() != Ckr.VENDOR_DEFINED)
            .filter(c -> !guideCodes.contains(c.code()))
            .map(c -> ReturnCodes.format(c.code()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), extra, "vendor codes the guide does not list");
  }

  private static Set<String> names(List<VendorGuideTables.LunaRow> rows) {
    return rows.stream().map(VendorGuideTables.LunaRow::name).collect(Collectors.toSet());
  }

  private static Set<String> catalogueLunaNames() {
    return ReturnCodes.lunaCodes().stream().map(LunaReturnCode::name).collect(Collectors.toSet());
  }
}
