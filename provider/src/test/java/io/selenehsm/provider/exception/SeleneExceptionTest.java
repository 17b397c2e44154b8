package io.selenehsm.provider.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.testing.SeleneFixture;
import org.junit.jupiter.api.Test;

/** The return code is readable on the base type, as on the vendor's base exception. */
class SeleneExceptionTest {

  @Test
  void aWrongPinCaughtAsTheBaseTypeCarriesPinIncorrect() {
    try (SeleneFixture f = SeleneFixture.create()) {
      SeleneException e =
          assertThrows(
              SeleneException.class,
              () -> f.slotManager().login(SeleneFixture.PARTITION_LABEL, "not-the-pin"));
      assertEquals(Ckr.PIN_INCORRECT, e.getReturnCode());
      assertEquals("CKR_PIN_INCORRECT", e.getReturnCodeName());
    }
  }

  @Test
  void theSubclassKeepsItsCodeAndMessagePrefix() {
    SeleneCryptokiException e = new SeleneCryptokiException(Ckr.SIGNATURE_INVALID, "bad");
    assertEquals(Ckr.SIGNATURE_INVALID, e.getReturnCode());
    assertEquals(Ckr.SIGNATURE_INVALID, ((SeleneException) e).getReturnCode());
    assertEquals("CKR_SIGNATURE_INVALID", e.getReturnCodeName());
    assertTrue(e.getMessage().endsWith(": bad"), e.getMessage());
    HsmException engine = new HsmException(Ckr.KEY_HANDLE_INVALID, "no such key");
    assertEquals(Ckr.KEY_HANDLE_INVALID, new SeleneCryptokiException(engine).getReturnCode());
  }

  @Test
  void theBaseTypeTakesTheCodeOfAnHsmOrSeleneCause() {
    HsmException engine = new HsmException(Ckr.DATA_LEN_RANGE, "too long");
    assertEquals(Ckr.DATA_LEN_RANGE, new SeleneException("wrapped", engine).getReturnCode());
    SeleneException outer =
        new SeleneException(
            "outer", new SeleneCryptokiException(Ckr.USER_NOT_LOGGED_IN, "log in first"));
    assertEquals(Ckr.USER_NOT_LOGGED_IN, outer.getReturnCode());
  }

  @Test
  void theProvidersOwnFailuresReportGeneralError() {
    assertEquals(Ckr.GENERAL_ERROR, new SeleneException("unreadable file").getReturnCode());
    assertEquals(
        Ckr.GENERAL_ERROR,
        new SeleneException("unreadable file", new java.io.IOException("eof")).getReturnCode());
  }
}
