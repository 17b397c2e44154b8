package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditStatus;
import io.selenehsm.firmware.audit.AuditVerifier;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code audit} family: the audit log of the HSM holding the current slot. Configuration, time
 * sync, secret export/import and clearing need the Auditor logged in on the admin slot (the HSM SO
 * until the Auditor exists); status, verification and external messages do not.
 */
@Command(name = "audit", description = "Configure, inspect and verify the HSM's audit log.")
final class AuditCommands extends Family {

  AuditCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "config",
      aliases = "c",
      description = "Show or change the audit" + " configuration.")
  void config(
      @Parameters(
              index = "0",
              paramLabel = "show|path|evmask|interval|size",
              description =
                  "show: the configuration; path P: directory of the log files; evmask"
                      + " all|none|category[:success|:failure],...: what is logged; interval"
                      + " hourly|daily|weekly|monthly|never: when files rotate; size n[k|m]: the"
                      + " file size that rotates")
          String what,
      @Parameters(
              index = "1",
              arity = "0..1",
              paramLabel = "VALUE",
              description = "the new" + " value of the setting")
          String value)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    String setting = CommandWords.lower(what);
    if (setting.equals("show")) {
      print(admin.auditConfig());
      return;
    }
    if (value == null) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "'audit config " + setting + "' needs a value");
    }
    ctx.withSession(
        admin,
        s -> {
          admin.configureAudit(s, setting + " " + value);
          return null;
        });
    ctx.out().println("Audit " + setting + " set to " + value + ".");
    print(admin.auditConfig());
  }

  private void print(AuditConfig c) {
    new Listing.Fields("")
        .add("Path", c.path().map(Path::toString).orElse("(none: records stay in the HSM)"))
        .add("Event mask", c.mask().format())
        .add("Rotation interval", c.interval().token())
        .add("Rotation size", c.sizeLimit() == 0 ? "off" : AuditConfig.formatSize(c.sizeLimit()))
        .print(ctx.out());
  }

  @Command(
      name = "time",
      aliases = "t",
      description =
          "'audit time sync' sets the audit clock"
              + " to this host's time; 'audit time get' shows it.")
  void time(@Parameters(index = "0", paramLabel = "sync|get") String what) throws HsmException {
    Slot admin = ctx.adminSlot();
    switch (CommandWords.lower(what)) {
      case "sync" -> {
        Instant host = ctx.time().instant();
        ctx.withSession(
            admin,
            s -> {
              admin.syncAuditTime(s, host);
              return null;
            });
        ctx.out().println("Audit time synchronized to " + host + ".");
      }
      case "get" -> ctx.out().println("Audit time: " + admin.auditTime());
      default ->
          throw new HsmException(
              Ckr.ARGUMENTS_BAD, "'audit time " + what + "' is not a command; use sync or get");
    }
  }

  @Command(name = "status", aliases = "s", description = "Show the audit log's status.")
  void status() throws HsmException {
    AuditStatus st = ctx.adminSlot().auditStatus();
    new Listing.Fields("")
        .add("Records held in the HSM", st.buffered() + " of " + st.capacity())
        .add(
            "Log full",
            st.full()
                ? "yes: ordinary commands fail until the log is cleared" + " or rotated"
                : "no")
        .add("Last sequence number", st.lastSequence())
        .add("Last rotation", st.lastRotation())
        .add("Dropped records", st.droppedRecords())
        .add("Last rotation error", st.lastRotationError().orElse("none"))
        .print(ctx.out());
  }

  @Command(
      name = "logmsg",
      aliases = "logm",
      description = "Write an application message into" + " the audit log.")
  void logMessage(@Option(names = "-message", required = true, paramLabel = "TEXT") String message)
      throws HsmException {
    Slot slot = ctx.currentSlot();
    ctx.withSession(
        slot,
        s -> {
          slot.logExternal(s, message);
          return null;
        });
    ctx.out().println("Message logged.");
  }

  @Command(
      name = "export",
      aliases = "e",
      description =
          "'audit export file F': write the log secret, wrapped under the audit domain, to F"
              + " (Auditor); a relative F goes into the audit path.")
  void export(
      @Parameters(index = "0", paramLabel = "file") String word,
      @Parameters(index = "1", paramLabel = "F") Path file)
      throws HsmException {
    requireFileWord(word, "export");
    Slot admin = ctx.adminSlot();
    Path target = inAuditPath(admin, file, false);
    Progress p = new Progress(ctx.out(), "Exporting the audit log secret", 2);
    String wrapped = ctx.withSession(admin, admin::exportAuditSecret);
    p.step("wrapped under the audit domain");
    try {
      Files.writeString(target, wrapped, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "cannot write " + target + ": " + e.getMessage());
    }
    p.step("written to " + target);
  }

  @Command(
      name = "import",
      aliases = "m",
      description =
          "'audit import file F': import another HSM's log secret (same audit domain) so this HSM"
              + " can verify that HSM's logs (Auditor).")
  void importSecret(
      @Parameters(index = "0", paramLabel = "file") String word,
      @Parameters(index = "1", paramLabel = "F") Path file)
      throws HsmException {
    requireFileWord(word, "import");
    String content;
    try {
      content = Files.readString(inAuditPath(ctx.adminSlot(), file, true), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "cannot read " + file + ": " + e.getMessage());
    }
    Slot admin = ctx.adminSlot();
    String serial = ctx.withSession(admin, s -> admin.importAuditSecret(s, content));
    ctx.out().println("Log secret of HSM " + serial + " imported.");
  }

  @Command(
      name = "verify",
      aliases = "v",
      description =
          "'audit verify file F [F...]': verify"
              + " rotated log files, in order (a directory stands for this HSM's files in it);"
              + " reports the first bad record.")
  void verify(
      @Parameters(index = "0", paramLabel = "file") String word,
      @Parameters(index = "1..*", arity = "1..*", paramLabel = "F") List<Path> files)
      throws HsmException {
    requireFileWord(word, "verify");
    Slot slot = ctx.currentSlot();
    List<Path> expanded = expand(files);
    Progress p = new Progress(ctx.out(), "Verifying " + expanded.size() + " audit log file(s)", 1);
    VerificationResult r = ctx.withSession(slot, s -> slot.verifyAuditLog(s, expanded));
    p.step(r.verified() + " record(s) checked");
    if (r.failure().isPresent()) {
      throw new HsmException(Ckr.LOG_BAD_RECORD_HMAC, "verification failed: " + r.failure().get());
    }
    ctx.out().println("Verification of " + r.verified() + " record(s) succeeded.");
  }

  @Command(
      name = "rotate",
      description =
          "Write the records held in the HSM to a new file"
              + " under the audit path now (Auditor).")
  void rotate() throws HsmException {
    Slot admin = ctx.adminSlot();
    Optional<Path> file = ctx.withSession(admin, admin::rotateAuditLog);
    ctx.out()
        .println(file.map(f -> "Records rotated to " + f + ".").orElse("No records to rotate."));
  }

  @Command(
      name = "clear",
      description =
          "Discard the records held in the HSM (Auditor); the"
              + " way out of a full log without a working audit path.")
  void clear(@Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    ctx.confirm(
        force, List.of("the audit records held in the HSM and not yet rotated are" + " discarded"));
    int n = ctx.withSession(admin, admin::clearAuditLog);
    ctx.out().println(n + " record(s) cleared.");
  }

  /** A directory stands for this HSM's rotated files in it, oldest first. */
  private List<Path> expand(List<Path> given) throws HsmException {
    List<Path> out = new java.util.ArrayList<>();
    for (Path f : given) {
      f = inAuditPath(ctx.adminSlot(), f, true);
      if (!Files.isDirectory(f)) {
        out.add(f);
        continue;
      }
      String serial = ctx.currentSlotInfo().deviceSerial();
      try {
        List<Path> rotated = AuditVerifier.rotatedFiles(f, serial);
        if (rotated.isEmpty()) {
          throw new HsmException(
              Ckr.ARGUMENTS_BAD, "no audit log files of HSM " + serial + " in " + f);
        }
        out.addAll(rotated);
      } catch (IOException e) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "cannot list " + f + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * A bare file name means a file in the audit path, as on the vendor's shell: an export is written
   * there, and a file to read is looked for there when it is not found as given.
   */
  private static Path inAuditPath(Slot admin, Path file, boolean reading) throws HsmException {
    if (file.isAbsolute() || (reading && Files.exists(file))) {
      return file;
    }
    Optional<Path> dir = admin.auditConfig().path();
    return dir.map(d -> d.resolve(file)).filter(f -> !reading || Files.exists(f)).orElse(file);
  }

  private static void requireFileWord(String word, String command) throws HsmException {
    if (!CommandWords.lower(word).equals("file")) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "expected 'audit " + command + " file F', not '" + word + "'");
    }
  }
}
