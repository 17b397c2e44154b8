package io.selenehsm.firmware.rc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ReturnCodesProperties {
  @Property
  void formatIsHexThenName(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long code) {
    String expectedHex = String.format(Locale.ROOT, "0x%08x", code);
    assertEquals(expectedHex + " (" + ReturnCodes.nameOf(code) + ")", ReturnCodes.format(code));
    assertEquals(expectedHex.toLowerCase(Locale.ROOT), expectedHex);
  }

  @Property
  void nameRoundTripsThroughTheCatalogue(@ForAll("catalogue") CkrCode entry) {
    OptionalLong primary = ReturnCodes.codeOf(entry.name());
    assertEquals(entry.name(), ReturnCodes.nameOf(primary.orElseThrow()));
    assertEquals(entry.name(), ReturnCodes.nameOf(entry.code()));
  }

  @Property
  void vendorRangeIsEverythingFromTheBaseUp(
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long code) {
    assertEquals(code >= 0x80000000L, ReturnCodes.isVendorDefined(code));
  }

  @Property
  void exceptionCarriesCodeAndMessage(
      @ForAll("catalogue") CkrCode entry, @ForAll("messages") String message) {
    HsmException e = new HsmException(entry.code(), message);
    assertEquals(entry.code(), e.returnCode());
    assertEquals(message, e.detail());
    assertEquals(entry.name() + ": " + message, e.getMessage());
  }

  @Provide
  Arbitrary<CkrCode> catalogue() {
    return Arbitraries.of(ReturnCodes.all());
  }

  @Provide
  Arbitrary<String> messages() {
    return Arbitraries.strings().ofMaxLength(40);
  }
}
