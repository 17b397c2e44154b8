package io.selenehsm.cm;

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
