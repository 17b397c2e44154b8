package io.selenehsm.provider.internal;

import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import java.io.IOException;
import java.security.UnrecoverableKeyException;

/** How both Selene keystore types find their partition and log in to it. */
public final class KeyStoreLogin {
  private KeyStoreLogin() {}

  /** The slot a descriptor names; a label must name a usable partition. */
  public static int slotOf(SeleneContext context, KeyStoreDescriptor d) throws HsmException {
    if (d.tokenLabel() == null) {
      return d.slot();
    }
    for (SlotInfo info : context.devices().slots().list()) {
      if (d.tokenLabel().equals(info.label()) && SeleneContext.isUsable(info)) {
        return info.slotId();
      }
    }
    throw new HsmException(
        Ckr.TOKEN_NOT_PRESENT, "no initialized partition is labelled \"" + d.tokenLabel() + "\"");
  }

  /** Logs in; a login the provider already holds in the same role is kept. */
  public static void logIn(Token token, Role role, char[] pin) throws HsmException {
    try {
      token.login(role, pin);
      token.context().loggedIn(token);
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.USER_ALREADY_LOGGED_IN && token.role() == role) {
        token.context().loggedIn(token);
        return;
      }
      throw e;
    }
  }

  /**
   * How {@code KeyStore.load} reports a failed login: an IOException, caused by an
   * UnrecoverableKeyException when the PIN was the problem, as keytool expects.
   */
  public static IOException loadFailure(String keystore, HsmException e) {
    SeleneCryptokiException cause = Errors.cryptoki(e);
    String message = "cannot open the " + keystore + " keystore: " + cause.getMessage();
    if (e.returnCode() == Ckr.PIN_INCORRECT
        || e.returnCode() == Ckr.PIN_LEN_RANGE
        || e.returnCode() == Ckr.PIN_EXPIRED
        || e.returnCode() == Ckr.PIN_LOCKED) {
      UnrecoverableKeyException wrongPin = new UnrecoverableKeyException(message);
      wrongPin.initCause(cause);
      return new IOException(message, wrongPin);
    }
    return new IOException(message, cause);
  }

  public static void requireLoggedIn(Token token, Role role) throws HsmException {
    if (!token.isLoggedIn()) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN,
          "slot "
              + token.slotId()
              + " is not logged in; load the keystore with the "
              + role.shortName()
              + " PIN");
    }
  }
}
