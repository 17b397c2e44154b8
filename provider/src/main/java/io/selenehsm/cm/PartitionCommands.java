package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.lifecycle.PartitionAction;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyDefinition;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.PasswordRules;
import io.selenehsm.firmware.role.Role;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code partition} family. {@code create} and {@code delete} are HSM SO commands run on the
 * HSM's admin slot; the others act on the current slot, which must be an application partition.
 */
@Command(
    name = "partition",
    description = "Create, initialize, inspect and configure" + " application partitions.")
final class PartitionCommands extends Family {

  PartitionCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "create",
      description = "Create the application partition shown in a slot" + " (HSM SO).")
  void create(
      @Option(names = "-slot", required = true, paramLabel = "N") int slotId,
      @Option(
              names = "-version",
              paramLabel = "0|1",
              defaultValue = "0",
              description = "1 for a V1 partition; V0 by default")
          int version)
      throws HsmException {
    if (version != 0 && version != 1) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "-version must be 0 or 1, not " + version);
    }
    Slot admin = ctx.adminSlot();
    ctx.withSession(
        admin,
        s -> {
          admin.createPartition(s, slotId, version);
          return null;
        });
    ctx.out()
        .println(
            "V"
                + version
                + " partition created in slot "
                + slotId
                + ". Select it with 'slot set -slot "
                + slotId
                + "' to initialize it.");
  }

  @Command(
      name = "delete",
      description = "Delete an application partition with its roles and" + " objects (HSM SO).")
  void delete(
      @Option(names = "-slot", required = true, paramLabel = "N") int slotId,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot admin = ctx.adminSlot();
    List<String> lost = new ArrayList<>();
    lost.add("the partition in slot " + slotId + describe(slotId) + " is deleted");
    ctx.confirm(force, lost);
    ctx.withSession(
        admin,
        s -> {
          admin.deletePartition(s, slotId);
          return null;
        });
    ctx.afterDestruction(admin, false);
    ctx.out().println("Partition in slot " + slotId + " deleted.");
  }

  @Command(name = "init", description = "Initialize the current partition and its Partition SO.")
  void init(
      @Option(names = "-label", paramLabel = "L", description = "asked for when left out")
          String label,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "Partition SO password; asked" + " for when left out")
          String password,
      @Option(
              names = "-ipwd",
              description =
                  "password authentication: the Partition SO"
                      + " password and the cloning domain are asked for when not given")
          boolean ipwd,
      @Option(
              names = "-domain",
              paramLabel = "D",
              description = "cloning domain; asked for when" + " left out")
          String domain,
      @Option(names = "-applytemplate", paramLabel = "F") Path template,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot slot = ctx.partitionSlot();
    PartitionInfo info = slot.partitionInfo();
    String policyTemplate = template == null ? null : PolicyReport.readTemplate(template);
    Preconditions.notInTransport(ctx.adminSlot().hsmInfo());
    if (info.initialized()) {
      Preconditions.loggedInAs(ctx, slot, Role.PARTITION_SO, "re-initializing the partition");
    }
    String newLabel = label != null ? label : ctx.input().readLine("Enter the partition label: ");
    if (newLabel == null || newLabel.isEmpty()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "a partition label is required");
    }
    PasswordRules.checkPartitionLabel(newLabel);
    if (info.initialized()) {
      List<String> lost = new ArrayList<>();
      lost.add(
          "partition '"
              + info.label()
              + "' (serial "
              + info.serial()
              + ") in slot "
              + slot.slotId()
              + " is already initialized: this re-initializes it, and the current"
              + " Partition SO password is required");
      lost.addAll(Consequences.of(PartitionAction.SOFT_INIT, "the partition", info.objectCount()));
      ctx.confirm(force, lost);
    }
    char[] poPassword = ctx.secret(password, "the Partition SO password", !info.initialized());
    String cloningDomain =
        new String(ctx.secret(domain, "the partition cloning domain", !info.initialized()));
    ctx.withSession(
        slot,
        s -> {
          slot.initPartition(s, newLabel, poPassword, cloningDomain, policyTemplate);
          return null;
        });
    if (info.initialized()) {
      ctx.endLogin();
    }
    ctx.out()
        .println(
            "Partition "
                + info.serial()
                + " in slot "
                + slot.slotId()
                + " initialized with label '"
                + newLabel
                + "'.");
  }

  @Command(
      name = "showinfo",
      description = "Show the current partition's identity, storage and" + " roles.")
  void showInfo() throws HsmException {
    Slot slot = ctx.partitionSlot();
    SlotInfo si = slot.info();
    PartitionInfo p = slot.partitionInfo();
    PrintStream out = ctx.out();
    Optional<Role> loggedIn =
        ctx.login().filter(l -> l.slotId() == slot.slotId()).map(ShellContext.Login::role);
    new Listing.Fields("")
        .add("Partition Label", p.initialized() ? p.label() : "(not initialized)")
        .add("Serial Number", p.serial())
        .add("Slot Id", si.slotId())
        .add("HSM Serial", si.deviceSerial())
        .add("Version", "V" + p.version())
        .add("Storage total", Listing.bytes(p.totalBytes()))
        .add(
            "Storage used",
            Listing.bytes(p.usedBytes())
                + " (including "
                + Listing.bytes(p.overheadBytes())
                + " overhead)")
        .add("Storage free", Listing.bytes(p.freeBytes()))
        .add("Objects", p.objectCount())
        .add("Partition SO", p.initialized() ? "initialized" : "not initialized")
        .add("Crypto Officer", roleState(p.coInitialized(), p.coLocked()))
        .add("Crypto User", roleState(p.cuInitialized(), p.cuLocked()))
        .add("Logged in", loggedIn.map(RoleCommands::title).orElse("no"))
        .print(out);
  }

  @Command(
      name = "showpolicies",
      description = "Show the partition policies, or export them as" + " a template.")
  void showPolicies(@Option(names = "-exporttemplate", paramLabel = "F") Path export)
      throws HsmException {
    Slot slot = ctx.partitionSlot();
    if (export != null) {
      PolicyReport.writeTemplate(export, slot.exportPartitionPolicyTemplate());
      ctx.out()
          .println(
              "Policies of partition " + slot.partitionInfo().serial() + " written to " + export);
      return;
    }
    PolicyReport.print(ctx.out(), PartitionPolicies.ALL, slot.partitionPolicies());
  }

  @Command(name = "changepolicy", description = "Change one partition policy (Partition SO).")
  void changePolicy(
      @Option(names = "-policy", required = true, paramLabel = "N") int policy,
      @Option(names = "-value", required = true, paramLabel = "V") int value,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    Slot slot = ctx.partitionSlot();
    PolicyValues current = slot.partitionPolicies();
    Optional<PolicyDefinition> def = PolicyReport.find(PartitionPolicies.ALL, policy);
    boolean changes =
        def.isPresent()
            && def.get().accepts(value)
            && current.asMap().getOrDefault(policy, value) != value;
    boolean toV0 = policy == PartitionPolicies.PARTITION_VERSION && value == 0;
    if (changes && (def.get().destructive() || toV0)) {
      List<String> lost = new ArrayList<>();
      lost.add(
          "partition policy "
              + policy
              + " ("
              + def.get().description()
              + ")"
              + (toV0 ? " back to V0" : "")
              + " is destructive");
      lost.addAll(
          Consequences.of(
              PartitionAction.DESTRUCTIVE_POLICY,
              "the partition",
              slot.partitionInfo().objectCount()));
      ctx.confirm(force, lost);
    }
    ctx.withSession(
        slot,
        s -> {
          slot.changePartitionPolicy(s, policy, value);
          return null;
        });
    ctx.out()
        .println(
            "Partition policy "
                + policy
                + def.map(d -> " (" + d.description() + ")").orElse("")
                + " is now "
                + value
                + ".");
  }

  @Command(name = "contents", description = "List the objects the current login can see.")
  void contents() throws HsmException {
    Slot slot = ctx.partitionSlot();
    PrintStream out = ctx.out();
    Optional<Role> loggedIn =
        ctx.login().filter(l -> l.slotId() == slot.slotId()).map(ShellContext.Login::role);
    out.println(
        loggedIn
            .map(r -> "Objects visible to the " + RoleCommands.title(r) + ":")
            .orElse("Not logged in: only public objects are listed."));
    Listing.Table t = new Listing.Table("Handle", "Class", "Label", "OUID", "Size");
    int count =
        ctx.withSession(
            slot,
            s -> {
              List<Long> handles = slot.findObjects(s, Attributes.empty());
              for (long h : handles) {
                Attributes a = slot.getAttributes(s, h);
                byte[] ouid = a.get(Cka.OUID);
                t.add(
                    h,
                    className(a.ulong(Cka.CLASS, -1)),
                    a.string(Cka.LABEL),
                    ouid == null ? "" : HexFormat.of().formatHex(ouid),
                    slot.objectSize(s, h) + " bytes");
              }
              return handles.size();
            });
    if (count > 0) {
      t.print(out);
    }
    out.println("Number of objects: " + count);
  }

  private String describe(int slotId) {
    try {
      PartitionInfo p = ctx.directory().slot(slotId).partitionInfo();
      return " ("
          + (p.initialized() ? "'" + p.label() + "', " : "")
          + "serial "
          + p.serial()
          + ") with its Partition SO, roles and "
          + p.objectCount()
          + " object(s)";
    } catch (HsmException e) {
      return " with its Partition SO, roles and objects";
    }
  }

  private static String roleState(boolean initialized, boolean locked) {
    return !initialized ? "not initialized" : locked ? "locked out" : "initialized";
  }

  static String className(long cls) {
    if (cls == Cko.DATA) {
      return "Data";
    } else if (cls == Cko.CERTIFICATE) {
      return "Certificate";
    } else if (cls == Cko.PUBLIC_KEY) {
      return "Public Key";
    } else if (cls == Cko.PRIVATE_KEY) {
      return "Private Key";
    } else if (cls == Cko.SECRET_KEY) {
      return "Secret Key";
    }
    return String.format("0x%08x", cls);
  }
}
