package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code stm} family: Secure Transport Mode of the HSM holding the current slot. */
@Command(name = "stm", description = "Secure Transport Mode.")
final class StmCommands extends Family {

  StmCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "transport",
      description =
          "Put the HSM into Secure Transport Mode (HSM SO;"
              + " anyone while zeroized) and show the strings to send to the recipient.")
  void transport(
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    ctx.confirm(
        force,
        List.of(
            "HSM "
                + admin.info().deviceSerial()
                + " enters Secure Transport"
                + " Mode: only SO login, stm recover and zeroize work until it is recovered"));
    io.selenehsm.device.StmStrings strings = ctx.withSession(admin, admin::stmTransport);
    ctx.out().println("Verification String: " + strings.verificationString());
    ctx.out().println("Random User String:  " + strings.randomUserString());
    ctx.out()
        .println(
            "Record both strings and send them to the recipient separately from the" + " HSM.");
  }

  @Command(
      name = "recover",
      description =
          "Show the verification string for the random user"
              + " string, then, after 'proceed', take the HSM out of Secure Transport Mode ('quit'"
              + " leaves it in the mode).")
  void recover(
      @Option(names = "-randomuserstring", required = true, paramLabel = "S") String userString,
      @Option(
              names = "-force",
              description =
                  "recover without asking (scripts that check the" + " string afterwards)")
          boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    String serial = admin.info().deviceSerial();
    String shown = ctx.withSession(admin, s -> admin.stmVerificationString(s, userString));
    ctx.out().println("Verification string: " + shown);
    if (!force) {
      ctx.out()
          .println(
              "Compare it with the verification string recorded when HSM "
                  + serial
                  + " entered Secure Transport Mode. If they differ, its state changed in"
                  + " between.");
      String answer =
          ctx.input()
              .readLine(
                  "Type 'proceed' to leave Secure Transport Mode, or" + " 'quit' to stay in it: ");
      if (answer == null || !CommandWords.lower(answer.strip()).equals("proceed")) {
        throw new HsmException(
            Ckr.CANCEL,
            answer == null
                ? "no answer (end of input); HSM "
                    + serial
                    + " stays in Secure Transport Mode."
                    + " Use -force in scripts"
                : "HSM " + serial + " stays in Secure Transport Mode");
      }
    }
    ctx.withSession(admin, s -> admin.stmRecover(s, userString));
    ctx.out().println("HSM " + serial + " has left Secure Transport Mode.");
  }
}
