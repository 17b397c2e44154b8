package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.Optional;

/**
 * Checks a command can go ahead before the shell asks for new secrets, so an operator never types a
 * new password twice for a command that was never allowed. The engine checks the same rules again
 * when the command runs; these checks only move the refusal ahead of the prompts, and say where the
 * operator is (slot, partition label and serial).
 */
final class Preconditions {
  private Preconditions() {}

  /** The HSM is out of Secure Transport Mode. */
  static void notInTransport(HsmInfo info) throws HsmException {
    if (info.status() != null && info.status().startsWith("Transport Mode")) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM "
              + info.serial()
              + " is in Secure"
              + " Transport Mode; recover it with 'stm recover' first");
    }
  }

  /** The kept login on {@code slot} is {@code role}. */
  static void loggedInAs(ShellContext ctx, Slot slot, Role role, String purpose)
      throws HsmException {
    Optional<Role> current =
        ctx.login().filter(l -> l.slotId() == slot.slotId()).map(ShellContext.Login::role);
    if (current.isEmpty()) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN,
          purpose
              + " needs the "
              + RoleCommands.title(role)
              + " logged in on "
              + where(ctx, slot)
              + "; log in with 'role login -name "
              + role.shortName()
              + "'");
    }
    if (current.get() != role) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          purpose
              + " needs the "
              + RoleCommands.title(role)
              + ", but the "
              + RoleCommands.title(current.get())
              + " is logged in on "
              + where(ctx, slot));
    }
  }

  /** {@code role init}: who may create {@code role}, and only once. */
  static void roleInit(ShellContext ctx, Slot slot, Role role) throws HsmException {
    if (role == Role.AUDITOR) {
      requireKind(ctx, slot, SlotInfo.Kind.ADMIN, role);
      HsmInfo info = slot.hsmInfo();
      notInTransport(info);
      boolean auditorIn =
          ctx.login()
              .filter(l -> l.slotId() == slot.slotId())
              .map(l -> l.role() == Role.AUDITOR)
              .orElse(false);
      if (info.auditorInitialized() && !auditorIn) {
        throw new HsmException(
            Ckr.USER_NOT_LOGGED_IN,
            "the Auditor of HSM "
                + info.serial()
                + " already exists; log in as Auditor to initialize it again");
      }
      return;
    }
    requireKind(ctx, slot, SlotInfo.Kind.APPLICATION, role);
    Role needed = role == Role.CRYPTO_OFFICER ? Role.PARTITION_SO : Role.CRYPTO_OFFICER;
    loggedInAs(ctx, slot, needed, "creating the " + RoleCommands.title(role));
    PartitionInfo p = slot.partitionInfo();
    boolean exists =
        role == Role.CRYPTO_OFFICER
            ? p.coInitialized()
            : role == Role.CRYPTO_USER && p.cuInitialized();
    if (exists) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "the "
              + RoleCommands.title(role)
              + " of "
              + where(ctx, slot)
              + " already exists; reset its password with"
              + " 'role resetpw -name "
              + role.shortName()
              + "'");
    }
  }

  /** {@code role resetpw}: the Partition SO resets co (HSM policy 15), the co resets cu/lco. */
  static void roleReset(ShellContext ctx, Slot slot, Role role) throws HsmException {
    if (role != Role.CRYPTO_OFFICER
        && role != Role.CRYPTO_USER
        && role != Role.LIMITED_CRYPTO_OFFICER) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "the password of the "
              + RoleCommands.title(role)
              + " cannot be reset; only co, cu and lco passwords can"
              + (role.isAdmin() ? "" : " (the Partition SO re-initializes the partition)"));
    }
    requireKind(ctx, slot, SlotInfo.Kind.APPLICATION, role);
    Role needed = role == Role.CRYPTO_OFFICER ? Role.PARTITION_SO : Role.CRYPTO_OFFICER;
    loggedInAs(ctx, slot, needed, "resetting the " + RoleCommands.title(role) + " password");
    if (role == Role.CRYPTO_OFFICER) {
      int policy =
          ctx.adminSlot()
              .hsmPolicies()
              .asMap()
              .getOrDefault(HsmPolicies.SO_CAN_RESET_PARTITION_PIN, 0);
      if (policy == 0) {
        throw new HsmException(
            Ckr.USER_NOT_AUTHORIZED,
            "HSM policy 15 (SO can reset partition"
                + " PIN) is 0 on HSM "
                + slot.info().deviceSerial()
                + ": the Crypto Officer"
                + " password of "
                + where(ctx, slot)
                + " cannot be reset");
      }
    }
    PartitionInfo p = slot.partitionInfo();
    boolean exists =
        role == Role.CRYPTO_OFFICER
            ? p.coInitialized()
            : role != Role.CRYPTO_USER || p.cuInitialized();
    if (!exists) {
      throw new HsmException(
          Ckr.USER_PIN_NOT_INITIALIZED,
          "the "
              + RoleCommands.title(role)
              + " of "
              + where(ctx, slot)
              + " is not initialized; create it with 'role init -name "
              + role.shortName()
              + "'");
    }
  }

  private static void requireKind(ShellContext ctx, Slot slot, SlotInfo.Kind kind, Role role)
      throws HsmException {
    SlotInfo info = slot.info();
    if (info.kind() != kind) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "the "
              + RoleCommands.title(role)
              + " belongs to "
              + ShellContext.describe(kind)
              + ", and slot "
              + info.slotId()
              + " is "
              + ShellContext.describe(info.kind())
              + "; select one with 'slot set -slot N'");
    }
  }

  /** How the operator knows a slot: its number, and the partition's label and serial. */
  static String where(ShellContext ctx, Slot slot) {
    try {
      SlotInfo info = slot.info();
      if (info.kind() == SlotInfo.Kind.APPLICATION) {
        PartitionInfo p = slot.partitionInfo();
        return "slot "
            + info.slotId()
            + " (partition "
            + (p.initialized() && p.label() != null ? "'" + p.label() + "', " : "")
            + "serial "
            + p.serial()
            + ")";
      }
      return "slot "
          + info.slotId()
          + " ("
          + ShellContext.describe(info.kind())
          + (info.deviceSerial() == null ? "" : ", HSM " + info.deviceSerial())
          + ")";
    } catch (HsmException e) {
      return "slot " + slot.slotId();
    }
  }
}
