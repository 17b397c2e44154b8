package io.selenehsm.provider.exception;

import java.security.ProviderException;

/**
 * Something the Selene provider could not do. Unchecked, like the vendor provider's exception;
 * SPI methods wrap it as the cause of the checked JCA exception they declare.
 */
public class SeleneException extends ProviderException {
  private static final long serialVersionUID = 1L;

  public SeleneException(String message) {
    super(message);
  }

  public SeleneException(String message, Throwable cause) {
    super(message, cause);
  }
}
