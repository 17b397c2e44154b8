package io.selenehsm.firmware.rc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnCodesTest {
  /**
   * Ckr constants allowed to share a value, alias name to the name it stands for. Empty: every
   * constant has a value of its own. Add an entry here only alongside a comment on the constant.
   */
  private static final Map<String, String> DOCUMENTED_ALIASES = Map.of();

  @Test
  void everyConstantHasItsOwnCatalogueName() {
    List<String> failures = new ArrayList<>();
    CkrConstants.BY_FIELD_NAME.forEach(
        (field, value) -> {
          String name = ReturnCodes.nameOf(value);
          if (!name.equals("CKR_" + field)) {
            failures.add(field + " = " + ReturnCodes.format(value) + ": catalogue says " + name);
          } else if (!value.equals(CkrConstants.forCatalogueName(name))) {
            failures.add(name + " does not lead back to Ckr." + field);
          }
        });
    assertEquals(List.of(), failures);
  }

  @Test
  void noTwoConstantsShareAValueUnlessDocumented() {
    Map<Long, String> firstByValue = new HashMap<>();
    List<String> failures = new ArrayList<>();
    CkrConstants.BY_FIELD_NAME.forEach(
        (field, value) -> {
          String earlier = firstByValue.putIfAbsent(value, field);
          if (earlier != null && !earlier.equals(DOCUMENTED_ALIASES.get(field))) {
            failures.add(field + " and " + earlier + " are both 0x" + Long.toHexString(value));
          }
        });
    assertEquals(List.of(), failures);
  }

  @Test
  void everyCatalogueEntryIsAConstantOrTheOneKnownSecondaryCode() {
    List<String> failures = new ArrayList<>();
    Set<String> secondary = new TreeSet<>();
    for (CkrCode entry : ReturnCodes.all()) {
      Long constant = CkrConstants.forCatalogueName(entry.name());
      if (constant == null) {
        failures.add(entry.name() + " has no Ckr constant");
      } else if (constant != entry.code()) {
        secondary.add(ReturnCodes.format(entry.code()));
      }
    }
    assertEquals(List.of(), failures);
    // The vendor table lists CKR_ACCESS_ID_INVALID twice; see Ckr.ACCESS_ID_INVALID.
    assertEquals(Set.of("0x80000400 (CKR_ACCESS_ID_INVALID)"), secondary);
    assertEquals(
        OptionalLong.of(Ckr.ACCESS_ID_INVALID), ReturnCodes.codeOf("CKR_ACCESS_ID_INVALID"));
  }

  @Test
  void allIsSortedWithoutDuplicateCodes() {
    List<Long> codes = ReturnCodes.all().stream().map(CkrCode::code).collect(Collectors.toList());
    assertEquals(codes.stream().distinct().sorted().collect(Collectors.toList()), codes);
    assertEquals(CkrConstants.BY_FIELD_NAME.size() + 1, codes.size(), "constants plus 0x80000400");
  }

  @Test
  void everyFirmwareMappingPointsAtAKnownCode() {
    List<String> failures = new ArrayList<>();
    Set<String> internalOnly = new TreeSet<>();
    for (LunaReturnCode luna : ReturnCodes.lunaCodes()) {
      if (luna.ckr().isEmpty()) {
        internalOnly.add(luna.name());
      } else if (ReturnCodes.nameOf(luna.ckr().getAsLong()).startsWith("CKR_0x")) {
        failures.add(
            luna.name() + " maps to unknown " + ReturnCodes.format(luna.ckr().getAsLong()));
      }
      if (!ReturnCodes.lunaByCode(luna.code()).equals(ReturnCodes.luna(luna.name()))) {
        failures.add(luna.name() + " is not found again by its code");
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(Set.of("LUNA_RET_OBJECT_DELETED"), internalOnly);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "LUNA_RET_OK,                        0x00000000, CKR_OK",
    "LUNA_RET_FLAGS_INVALID,             0x00040000, CKR_FLAGS_INVALID",
    "LUNA_RET_MM_FATAL_ERROR,            0x00310006, CKR_DEVICE_MEMORY",
    "LUNA_RET_TEMPLATE_INCONSISTENT,     0x00d10000, CKR_TEMPLATE_INCONSISTENT",
    "LUNA_RET_KEY_EXTRACTABLE,           0x006a0001, CKR_KEY_UNEXTRACTABLE",
    "LUNA_RET_SM_EXCLUSIVE_SESSION_EXISTS, 0x00b20000, CKR_SESSION_EXCLUSIVE_EXISTS",
    "LUNA_RET_SM_TOSM_DOES_NOT_VALIDATE, 0x8000040a, CKR_USER_NOT_LOGGED_IN",
    "LUNA_RET_ECC_POINT_INVALID,         0x80000603, CKR_ECC_POINT_INVALID",
    "LUNA_RET_SM_ACCESS_ID_INVALID,      0x80000400, CKR_DATA_INVALID",
    "LUNA_RET_SESSION_COUNT,             0x80001603, CKR_MAX_SESSION_COUNT",
    "LUNA_RET_OBJECT_DELETED,            0x8000000d, (internal only)",
  })
  void firmwareRows(String name, String hex, String ckrName) {
    LunaReturnCode luna = ReturnCodes.luna(name).orElseThrow();
    assertEquals(Long.decode(hex), luna.code());
    assertEquals(ckrName, luna.ckrName());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0x00000000, Success",
    "0xc0000001, Host memory exhausted",
    "0xc000010a, A required key was not supplied",
    "0xc0001100, Could not connect",
    "0xc0002010, File lock failure",
    "0xc0002016, USB PED out of sync",
  })
  void libraryRows(String hex, String description) {
    assertEquals(description, ReturnCodes.library(Long.decode(hex)).orElseThrow().description());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "0x00000004, CKR_FLAGS_INVALID",
    "0x000000b2, CKR_SESSION_EXCLUSIVE_EXISTS",
    "0x000001b8, CKR_PIN_TOO_WEAK",
    "0x80000000, CKR_VENDOR_DEFINED",
    "0x80000007, CKR_USER_LOCKED_OUT",
    "0x8000001b, CKR_MAX_OBJECT_COUNT_EXCEEDED",
    "0x8000003a, CKR_LOG_RESYNC_NEEDED",
    "0x80000068, CKR_ACCESS_ID_INVALID",
    "0x80000114, CKR_OBJECT_READ_ONLY",
    "0x80000136, CKR_KEY_NOT_ACTIVE",
    "0x80001606, CKR_SERVICE_UNAVAILABLE",
  })
  void cryptokiRows(String hex, String name) {
    assertEquals(name, ReturnCodes.nameOf(Long.decode(hex)));
    assertEquals(OptionalLong.of(Long.decode(hex)), ReturnCodes.codeOf(name));
  }

  @Test
  void constantsAddedForTheVendorTablesHaveTheirValues() {
    assertEquals(0x80000035L, Ckr.LOG_FULL);
    assertEquals(0x8000001BL, Ckr.MAX_OBJECT_COUNT_EXCEEDED);
    assertEquals(0x80000068L, Ckr.ACCESS_ID_INVALID);
    assertEquals(0x00000004L, Ckr.FLAGS_INVALID);
  }

  @Test
  void formatIsLowerCaseHexAndName() {
    assertEquals("0x000000a0 (CKR_PIN_INCORRECT)", ReturnCodes.format(Ckr.PIN_INCORRECT));
    assertEquals("0x8000003a (CKR_LOG_RESYNC_NEEDED)", ReturnCodes.format(Ckr.LOG_RESYNC_NEEDED));
    assertEquals("0x00000000 (CKR_OK)", ReturnCodes.format(Ckr.OK));
    assertEquals("0x7fffffff (CKR_0x7fffffff)", ReturnCodes.format(0x7fffffffL));
  }

  @Test
  void vendorRangeFollowsPkcs11() {
    assertFalse(ReturnCodes.isVendorDefined(Ckr.FUNCTION_REJECTED));
    assertFalse(ReturnCodes.isVendorDefined(Ckr.SESSION_EXCLUSIVE_EXISTS));
    assertTrue(ReturnCodes.isVendorDefined(Ckr.VENDOR_DEFINED));
    assertTrue(ReturnCodes.isVendorDefined(Ckr.LOG_FULL));
    assertTrue(ReturnCodes.isVendorDefined(0xC0000001L), "library codes sit in the vendor range");
    assertTrue(new CkrCode(Ckr.BUSY, "CKR_BUSY").isVendorDefined());
  }

  @Test
  void unknownNamesAndCodesAreEmpty() {
    assertTrue(ReturnCodes.codeOf("LOG_FULL").isEmpty(), "names carry their CKR_ prefix");
    assertTrue(ReturnCodes.luna("LUNA_RET_NO_SUCH_CODE").isEmpty());
    assertTrue(ReturnCodes.lunaByCode(0x00000001L).isEmpty());
    assertTrue(ReturnCodes.library(0xC0000007L).isEmpty());
  }
}
