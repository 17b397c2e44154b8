package io.selenehsm.firmware.rc;

/**
 * A failed engine command: a Cryptoki return code plus a message naming the object, role, slot or
 * policy involved. Checked, like SunPKCS11's PKCS11Exception, so every layer above decides how a
 * code maps onto its own error model.
 */
public class HsmException extends Exception {
  private final long returnCode;

  public HsmException(long returnCode, String message) {
    super(message);
    this.returnCode = returnCode;
  }

  public HsmException(long returnCode, String message, Throwable cause) {
    super(message, cause);
    this.returnCode = returnCode;
  }

  public long returnCode() {
    return returnCode;
  }

  /** The symbolic name of the code, e.g. {@code CKR_PIN_INCORRECT}. */
  public String codeName() {
    return ReturnCodes.nameOf(returnCode);
  }

  /** Formats like the admin shell's result line: {@code 0x000000a0 (CKR_PIN_INCORRECT)}. */
  public String formattedCode() {
    return ReturnCodes.format(returnCode);
  }

  @Override
  public String getMessage() {
    return codeName() + ": " + super.getMessage();
  }

  /** The message without the code prefix. */
  public String detail() {
    return super.getMessage();
  }
}
