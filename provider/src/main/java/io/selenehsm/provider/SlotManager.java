package io.selenehsm.provider;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.DefaultLogin;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Slots and login for applications, named as in the vendor's Java provider: find a slot by label,
 * log in by slot, label and role, log out, list slots and tokens, choose the default slot, set
 * defaults for keys generated afterwards, and reconnect. Methods report HSM errors as {@link
 * io.selenehsm.provider.exception.SeleneCryptokiException} with the {@code CKR_*} code.
 *
 * <p>{@link #getInstance()} is the JVM-wide slot manager: its login serves every default-configured
 * provider ({@code new SeleneProvider()}), whether it was made before or after the login. {@link
 * SeleneProvider#getSlotManager()} serves one given provider. Tests point the JVM-wide manager at
 * their own devices and reset it with {@link DefaultDevices}.
 */
public final class SlotManager {
  /** The JVM-wide instance; replaced when its context ended. Guarded by SlotManager.class. */
  private static SlotManager jvmWide;

  static {
    // SeleneKey.locateKeyByAlias looks keys up in the login getInstance() serves.
    DefaultLogin.install(() -> getInstance().context);
  }

  private final SeleneContext context;

  SlotManager(SeleneContext context) {
    this.context = context;
  }

  /**
   * The JVM-wide slot manager, whose login serves every default-configured provider. When the
   * provider installed as "Selene" is one with a login of its own ({@link SeleneProvider#over},
   * {@link SeleneProvider#configure}), that provider's slot manager is returned instead, so that
   * code written for the installed provider keeps working with it.
   */
  public static SlotManager getInstance() {
    Provider p = Security.getProvider(SeleneProvider.NAME);
    if (p instanceof SeleneProvider s && !s.isDefaultConfigured()) {
      return s.getSlotManager();
    }
    synchronized (SlotManager.class) {
      if (jvmWide == null || jvmWide.context.isClosed()) {
        // Holds one user of the JVM default until DefaultDevices ends it.
        jvmWide = new SlotManager(SeleneContext.jvmDefault());
      }
      return jvmWide;
    }
  }

  /** Logs in as Crypto Officer on the default slot, else the first usable partition. */
  public void login(String pin) {
    int slot;
    try {
      slot = context.defaultSlot() >= 0 ? context.defaultSlot() : context.firstUsableSlot();
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
    login(slot, UserRole.CRYPTO_OFFICER, pin);
  }

  /** Logs in as Crypto Officer on the slot whose token is labelled {@code tokenLabel}. */
  public void login(String tokenLabel, String pin) {
    int slot = findSlotFromLabel(tokenLabel);
    if (slot < 0) {
      throw Errors.cryptoki(
          Ckr.TOKEN_NOT_PRESENT, "no slot holds a token labelled \"" + tokenLabel + "\"");
    }
    login(slot, UserRole.CRYPTO_OFFICER, pin);
  }

  /** Logs in as Crypto Officer on {@code slot}. */
  public void login(int slot, String pin) {
    login(slot, UserRole.CRYPTO_OFFICER, pin);
  }

  /**
   * Logs in on {@code slot} as {@code role}; an earlier login of this provider on that slot ends
   * first. New keys are made on the slot logged in last.
   */
  public void login(int slot, UserRole role, String pin) {
    Objects.requireNonNull(role, "role");
    if (pin == null) {
      throw Errors.cryptoki(Ckr.ARGUMENTS_BAD, "no PIN given for the " + role + " login");
    }
    try {
      Token t = context.token(slot);
      if (t.isLoggedIn()) {
        t.logout();
      }
      t.login(role.role(), pin.toCharArray());
      context.loggedIn(t);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** Logs out of every slot this provider logged in to. */
  public void logout() {
    HsmException first = null;
    for (Token t : context.openedTokens()) {
      if (t.isLoggedIn()) {
        try {
          t.logout();
        } catch (HsmException e) {
          first = first == null ? e : first;
        }
        context.loggedOut(t);
      }
    }
    if (first != null && first.returnCode() != Ckr.USER_NOT_LOGGED_IN) {
      throw Errors.cryptoki(first);
    }
  }

  /** Whether this provider is logged in on some slot. */
  public boolean isLoggedIn() {
    return context.loggedInToken() != null;
  }

  /** Whether this provider is logged in on {@code slot}. */
  public boolean isLoggedIn(int slot) {
    try {
      return context.token(slot).isLoggedIn();
    } catch (HsmException e) {
      return false;
    }
  }

  /** The slot whose token has label {@code label}, or -1. */
  public int findSlotFromLabel(String label) {
    if (label == null) {
      return -1;
    }
    for (SlotInfo info : context.devices().slots().list()) {
      if (info.tokenPresent() && label.equals(info.label()) && info.kind() != SlotInfo.Kind.ADMIN) {
        return info.slotId();
      }
    }
    return -1;
  }

  /** The slots that hold a token an application can use (partitions and HA groups). */
  public int[] getSlotList() {
    List<Integer> ids = new ArrayList<>();
    for (SlotInfo info : context.devices().slots().list()) {
      if (info.tokenPresent()
          && (info.kind() == SlotInfo.Kind.APPLICATION
              || info.kind() == SlotInfo.Kind.HA_VIRTUAL)) {
        ids.add(info.slotId());
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  public String getTokenLabel(int slot) {
    return info(slot).label();
  }

  public String getTokenSerialNumber(int slot) {
    return info(slot).tokenSerial();
  }

  /** Firmware version of the HSM behind {@code slot}: major, minor, sub-minor. */
  public Long[] getTokenFirmwareVersion(int slot) {
    info(slot);
    String[] parts = Hsm.firmwareVersion().split("\\.");
    Long[] v = new Long[3];
    for (int i = 0; i < 3; i++) {
      v[i] = i < parts.length ? Long.parseLong(parts[i]) : 0L;
    }
    return v;
  }

  private SlotInfo info(int slot) {
    try {
      Slot s = context.devices().slot(slot);
      SlotInfo info = s.info();
      if (!info.tokenPresent()) {
        throw Errors.cryptoki(
            Ckr.TOKEN_NOT_PRESENT, "slot " + slot + " holds no token (" + info.status() + ")");
      }
      return info;
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** Whether secret keys generated from now on are extractable (default false). */
  public void setSecretKeysExtractable(boolean extractable) {
    context.defaults().secretExtractable(extractable);
  }

  /** Whether private keys generated from now on are extractable (default false). */
  public void setPrivateKeysExtractable(boolean extractable) {
    context.defaults().privateExtractable(extractable);
  }

  /** Whether secret keys generated from now on may derive keys (default false). */
  public void setSecretKeysDerivable(boolean derivable) {
    context.defaults().secretDerivable(derivable);
  }

  /** The slot {@link #login(String)} and new keys use when no login chose one; -1 for none. */
  public void setDefaultSlot(int slot) {
    if (slot >= 0) {
      info(slot);
    }
    context.defaultSlot(slot);
  }

  public int getDefaultSlot() {
    return context.defaultSlot();
  }

  /** The slot new keys go to: the one logged in last, else the default or first usable. */
  public int getWorkingSlot() {
    try {
      return context.workingToken().slotId();
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /**
   * Closes every session and forgets every login (session keys are destroyed), as after the HSM
   * restarted; the application logs in again afterwards.
   */
  public void reinitialize() {
    context.reinitialize();
  }

  /** The key labelled {@code label} on the working slot, or null. */
  public SeleneKey locateKeyByAlias(String label) {
    try {
      return (SeleneKey) KeyAccess.locate(context.workingToken(), label);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  SeleneContext context() {
    return context;
  }
}
