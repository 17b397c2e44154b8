package io.selenehsm.server.trust;

/** A registry edit refused because of what was asked; the registry is unchanged. */
public final class ClientRegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the edit was refused, for callers that map it onto their own error codes. */
  public enum Reason {
    /** A name, host name or partition serial that the registry cannot hold. */
    INVALID_VALUE,
    /** No client of that name is registered. */
    UNKNOWN_CLIENT,
    /** A client of that name is registered already. */
    DUPLICATE_NAME,
    /** That certificate is registered already, under another name. */
    DUPLICATE_CERTIFICATE,
    /** The partition is assigned to the client already. */
    ALREADY_ASSIGNED,
    /** The partition is not assigned to the client. */
    NOT_ASSIGNED
  }

  private final Reason reason;

  ClientRegistryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
