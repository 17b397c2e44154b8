package io.selenehsm.firmware.rc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HsmExceptionTest {
  @Test
  void carriesCodeNameAndDetail() {
    HsmException e = new HsmException(Ckr.PIN_INCORRECT, "wrong PIN for role CO on slot 1");
    assertEquals(Ckr.PIN_INCORRECT, e.returnCode());
    assertEquals("CKR_PIN_INCORRECT", e.codeName());
    assertEquals("0x000000a0 (CKR_PIN_INCORRECT)", e.formattedCode());
    assertEquals("wrong PIN for role CO on slot 1", e.detail());
    assertEquals("CKR_PIN_INCORRECT: wrong PIN for role CO on slot 1", e.getMessage());
  }

  @Test
  void keepsItsCause() {
    IOException cause = new IOException("flash page 7 unreadable");
    HsmException e = new HsmException(Ckr.LOG_FILE_WRITE_ERROR, "audit append failed", cause);
    assertSame(cause, e.getCause());
    assertEquals("0x80000033 (CKR_LOG_FILE_WRITE_ERROR)", e.formattedCode());
  }

  @Test
  void unknownCodesStillFormat() {
    HsmException e = new HsmException(0x12345678L, "firmware returned garbage");
    assertEquals("CKR_0x12345678", e.codeName());
    assertEquals("0x12345678 (CKR_0x12345678)", e.formattedCode());
  }
}
