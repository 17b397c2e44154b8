package io.selenehsm.samples;

import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.UserRole;
import java.io.PrintStream;
import java.util.Arrays;

/** Lists slots and tokens, then logs in and out by label, by slot and by role. */
public final class SlotsAndLogins {
  private SlotsAndLogins() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) {
    SlotManager slots = ctx.provider().getSlotManager();
    for (int slot : slots.getSlotList()) {
      out.printf(
          "slot %d: token \"%s\", serial %s, firmware %s%n",
          slot,
          slots.getTokenLabel(slot),
          slots.getTokenSerialNumber(slot),
          Arrays.toString(slots.getTokenFirmwareVersion(slot)));
    }
    int found = slots.findSlotFromLabel(ctx.partitionLabel());
    out.println(
        "findSlotFromLabel(\""
            + ctx.partitionLabel()
            + "\") = "
            + found
            + "; an unknown label gives "
            + slots.findSlotFromLabel("no-such-partition"));
    Check.that(found == ctx.slot(), "the label names the partition's slot");

    slots.login(ctx.partitionLabel(), ctx.coPin());
    out.println("login by label as Crypto Officer: logged in = " + slots.isLoggedIn());
    slots.logout();
    out.println("logout: logged in = " + slots.isLoggedIn());
    Check.that(!slots.isLoggedIn(), "logout ends the login");

    slots.login(ctx.slot(), ctx.coPin());
    out.println("login by slot " + ctx.slot() + ": logged in = " + slots.isLoggedIn());
    slots.logout();

    slots.login(ctx.slot(), UserRole.CRYPTO_USER, ctx.cuPin());
    out.println("login by slot and role CRYPTO_USER: logged in = " + slots.isLoggedIn());
    slots.logout();
    slots.login(ctx.slot(), UserRole.CRYPTO_OFFICER, ctx.coPin());
    out.println("login by slot and role CRYPTO_OFFICER: logged in = " + slots.isLoggedIn());
    slots.logout();
  }
}
