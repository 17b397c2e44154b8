package io.selenehsm.cm;

import io.selenehsm.firmware.Hsm;
import java.util.List;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.HsmException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code stm} family: Secure Transport Mode of the HSM holding the current slot. */
@Command(name = "stm", description = "Secure Transport Mode.")
final class StmCommands extends Family {

  StmCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "transport", description = "Put the HSM into Secure Transport Mode (HSM SO;"
      + " anyone while zeroized) and show the strings to send to the recipient.")
  void transport(@Option(names = "-force", description = "do not ask for confirmation")
      boolean force) throws HsmException {
    Slot admin = ctx.adminSlot();
    ctx.confirm(force, List.of("HSM " + admin.info().deviceSerial() + " enters Secure Transport"
        + " Mode: only SO login, stm recover and zeroize work until it is recovered"));
    Hsm.StmStrings strings = ctx.withSession(admin, admin::stmTransport);
    ctx.out().println("Verification String: " + strings.verificationString());
    ctx.out().println("Random User String:  " + strings.randomUserString());
    ctx.out().println("Record both strings and send them to the recipient separately from the"
        + " HSM.");
  }

  @Command(name = "recover", description = "Take the HSM out of Secure Transport Mode and show"
      + " the verification string to compare with the one you were given.")
  void recover(@Option(names = "-randomuserstring", required = true, paramLabel = "S")
      String userString) throws HsmException {
    Slot admin = ctx.adminSlot();
    String verification = ctx.withSession(admin, s -> admin.stmRecover(s, userString));
    ctx.out().println("Verification string: " + verification);
    ctx.out().println("The HSM has left Secure Transport Mode. If this string differs from the"
        + " one recorded when it entered the mode, its state changed in between.");
  }
}
