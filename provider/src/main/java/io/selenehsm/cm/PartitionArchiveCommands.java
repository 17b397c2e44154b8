package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code partition archive}: backups of the current partition on a Backup HSM 7, reached through
 * the Backup HSM's admin slot with its HSM SO password. The current partition needs a Crypto
 * Officer (or Crypto User) login. A V0 partition backs up its token objects, a V1 partition its SMK
 * only.
 */
@Command(name = "archive", description = "Back up to and restore from a Backup HSM.")
final class PartitionArchiveCommands extends Family {

  PartitionArchiveCommands(ShellContext ctx) {
    super(ctx);
  }

  /** Work on the Backup HSM's admin slot with its SO logged in for the command. */
  @FunctionalInterface
  private interface BackupWork<T> {
    T run(Slot backup, long backupSession) throws HsmException;
  }

  @Command(
      name = "backup",
      description = "Back up the current partition into a container on" + " a Backup HSM.")
  void backup(
      @Option(
              names = "-slot",
              required = true,
              paramLabel = "N",
              description = "the Backup HSM's admin slot")
          int backupSlot,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "the Backup HSM SO password;" + " asked for when left out")
          String password,
      @Option(names = "-container", required = true, paramLabel = "NAME") String container,
      @Option(
              names = "-append",
              description = "add what the container lacks to an existing" + " container")
          boolean append)
      throws HsmException {
    Slot source = ctx.partitionSlot();
    PartitionInfo p = source.partitionInfo();
    BackupReport r =
        onBackupHsm(
            backupSlot,
            password,
            (backup, bs) ->
                ctx.withSession(
                    source, s -> source.backupPartition(s, backup, bs, container, append)));
    ctx.out()
        .println(
            "Partition "
                + p.serial()
                + " (V"
                + p.version()
                + ") backed up to"
                + " container "
                + r.container()
                + ": "
                + r.copied()
                + " item(s) copied, "
                + r.skipped()
                + " already there, of "
                + r.offered()
                + (p.version() == 1 ? " (a V1 partition backs up" + " its SMK only)" : "")
                + ".");
  }

  @Command(name = "restore", description = "Restore a container into the current partition.")
  void restore(
      @Option(
              names = "-slot",
              required = true,
              paramLabel = "N",
              description = "the Backup HSM's admin slot")
          int backupSlot,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "the Backup HSM SO password;" + " asked for when left out")
          String password,
      @Option(names = "-container", required = true, paramLabel = "NAME") String container,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot target = ctx.partitionSlot();
    PartitionInfo p = target.partitionInfo();
    ctx.confirm(
        force,
        List.of(
            p.version() == 1
                ? "partition "
                    + p.serial()
                    + " takes the container's SMK as its primary SMK (its own"
                    + " moves to the rollover slot)"
                : "the container's objects that partition "
                    + p.serial()
                    + " lacks are added to it"));
    BackupReport r =
        onBackupHsm(
            backupSlot,
            password,
            (backup, bs) ->
                ctx.withSession(target, s -> target.restorePartition(s, backup, bs, container)));
    ctx.out()
        .println(
            "Container "
                + r.container()
                + " restored to partition "
                + p.serial()
                + ": "
                + r.copied()
                + " item(s) restored, "
                + r.skipped()
                + " already there, of "
                + r.offered()
                + ".");
  }

  @Command(name = "list", description = "List the backup containers on a Backup HSM.")
  void list(
      @Option(
              names = "-slot",
              required = true,
              paramLabel = "N",
              description = "the Backup HSM's admin slot")
          int backupSlot,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "the Backup HSM SO password;" + " asked for when left out")
          String password)
      throws HsmException {
    List<BackupContainerInfo> containers =
        onBackupHsm(backupSlot, password, (backup, bs) -> backup.listBackups(bs));
    if (containers.isEmpty()) {
      ctx.out().println("The Backup HSM in slot " + backupSlot + " holds no backup containers.");
      return;
    }
    Listing.Table t =
        new Listing.Table("Container", "Source partition", "Kind", "Items", "Updated");
    for (BackupContainerInfo c : containers) {
      t.add(
          c.name(),
          c.sourcePartitionSerial(),
          c.sourceKind(),
          c.itemCount(),
          Instant.ofEpochMilli(c.updatedMillis()));
    }
    t.print(ctx.out());
  }

  @Command(name = "delete", description = "Delete a backup container from a Backup HSM.")
  void delete(
      @Option(
              names = "-slot",
              required = true,
              paramLabel = "N",
              description = "the Backup HSM's admin slot")
          int backupSlot,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "the Backup HSM SO password;" + " asked for when left out")
          String password,
      @Option(names = "-container", required = true, paramLabel = "NAME") String container,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    ctx.confirm(
        force,
        List.of("backup container " + container + " and everything in it are" + " destroyed"));
    onBackupHsm(
        backupSlot,
        password,
        (backup, bs) -> {
          backup.deleteBackup(bs, container);
          return null;
        });
    ctx.out().println("Backup container " + container + " deleted.");
  }

  private <T> T onBackupHsm(int slotId, String password, BackupWork<T> work) throws HsmException {
    SlotInfo info = ctx.info(slotId);
    if (info.kind() != SlotInfo.Kind.ADMIN) {
      throw new HsmException(
          Ckr.SLOT_ID_INVALID,
          "slot "
              + slotId
              + " is "
              + ShellContext.describe(info.kind())
              + "; -slot names a Backup HSM's admin slot");
    }
    Slot backup = ctx.directory().slot(slotId);
    char[] pw = ctx.secret(password, "the Backup HSM SO password", false);
    long session = backup.openSession(0x424b5550L, true);
    try {
      backup.login(session, Role.HSM_SO, pw);
      return work.run(backup, session);
    } finally {
      try {
        backup.closeSession(session);
      } catch (HsmException e) {
        // the session is gone either way
      }
    }
  }
}
