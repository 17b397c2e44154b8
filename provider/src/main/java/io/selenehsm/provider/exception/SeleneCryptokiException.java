package io.selenehsm.provider.exception;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;

/**
 * A failure the HSM reported with a {@code CKR_*} return code; the message starts with the code.
 * {@link #getReturnCode()} and {@link #getReturnCodeName()} live on {@link SeleneException}.
 */
public class SeleneCryptokiException extends SeleneException {
  private static final long serialVersionUID = 1L;

  public SeleneCryptokiException(long returnCode, String message) {
    super(returnCode, ReturnCodes.format(returnCode) + ": " + message, null);
  }

  public SeleneCryptokiException(long returnCode, String message, Throwable cause) {
    super(returnCode, ReturnCodes.format(returnCode) + ": " + message, cause);
  }

  /** Wraps an engine error, keeping its code and message (the engine's types are not API). */
  SeleneCryptokiException(HsmException cause) {
    this(cause.returnCode(), cause.detail(), cause);
  }
}
