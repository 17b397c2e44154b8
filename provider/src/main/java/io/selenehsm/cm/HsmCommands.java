package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.lifecycle.AdminAction;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PolicyDefinition;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.PasswordRules;
import io.selenehsm.firmware.role.Role;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code hsm} family: commands on the HSM that holds the current slot. They run on that HSM's
 * admin slot whatever kind of slot is current.
 */
@Command(name = "hsm", description = "Initialize, inspect, configure and erase the HSM.")
final class HsmCommands extends Family {

  HsmCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "init",
      description = "Initialize the HSM (hard init when zeroized, soft init" + " otherwise).")
  void init(
      @Option(names = "-label", required = true, paramLabel = "L") String label,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "HSM SO password; asked for" + " when left out")
          String password,
      @Option(
              names = "-domain",
              paramLabel = "D",
              description = "cloning domain (hard init);" + " asked for when left out")
          String domain,
      @Option(names = "-applytemplate", paramLabel = "F") Path template,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force,
      @Option(
              names = "-ipwd",
              description =
                  "password authentication: the HSM SO password and"
                      + " the cloning domain are asked for when not given")
          boolean ipwd,
      @Option(
              names = "-iped",
              description =
                  "quorum authentication: the HSM SO secret goes onto"
                      + " blue iKeys through the PED")
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
    if (ipwd && iped) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "'hsm init' takes -ipwd (password) or -iped" + " (PED) authentication, not both");
    }
    Slot admin = ctx.adminSlot();
    HsmInfo info = admin.hsmInfo();
    Preconditions.notInTransport(info);
    PasswordRules.checkHsmLabel(label);
    if (iped) {
      initWithPed(admin, info, label, domain, template, m, n, pedScript);
      return;
    }
    boolean soft = info.initialized();
    if (soft && template != null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM "
              + info.serial()
              + " is"
              + " initialized: a policy template applies only to a zeroized HSM; change policies"
              + " with 'hsm changehsmpolicy'");
    }
    String policyTemplate = template == null ? null : PolicyReport.readTemplate(template);
    if (soft) {
      Preconditions.loggedInAs(ctx, admin, Role.HSM_SO, "re-initializing HSM " + info.serial());
      List<String> lost = new ArrayList<>();
      lost.add(
          "HSM '"
              + info.label()
              + "' (serial "
              + info.serial()
              + ") is already initialized: this re-initializes it, and the current HSM SO password"
              + " is required");
      lost.addAll(Consequences.of(AdminAction.SOFT_INIT, info.partitionCount()));
      ctx.confirm(force, lost);
    } else {
      ctx.out()
          .println(
              "Initializing HSM "
                  + info.serial()
                  + ": whatever it holds is erased and"
                  + " it gets a new HSM SO, label and cloning domain.");
    }
    char[] soPassword = ctx.secret(password, "the HSM SO password", !soft);
    String cloningDomain =
        soft
            ? (domain == null ? "" : domain)
            : new String(ctx.secret(domain, "the HSM cloning domain", true));
    ctx.withSession(
        admin,
        s -> {
          admin.initHsm(s, label, soPassword, cloningDomain, policyTemplate);
          return null;
        });
    if (soft) {
      ctx.afterDestruction(admin, false);
    }
    ctx.out()
        .println(
            "HSM "
                + info.serial()
                + " initialized with label '"
                + label
                + "'"
                + (policyTemplate != null ? " and the policies of " + template : "")
                + ".");
  }

  private void initWithPed(
      Slot admin,
      HsmInfo info,
      String label,
      String domain,
      Path template,
      int m,
      int n,
      Path pedScript)
      throws HsmException {
    if (info.initialized()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM "
              + info.serial()
              + " is"
              + " initialized; quorum authentication is chosen at a hard init of a zeroized HSM");
    }
    String policyTemplate = template == null ? null : PolicyReport.readTemplate(template);
    String cloningDomain = new String(ctx.secret(domain, "the HSM cloning domain", true));
    io.selenehsm.firmware.quorum.Ped ped = PedSource.open(ctx, pedScript);
    Progress p =
        new Progress(
            ctx.out(), "Initializing HSM " + info.serial() + " for quorum" + " authentication", 1);
    ctx.withSession(
        admin,
        s -> {
          admin.initHsmWithPed(s, label, cloningDomain, policyTemplate, ped, m, n);
          return null;
        });
    p.step(n + " blue iKey(s) issued, " + m + " needed to log in");
    ctx.out()
        .println(
            "HSM "
                + info.serial()
                + " initialized with label '"
                + label
                + "' for"
                + " quorum authentication.");
  }

  @Command(name = "tampershow", description = "Show the last tamper event the HSM recorded.")
  void tamperShow() throws HsmException {
    Slot admin = ctx.adminSlot();
    String last = admin.lastTamper();
    HsmInfo info = admin.hsmInfo();
    new Listing.Fields("")
        .add("HSM Status", info.status())
        .add("Last tamper event", last == null ? "none recorded" : last)
        .print(ctx.out());
  }

  @Command(
      name = "restart",
      description = "Restart the HSM: sessions end; a tamper halt" + " clears.")
  void restart() throws HsmException {
    Slot admin = ctx.adminSlot();
    ctx.endLogin();
    admin.restart();
    ctx.out()
        .println(
            "HSM "
                + admin.info().deviceSerial()
                + " restarted; status: "
                + admin.hsmInfo().status()
                + ".");
  }

  @Command(
      name = "showutilization",
      description = "Show the partition utilization counters" + " (HSM SO; HSM policy 49).")
  void showUtilization(
      @Option(
              names = "-serial",
              paramLabel = "SN",
              description = "only the" + " partition with this serial number")
          String serial)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    java.util.Map<Integer, io.selenehsm.firmware.HsmUtilization.PartitionUsage> usage =
        ctx.withSession(admin, admin::utilization);
    Listing.Table t =
        new Listing.Table(
            "Partition",
            "Serial",
            "Sign",
            "Verify",
            "Encrypt",
            "Decrypt",
            "KeyGen",
            "Derive",
            "Since");
    usage.values().stream()
        .filter(u -> serial == null || serial.equals(u.serial()))
        .forEach(
            u -> {
              java.util.Map<io.selenehsm.firmware.HsmUtilization.Metric, Long> r = u.requests();
              t.add(
                  u.partition(),
                  u.serial(),
                  r.get(io.selenehsm.firmware.HsmUtilization.Metric.SIGN),
                  r.get(io.selenehsm.firmware.HsmUtilization.Metric.VERIFY),
                  r.get(io.selenehsm.firmware.HsmUtilization.Metric.ENCRYPT),
                  r.get(io.selenehsm.firmware.HsmUtilization.Metric.DECRYPT),
                  r.get(io.selenehsm.firmware.HsmUtilization.Metric.KEY_GENERATE),
                  r.get(io.selenehsm.firmware.HsmUtilization.Metric.KEY_DERIVE),
                  u.since() == null ? "-" : u.since());
            });
    if (t.isEmpty() && serial != null) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "HSM "
              + admin.info().deviceSerial()
              + " has no"
              + " partition with serial "
              + serial
              + "; 'hsm showinfo' lists the partitions");
    }
    if (t.isEmpty()) {
      ctx.out().println("No partitions.");
    } else {
      t.print(ctx.out());
    }
  }

  @Command(
      name = "resetutilization",
      description = "Reset the partition utilization counters" + " (HSM SO).")
  void resetUtilization() throws HsmException {
    Slot admin = ctx.adminSlot();
    ctx.withSession(
        admin,
        s -> {
          admin.resetUtilization(s);
          return null;
        });
    ctx.out().println("Utilization counters reset.");
  }

  @Command(name = "showinfo", description = "Show the HSM's identity, status and partitions.")
  void showInfo() throws HsmException {
    Slot admin = ctx.adminSlot();
    HsmInfo info = admin.hsmInfo();
    PrintStream out = ctx.out();
    new Listing.Fields("")
        .add("HSM Label", info.label() == null ? "(none)" : info.label())
        .add("Serial Number", info.serial())
        .add("Model", info.model())
        .add("HSM Status", info.status())
        .add("Firmware", info.firmware())
        .add("Initialized", info.initialized() ? "yes" : "no")
        .add("Auditor role", info.auditorInitialized() ? "initialized" : "not initialized")
        .add("SO login failures", info.soLoginFailures() + " (the HSM is zeroized at 3)")
        .add(
            "Self-test failures",
            info.failedSelfTests().isEmpty() ? "none" : info.failedSelfTests().toString())
        .add("Partitions", info.partitionCount() + " of at most " + info.maxPartitions())
        .print(out);
    String serial = admin.info().deviceSerial();
    Listing.Table t = new Listing.Table("Slot", "Serial", "Label", "Version", "Objects");
    for (SlotInfo s : ctx.directory().list()) {
      if (s.kind() == SlotInfo.Kind.APPLICATION
          && s.tokenPresent()
          && serial != null
          && serial.equals(s.deviceSerial())) {
        PartitionInfo p = ctx.directory().slot(s.slotId()).partitionInfo();
        t.add(
            s.slotId(),
            p.serial(),
            p.initialized() ? p.label() : "(not initialized)",
            "V" + p.version(),
            p.objectCount());
      }
    }
    if (!t.isEmpty()) {
      out.println();
      t.print(out);
    }
  }

  @Command(
      name = "showpolicies",
      description = "Show the HSM policies, or export them as a" + " template.")
  void showPolicies(@Option(names = "-exporttemplate", paramLabel = "F") Path export)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    if (export != null) {
      PolicyReport.writeTemplate(export, admin.exportHsmPolicyTemplate());
      ctx.out()
          .println("HSM policies of HSM " + admin.info().deviceSerial() + " written to " + export);
      return;
    }
    PolicyReport.print(ctx.out(), HsmPolicies.ALL, admin.hsmPolicies());
  }

  @Command(name = "changehsmpolicy", description = "Change one HSM policy (HSM SO).")
  void changePolicy(
      @Option(names = "-policy", required = true, paramLabel = "N") int policy,
      @Option(names = "-value", required = true, paramLabel = "V") int value,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    PolicyValues current = admin.hsmPolicies();
    Optional<PolicyDefinition> def = PolicyReport.find(HsmPolicies.ALL, policy);
    boolean destructive =
        def.isPresent()
            && def.get().destructive()
            && def.get().accepts(value)
            && current.asMap().getOrDefault(policy, value) != value;
    if (destructive) {
      List<String> lost = new ArrayList<>();
      lost.add("HSM policy " + policy + " (" + def.get().description() + ") is destructive");
      lost.addAll(
          Consequences.of(AdminAction.DESTRUCTIVE_POLICY, admin.hsmInfo().partitionCount()));
      ctx.confirm(force, lost);
    }
    ctx.withSession(
        admin,
        s -> {
          admin.changeHsmPolicy(s, policy, value);
          return null;
        });
    if (destructive) {
      ctx.afterDestruction(admin, false);
    }
    ctx.out()
        .println(
            "HSM policy "
                + policy
                + def.map(d -> " (" + d.description() + ")").orElse("")
                + " is now "
                + value
                + ".");
  }

  @Command(name = "zeroize", description = "Zeroize the HSM; policies are kept.")
  void zeroize(@Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    HsmInfo info = admin.hsmInfo();
    List<String> lost = new ArrayList<>();
    lost.add("HSM " + describe(info) + " is zeroized");
    lost.addAll(Consequences.of(AdminAction.ZEROIZE, info.partitionCount()));
    ctx.confirm(force, lost);
    ctx.withSession(
        admin,
        s -> {
          admin.zeroize(s);
          return null;
        });
    ctx.afterDestruction(admin, true);
    ctx.out().println("HSM " + info.serial() + " zeroized.");
  }

  @Command(name = "factoryreset", description = "Return the HSM to its factory condition.")
  void factoryReset(
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    HsmInfo info = admin.hsmInfo();
    List<String> lost = new ArrayList<>();
    lost.add("HSM " + describe(info) + " is reset to its factory condition");
    lost.addAll(Consequences.of(AdminAction.FACTORY_RESET, info.partitionCount()));
    ctx.confirm(force, lost);
    admin.factoryReset();
    ctx.afterDestruction(admin, true);
    ctx.out().println("HSM " + info.serial() + " reset to factory condition.");
  }

  private static String describe(HsmInfo info) {
    return (info.label() == null ? "" : "'" + info.label() + "' ")
        + "(serial "
        + info.serial()
        + ")";
  }
}
