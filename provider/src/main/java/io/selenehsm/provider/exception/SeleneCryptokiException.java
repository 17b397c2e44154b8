package io.selenehsm.provider.exception;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;

/** A failure the HSM reported with a {@code CKR_*} return code. */
public class SeleneCryptokiException extends SeleneException {
  private static final long serialVersionUID = 1L;

  private final long returnCode;

  public SeleneCryptokiException(long returnCode, String message) {
    super(ReturnCodes.format(returnCode) + ": " + message);
    this.returnCode = returnCode;
  }

  public SeleneCryptokiException(long returnCode, String message, Throwable cause) {
    super(ReturnCodes.format(returnCode) + ": " + message, cause);
    this.returnCode = returnCode;
  }

  /** Wraps an engine error, keeping its code and message. */
  public SeleneCryptokiException(HsmException cause) {
    this(cause.returnCode(), cause.detail(), cause);
  }

  /** The {@code CKR_*} code. */
  public long getReturnCode() {
    return returnCode;
  }

  /** The code's name, e.g. {@code CKR_SIGNATURE_INVALID}. */
  public String getReturnCodeName() {
    return ReturnCodes.nameOf(returnCode);
  }
}
