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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code hsm} family: commands on the HSM that holds the current slot. They run on that
 * HSM's admin slot whatever kind of slot is current.
 */
@Command(name = "hsm", description = "Initialize, inspect, configure and erase the HSM.")
final class HsmCommands extends Family {

  HsmCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "init", description = "Initialize the HSM (hard init when zeroized, soft init"
      + " otherwise).")
  void init(
      @Option(names = "-label", required = true, paramLabel = "L") String label,
      @Option(names = "-password", paramLabel = "P", description = "HSM SO password; asked for"
          + " when left out") String password,
      @Option(names = "-domain", paramLabel = "D", description = "cloning domain (hard init);"
          + " asked for when left out") String domain,
      @Option(names = "-applytemplate", paramLabel = "F") Path template,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    HsmInfo info = admin.hsmInfo();
    boolean soft = info.initialized();
    if (soft && template != null) {
      throw new HsmException(Ckr.OPERATION_NOT_ALLOWED, "HSM " + info.serial() + " is"
          + " initialized: a policy template applies only to a zeroized HSM; change policies"
          + " with 'hsm changehsmpolicy'");
    }
    String policyTemplate = template == null ? null : PolicyReport.readTemplate(template);
    if (soft) {
      List<String> lost = new ArrayList<>();
      lost.add("HSM '" + info.label() + "' (serial " + info.serial() + ") is re-initialized");
      lost.addAll(Consequences.of(AdminAction.SOFT_INIT, info.partitionCount()));
      ctx.confirm(force, lost);
    }
    char[] soPassword = ctx.secret(password, "the HSM SO password", !soft);
    String cloningDomain = soft ? (domain == null ? "" : domain)
        : new String(ctx.secret(domain, "the HSM cloning domain", true));
    ctx.withSession(admin, s -> {
      admin.initHsm(s, label, soPassword, cloningDomain, policyTemplate);
      return null;
    });
    if (soft) {
      ctx.afterDestruction(admin, false);
    }
    ctx.out().println("HSM " + info.serial() + " initialized with label '" + label + "'"
        + (policyTemplate != null ? " and the policies of " + template : "") + ".");
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
        .add("Self-test failures", info.failedSelfTests().isEmpty() ? "none"
            : info.failedSelfTests().toString())
        .add("Partitions", info.partitionCount() + " of at most " + info.maxPartitions())
        .print(out);
    String serial = admin.info().deviceSerial();
    Listing.Table t = new Listing.Table("Slot", "Serial", "Label", "Version", "Objects");
    for (SlotInfo s : ctx.directory().list()) {
      if (s.kind() == SlotInfo.Kind.APPLICATION && s.tokenPresent()
          && serial != null && serial.equals(s.deviceSerial())) {
        PartitionInfo p = ctx.directory().slot(s.slotId()).partitionInfo();
        t.add(s.slotId(), p.serial(), p.initialized() ? p.label() : "(not initialized)",
            "V" + p.version(), p.objectCount());
      }
    }
    if (!t.isEmpty()) {
      out.println();
      t.print(out);
    }
  }

  @Command(name = "showpolicies", description = "Show the HSM policies, or export them as a"
      + " template.")
  void showPolicies(@Option(names = "-exporttemplate", paramLabel = "F") Path export)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    if (export != null) {
      PolicyReport.writeTemplate(export, admin.exportHsmPolicyTemplate());
      ctx.out().println("HSM policies of HSM " + admin.info().deviceSerial() + " written to "
          + export);
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
    boolean destructive = def.isPresent() && def.get().destructive() && def.get().accepts(value)
        && current.asMap().getOrDefault(policy, value) != value;
    if (destructive) {
      List<String> lost = new ArrayList<>();
      lost.add("HSM policy " + policy + " (" + def.get().description() + ") is destructive");
      lost.addAll(Consequences.of(AdminAction.DESTRUCTIVE_POLICY,
          admin.hsmInfo().partitionCount()));
      ctx.confirm(force, lost);
    }
    ctx.withSession(admin, s -> {
      admin.changeHsmPolicy(s, policy, value);
      return null;
    });
    if (destructive) {
      ctx.afterDestruction(admin, false);
    }
    ctx.out().println("HSM policy " + policy + def.map(d -> " (" + d.description() + ")").orElse("")
        + " is now " + value + ".");
  }

  @Command(name = "zeroize", description = "Zeroize the HSM; policies are kept.")
  void zeroize(@Option(names = "-force", description = "do not ask for confirmation")
      boolean force) throws HsmException {
    Slot admin = ctx.adminSlot();
    HsmInfo info = admin.hsmInfo();
    List<String> lost = new ArrayList<>();
    lost.add("HSM " + describe(info) + " is zeroized");
    lost.addAll(Consequences.of(AdminAction.ZEROIZE, info.partitionCount()));
    ctx.confirm(force, lost);
    ctx.withSession(admin, s -> {
      admin.zeroize(s);
      return null;
    });
    ctx.afterDestruction(admin, true);
    ctx.out().println("HSM " + info.serial() + " zeroized.");
  }

  @Command(name = "factoryreset", description = "Return the HSM to its factory condition.")
  void factoryReset(@Option(names = "-force", description = "do not ask for confirmation")
      boolean force) throws HsmException {
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
    return (info.label() == null ? "" : "'" + info.label() + "' ") + "(serial " + info.serial()
        + ")";
  }
}
