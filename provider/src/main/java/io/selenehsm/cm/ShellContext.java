package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one shell remembers between commands: the slot directory, the current slot, and the
 * logged-in session.
 *
 * <p>Session model: the shell is one application (one app id). {@code role login} opens a
 * read-write session on the current slot and keeps it until {@code role logout}, a slot change or a
 * command that destroys the login. A command that needs a session on some slot uses the kept one
 * when it is on that slot, and otherwise opens a session for the command alone. Since login state
 * belongs to the application, such a session shares the kept session's login.
 */
final class ShellContext {
  private static final AtomicLong NEXT_APP =
      new AtomicLong((ProcessHandle.current().pid() & 0xFFFF_FFFFL) << 16);

  private final SlotDirectory directory;
  private final ShellInput input;
  private final PrintStream out;
  private final TimeSource time;
  private final long appId = NEXT_APP.incrementAndGet();
  private int currentSlot = -1;
  private Login login;

  /** The kept session: where it is, its handle, and the role it logged in as. */
  record Login(int slotId, long session, Role role) {}

  /** A command body that runs with a session handle. */
  @FunctionalInterface
  interface SessionWork<T> {
    T run(long session) throws HsmException;
  }

  ShellContext(SlotDirectory directory, ShellInput input, PrintStream out) {
    this.directory = directory;
    this.input = input;
    this.out = out;
    this.time = TimeSource.system();
  }

  /** This host's time: what {@code audit time sync} sends, what extracted blobs are dated. */
  TimeSource time() {
    return time;
  }

  SlotDirectory directory() {
    return directory;
  }

  PrintStream out() {
    return out;
  }

  ShellInput input() {
    return input;
  }

  Optional<Login> login() {
    return Optional.ofNullable(login);
  }

  /** The current slot id; until a slot is chosen, the first listed slot. */
  int currentSlotId() throws HsmException {
    if (currentSlot < 0) {
      List<SlotInfo> slots = directory.list();
      if (slots.isEmpty()) {
        throw new HsmException(Ckr.SLOT_ID_INVALID, "no slots are present");
      }
      currentSlot = slots.get(0).slotId();
    }
    return currentSlot;
  }

  Slot currentSlot() throws HsmException {
    return directory.slot(currentSlotId());
  }

  SlotInfo currentSlotInfo() throws HsmException {
    return info(currentSlotId());
  }

  SlotInfo info(int slotId) throws HsmException {
    for (SlotInfo s : directory.list()) {
      if (s.slotId() == slotId) {
        return s;
      }
    }
    throw new HsmException(
        Ckr.SLOT_ID_INVALID,
        "there is no slot " + slotId + "; 'slot list' shows the slots present");
  }

  /** The admin slot of the HSM the current slot belongs to (HSM commands go there). */
  Slot adminSlot() throws HsmException {
    SlotInfo current = currentSlotInfo();
    if (current.kind() == SlotInfo.Kind.ADMIN) {
      return directory.slot(current.slotId());
    }
    if (current.deviceSerial() != null) {
      for (SlotInfo s : directory.list()) {
        if (s.kind() == SlotInfo.Kind.ADMIN && current.deviceSerial().equals(s.deviceSerial())) {
          return directory.slot(s.slotId());
        }
      }
    }
    throw new HsmException(
        Ckr.OPERATION_NOT_ALLOWED,
        "slot "
            + current.slotId()
            + " ("
            + describe(current.kind())
            + ") belongs to no HSM admin partition; "
            + "select an HSM slot with 'slot set'");
  }

  /** The current slot, which must hold an application partition. */
  Slot partitionSlot() throws HsmException {
    SlotInfo current = currentSlotInfo();
    if (current.kind() != SlotInfo.Kind.APPLICATION) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "slot "
              + current.slotId()
              + " is "
              + describe(current.kind())
              + ", not an application partition; select one with "
              + "'slot set -slot N'");
    }
    return directory.slot(current.slotId());
  }

  /** Makes {@code slotId} current; the kept login ends, as on the vendor's shell. */
  void selectSlot(int slotId) throws HsmException {
    info(slotId);
    if (slotId != currentSlot) {
      endLogin();
    }
    currentSlot = slotId;
  }

  /** Runs {@code work} with the kept session if it is on {@code slot}, else a one-off one. */
  <T> T withSession(Slot slot, SessionWork<T> work) throws HsmException {
    if (login != null && login.slotId() == slot.slotId()) {
      return work.run(login.session());
    }
    long session = slot.openSession(appId, true);
    try {
      return work.run(session);
    } finally {
      closeQuietly(slot, session);
    }
  }

  /** Logs in on the current slot and keeps the session. */
  void logIn(Role role, char[] password) throws HsmException {
    SlotInfo info = currentSlotInfo();
    boolean adminSlot = info.kind() == SlotInfo.Kind.ADMIN;
    if (role.isAdmin() != adminSlot) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "role "
              + role.shortName()
              + " logs in on "
              + (role.isAdmin() ? "the HSM admin slot" : "an application partition")
              + ", and slot "
              + info.slotId()
              + " is "
              + describe(info.kind())
              + hint(role, info));
    }
    Slot slot = directory.slot(info.slotId());
    if (login != null && login.slotId() != slot.slotId()) {
      endLogin();
    }
    if (login != null) {
      slot.login(login.session(), role, password);
      login = new Login(slot.slotId(), login.session(), role);
      return;
    }
    long session = slot.openSession(appId, true);
    try {
      slot.login(session, role, password);
    } catch (HsmException | RuntimeException e) {
      closeQuietly(slot, session);
      throw e;
    }
    login = new Login(slot.slotId(), session, role);
  }

  /** Logs in through the PED on the current slot and keeps the session. */
  void logInWithPed(Role role, io.selenehsm.firmware.quorum.Ped ped) throws HsmException {
    SlotInfo info = currentSlotInfo();
    Slot slot = directory.slot(info.slotId());
    if (login != null && login.slotId() != slot.slotId()) {
      endLogin();
    }
    long session = login != null ? login.session() : slot.openSession(appId, true);
    try {
      slot.loginWithPed(session, role, ped);
    } catch (HsmException | RuntimeException e) {
      if (login == null) {
        closeQuietly(slot, session);
      }
      throw e;
    }
    login = new Login(slot.slotId(), session, role);
  }

  private String hint(Role role, SlotInfo current) throws HsmException {
    if (role.isAdmin()) {
      for (SlotInfo s : directory.list()) {
        if (s.kind() == SlotInfo.Kind.ADMIN
            && s.deviceSerial() != null
            && s.deviceSerial().equals(current.deviceSerial())) {
          return "; select it with 'slot set -slot " + s.slotId() + "'";
        }
      }
    }
    return "; select one with 'slot set -slot N'";
  }

  /** Logs out and closes the kept session. */
  void logOut() throws HsmException {
    if (login == null) {
      throw new HsmException(Ckr.USER_NOT_LOGGED_IN, "no role is logged in");
    }
    Login l = login;
    login = null;
    Slot slot = directory.slot(l.slotId());
    try {
      slot.logout(l.session());
    } finally {
      closeQuietly(slot, l.session());
    }
  }

  /**
   * Tidies up after a command that destroyed partitions (and with {@code adminLoginLost}, the admin
   * login too): forgets a login that no longer exists and, if the current slot is gone, falls back
   * to the HSM's admin slot.
   */
  void afterDestruction(Slot adminSlot, boolean adminLoginLost) {
    if (login != null && (adminLoginLost || login.slotId() != adminSlot.slotId())) {
      endLogin();
    }
    boolean gone;
    try {
      gone = directory.list().stream().noneMatch(s -> s.slotId() == currentSlot);
    } catch (HsmException e) {
      gone = true;
    }
    if (gone && currentSlot != adminSlot.slotId()) {
      currentSlot = adminSlot.slotId();
      out.println("Current Slot Id is now " + currentSlot + ".");
    }
  }

  /** Ends the kept login, ignoring what the device says (the session may already be gone). */
  void endLogin() {
    Login l = login;
    login = null;
    if (l != null) {
      try {
        closeQuietly(directory.slot(l.slotId()), l.session());
      } catch (HsmException gone) {
        // the slot disappeared with its sessions
      }
    }
  }

  /** Closes every session of this shell; called when the shell ends. */
  void close() {
    endLogin();
  }

  private static void closeQuietly(Slot slot, long session) {
    try {
      slot.closeSession(session);
    } catch (HsmException | RuntimeException alreadyClosed) {
      // a destructive command may have removed the session already
    }
  }

  /**
   * Asks the user to type {@code proceed} before a destructive command, unless {@code force}.
   * Anything else, or the end of input, cancels with {@code CKR_CANCEL}.
   */
  void confirm(boolean force, List<String> consequences) throws HsmException {
    if (force) {
      return;
    }
    out.println("WARNING: this command is destructive.");
    for (String c : consequences) {
      out.println("  - " + c);
    }
    String answer = input.readLine("Type 'proceed' to continue, or anything else to cancel: ");
    if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).equals("proceed")) {
      throw new HsmException(
          Ckr.CANCEL,
          answer == null
              ? "no answer (end of input); nothing was changed. Use -force in scripts"
              : "cancelled; nothing was changed");
    }
  }

  /** The value of an option, or what the user types when it was left out. */
  char[] secret(String given, String what, boolean confirmNew) throws HsmException {
    if (given != null) {
      return given.toCharArray();
    }
    String first = input.readSecret("Enter " + what + ": ");
    if (first == null || first.isEmpty()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, what + " is required");
    }
    if (confirmNew) {
      String again = input.readSecret("Re-enter " + what + ": ");
      if (!first.equals(again)) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "the two entries of " + what + " differ");
      }
    }
    return first.toCharArray();
  }

  static String describe(SlotInfo.Kind kind) {
    return switch (kind) {
      case ADMIN -> "an HSM admin partition";
      case APPLICATION -> "an application partition";
      case BACKUP_PLACEHOLDER -> "a Backup HSM slot";
      case HA_VIRTUAL -> "an HA virtual slot";
    };
  }
}
