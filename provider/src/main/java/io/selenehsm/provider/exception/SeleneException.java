package io.selenehsm.provider.exception;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import java.security.ProviderException;

/**
 * Something the Selene provider could not do. Unchecked, like the vendor provider's exception; SPI
 * methods wrap it as the cause of the checked JCA exception they declare.
 *
 * <p>Every instance carries a {@code CKR_*} return code, as the vendor's base exception does: the
 * HSM's code when the failure came from the HSM (directly, or from an engine or Selene exception
 * given as the cause), else {@code CKR_GENERAL_ERROR} for the provider's own failures (e.g. an
 * unreadable configuration file).
 */
public class SeleneException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final long returnCode;

  public SeleneException(String message) {
    super(message);
    this.returnCode = Ckr.GENERAL_ERROR;
  }

  /** Takes the return code of {@code cause} when it has one. */
  public SeleneException(String message, Throwable cause) {
    super(message, cause);
    this.returnCode = codeOf(cause);
  }

  /** A failure with the given {@code CKR_*} code; the message is used as given. */
  protected SeleneException(long returnCode, String message, Throwable cause) {
    super(message, cause);
    this.returnCode = returnCode;
  }

  /** The {@code CKR_*} code, e.g. {@code 0xC0} for {@code CKR_SIGNATURE_INVALID}. */
  public long getReturnCode() {
    return returnCode;
  }

  /** The code's name, e.g. {@code CKR_SIGNATURE_INVALID}. */
  public String getReturnCodeName() {
    return ReturnCodes.nameOf(returnCode);
  }

  private static long codeOf(Throwable cause) {
    if (cause instanceof HsmException h) {
      return h.returnCode();
    }
    if (cause instanceof SeleneException s) {
      return s.getReturnCode();
    }
    return Ckr.GENERAL_ERROR;
  }
}
