package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code role} family: log in and out, create roles, change passwords on the current slot. */
@Command(name = "role", description = "Log in and out, create roles and change their passwords.")
final class RoleCommands extends Family {

  RoleCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "login",
      description =
          "Log in on the current slot; the session is kept until" + " logout or a slot change.")
  void login(
      @Option(names = "-name", required = true, paramLabel = "so|au|po|co|cu|lco") String name,
      @Option(names = "-password", paramLabel = "P", description = "asked for when left out")
          String password,
      @Option(names = "-iped", description = "authenticate with iKeys through the PED")
          boolean iped,
      @Option(
              names = "-pedscript",
              paramLabel = "FILE",
              description = "answers for the PED," + " one per line, instead of the keyboard")
          Path pedScript)
      throws HsmException {
    Role role = RoleNames.parse(name);
    if (iped) {
      ctx.logInWithPed(role, PedSource.open(ctx, pedScript));
      ctx.out()
          .println(
              "Logged in as " + title(role) + " on slot " + ctx.currentSlotId() + " with the PED.");
      return;
    }
    ctx.logIn(role, ctx.secret(password, "the " + title(role) + " password", false));
    ctx.out().println("Logged in as " + title(role) + " on slot " + ctx.currentSlotId() + ".");
  }

  @Command(name = "logout", description = "Log out and close the kept session.")
  void logout() throws HsmException {
    Optional<ShellContext.Login> l = ctx.login();
    ctx.logOut();
    ctx.out().println("Logged out " + title(l.orElseThrow().role()) + ".");
  }

  @Command(name = "init", description = "Create a role: co (by po), cu and lco (by co), au.")
  void init(
      @Option(names = "-name", required = true, paramLabel = "co|cu|lco|au") String name,
      @Option(names = "-password", paramLabel = "P", description = "asked for when left out")
          String password,
      @Option(names = "-iped", description = "put the role's secret onto iKeys through the PED")
          boolean iped,
      @Option(
              names = "-m",
              paramLabel = "M",
              defaultValue = "1",
              description = "iKeys needed" + " (with -iped)")
          int m,
      @Option(
              names = "-n",
              paramLabel = "N",
              defaultValue = "1",
              description = "iKeys made" + " (with -iped)")
          int n,
      @Option(
              names = "-pedscript",
              paramLabel = "FILE",
              description = "answers for the PED," + " one per line, instead of the keyboard")
          Path pedScript)
      throws HsmException {
    Role role = RoleNames.parse(name);
    if (role == Role.HSM_SO || role == Role.PARTITION_SO) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID,
          "the "
              + title(role)
              + " is created by '"
              + (role == Role.HSM_SO ? "hsm" : "partition")
              + " init', not 'role init'");
    }
    Slot slot = ctx.currentSlot();
    Preconditions.roleInit(ctx, slot, role);
    if (iped) {
      io.selenehsm.firmware.quorum.Ped ped = PedSource.open(ctx, pedScript);
      ctx.withSession(
          slot,
          s -> {
            slot.initRoleWithPed(s, role, ped, m, n);
            return null;
          });
      ctx.out()
          .println(
              title(role)
                  + " created on slot "
                  + slot.slotId()
                  + " with "
                  + n
                  + " iKey(s), "
                  + m
                  + " needed to log in.");
      return;
    }
    char[] pin = ctx.secret(password, "the new " + title(role) + " password", true);
    ctx.withSession(
        slot,
        s -> {
          slot.initRole(s, role, pin);
          return null;
        });
    ctx.out().println(title(role) + " created on " + Preconditions.where(ctx, slot) + ".");
  }

  @Command(
      name = "resetpw",
      description =
          "Reset a locked or forgotten password: the Partition"
              + " SO resets the co (when HSM policy 15 allows), the co resets the cu and lco.")
  void resetPassword(
      @Option(names = "-name", required = true, paramLabel = "co|cu|lco") String name,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "the new password; asked for" + " when left out")
          String password)
      throws HsmException {
    Role role = RoleNames.parse(name);
    Slot slot = ctx.currentSlot();
    Preconditions.roleReset(ctx, slot, role);
    char[] pin = ctx.secret(password, "the new " + title(role) + " password", true);
    ctx.withSession(
        slot,
        s -> {
          slot.resetPin(s, role, pin);
          return null;
        });
    ctx.out()
        .println(
            "Password of the "
                + title(role)
                + " of "
                + Preconditions.where(ctx, slot)
                + " reset; the failed-login count is cleared.");
  }

  @Command(
      name = "changepw",
      description =
          "Change a role's password; logs in with the old one"
              + " when that role is not logged in.")
  void changePassword(
      @Option(names = "-name", required = true, paramLabel = "R") String name,
      @Option(names = "-oldpw", paramLabel = "P", description = "asked for when left out")
          String oldPassword,
      @Option(names = "-newpw", paramLabel = "Q", description = "asked for when left out")
          String newPassword)
      throws HsmException {
    Role role = RoleNames.parse(name);
    Slot slot = ctx.currentSlot();
    Optional<ShellContext.Login> l = ctx.login().filter(x -> x.slotId() == slot.slotId());
    if (l.isPresent() && l.get().role() != role) {
      throw new HsmException(
          Ckr.USER_ANOTHER_ALREADY_LOGGED_IN,
          "logged in as "
              + title(l.get().role())
              + "; log out first to change the "
              + title(role)
              + " password");
    }
    char[] oldPin = ctx.secret(oldPassword, "the current " + title(role) + " password", false);
    if (l.isPresent()) {
      char[] newPin = ctx.secret(newPassword, "the new " + title(role) + " password", true);
      slot.changePin(l.get().session(), oldPin, newPin);
    } else {
      // a one-off session: closing it ends the temporary login. The old password is checked
      // by logging in before the new one is asked for.
      ctx.withSession(
          slot,
          s -> {
            slot.login(s, role, oldPin);
            char[] newPin = ctx.secret(newPassword, "the new " + title(role) + " password", true);
            slot.changePin(s, oldPin, newPin);
            return null;
          });
    }
    ctx.out().println("Password of the " + title(role) + " changed.");
  }

  @Command(
      name = "setdomain",
      description = "Set the audit domain the log secret is exported" + " under (Auditor).")
  void setDomain(
      @Option(names = "-domain", paramLabel = "D", description = "asked for when" + " left out")
          String domain)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    String d = new String(ctx.secret(domain, "the audit domain", true));
    ctx.withSession(
        admin,
        s -> {
          admin.setAuditDomain(s, d);
          return null;
        });
    ctx.out().println("Audit domain set.");
  }

  @Command(
      name = "createchallenge",
      description =
          "Set the challenge secret applications use"
              + " while a PED-authenticated co or cu is activated (po for co, co for cu).")
  void createChallenge(
      @Option(names = "-name", required = true, paramLabel = "co|cu") String name,
      @Option(names = "-challenge", paramLabel = "C", description = "asked for when left out")
          String challenge)
      throws HsmException {
    Role role = RoleNames.parse(name);
    Slot slot = ctx.partitionSlot();
    char[] secret = ctx.secret(challenge, "the challenge secret", true);
    ctx.withSession(
        slot,
        s -> {
          slot.createChallenge(s, role, secret);
          return null;
        });
    ctx.out().println("Challenge secret of the " + title(role) + " set.");
  }

  @Command(
      name = "deactivate",
      description =
          "End the activation of the logged-in role (all" + " roles for the Partition SO).")
  void deactivate() throws HsmException {
    Slot slot = ctx.partitionSlot();
    ctx.withSession(
        slot,
        s -> {
          slot.deactivate(s);
          return null;
        });
    ctx.out().println("Partition on slot " + slot.slotId() + " deactivated.");
  }

  static String title(Role role) {
    return switch (role) {
      case HSM_SO -> "HSM SO";
      case AUDITOR -> "Auditor";
      case PARTITION_SO -> "Partition SO";
      case CRYPTO_OFFICER -> "Crypto Officer";
      case CRYPTO_USER -> "Crypto User";
      case LIMITED_CRYPTO_OFFICER -> "Limited Crypto Officer";
    };
  }
}
