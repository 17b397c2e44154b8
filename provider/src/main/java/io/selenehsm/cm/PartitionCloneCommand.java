package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code partition clone}: clones objects of the current partition (logged in) into the partition
 * in another slot of the same cloning domain, keeping every attribute and the OUID. The target's
 * Crypto Officer logs in for the command.
 */
@Command(name = "clone", description = "Clone objects to a partition of the same domain.")
final class PartitionCloneCommand implements Callable<Void> {
  /** An application id for the target session, apart from the shell's own. */
  private static final long TARGET_APP = 0x434c4f4eL;

  private final ShellContext ctx;

  @Option(
      names = "-objects",
      required = true,
      paramLabel = "H,H...|all",
      description = "object handles, comma separated, or 'all' token objects")
  String objects;

  @Option(names = "-slot", required = true, paramLabel = "N", description = "the target slot")
  int targetSlot;

  @Option(
      names = "-password",
      paramLabel = "P",
      description = "the target's Crypto Officer" + " password; asked for when left out")
  String password;

  PartitionCloneCommand(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Void call() throws HsmException {
    Slot source = ctx.partitionSlot();
    if (targetSlot == source.slotId()) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "-slot names the current partition; clone to" + " another one");
    }
    ctx.info(targetSlot);
    Slot target = ctx.directory().slot(targetSlot);
    char[] pw = ctx.secret(password, "the target's Crypto Officer password", false);
    ctx.withSession(
        source,
        ss -> {
          List<Long> handles = handles(source, ss);
          long ts = target.openSession(TARGET_APP, true);
          try {
            target.login(ts, Role.CRYPTO_OFFICER, pw);
            int done = 0;
            byte[] to = target.cloningTarget(ts);
            for (long h : handles) {
              byte[] payload = source.cloneObjectOut(ss, h, to, false);
              long copy;
              try {
                copy = target.cloneObjectIn(ts, payload, false);
              } catch (HsmException e) {
                throw new HsmException(
                    e.returnCode(),
                    "object "
                        + h
                        + " ("
                        + done
                        + " of "
                        + handles.size()
                        + " cloned before it): "
                        + e.detail(),
                    e);
              }
              done++;
              ctx.out()
                  .println(
                      "Object "
                          + h
                          + " cloned to handle "
                          + copy
                          + " in slot "
                          + targetSlot
                          + " (OUID "
                          + HexFormat.of().formatHex(target.getAttribute(ts, copy, Cka.OUID))
                          + ").");
            }
            ctx.out().println(done + " object(s) cloned.");
          } finally {
            try {
              target.closeSession(ts);
            } catch (HsmException e) {
              // the session is gone either way
            }
          }
          return null;
        });
    return null;
  }

  private List<Long> handles(Slot source, long session) throws HsmException {
    if (objects.equalsIgnoreCase("all")) {
      List<Long> all =
          source.findObjects(session, Attributes.builder().set(Cka.TOKEN, true).build());
      if (all.isEmpty()) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "the partition has no token objects to clone");
      }
      return all;
    }
    List<Long> out = new ArrayList<>();
    for (String part : objects.split(",")) {
      try {
        out.add(Long.parseLong(part.strip()));
      } catch (NumberFormatException e) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "-objects takes handles separated by commas" + " or 'all', not '" + objects + "'");
      }
    }
    return out;
  }
}
