package io.selenehsm.cm;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.HaConfiguration;
import io.selenehsm.device.config.VirtualTokenDeclaration;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaMemberStatus;
import io.selenehsm.ha.HaMembership;
import io.selenehsm.ha.HaSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code hagroup} family: HA groups as {@code selene.conf} declares them. Every change is
 * written into the configuration file the shell was started with (sections {@code VirtualToken} and
 * {@code HAConfiguration}), so the next process, the provider included, sees it. A member is named
 * by its device serial (the device's partition 1 serves as the member, as in {@code selene.conf})
 * or by its partition serial. {@code creategroup} and {@code addmember} check the Crypto Officer
 * password and the group rules first; a V1 member takes the group's SMK by SMK cloning when it
 * joins.
 */
@Command(
    name = "hagroup",
    description = "Create and configure HA groups (written into" + " selene.conf).")
final class HaGroupCommands extends Family {
  private static final String VT = "VirtualToken";
  private static final String HA = "HAConfiguration";

  /** Slot ids for groups the shell assembles for one command; never listed. */
  private static final int TRANSIENT_SLOT = 9000;

  HaGroupCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "creategroup",
      description = "Create an HA group whose first member is the" + " partition of device S.")
  void createGroup(
      @Option(names = "-label", required = true, paramLabel = "L") String label,
      @Option(names = "-serial", required = true, paramLabel = "S") String serial,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "Crypto Officer password of" + " the member; asked for when left out")
          String password)
      throws HsmException {
    ClientConfig config = config();
    if (find(config, label).isPresent()) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "an HA group labelled '"
              + label
              + "' already exists; 'hagroup listgroups' shows the groups");
    }
    Member first = member(serial);
    String groupSerial = "1" + first.device();
    if (!groupSerial.matches("\\d{1,20}")) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "device serial "
              + first.device()
              + " gives no"
              + " numeric group serial; HA group serials are 1 to 20 digits");
    }
    HaMembership.Admission a =
        HaMembership.admit(
            label,
            List.of(),
            first.slot(),
            ctx.secret(password, "the Crypto Officer password", false),
            false);
    int index = freeIndex(config);
    String k = String.format(Locale.ROOT, "VirtualToken%02d", index);
    write(
        edit(
            () ->
                config.with(
                    VT,
                    Map.of(
                        k + "Label",
                        label,
                        k + "SN",
                        groupSerial,
                        k + "Members",
                        first.device()))));
    ctx.out()
        .println(
            "New group with label \""
                + label
                + "\" created with group number "
                + groupSerial
                + " (V"
                + a.version()
                + ", first member "
                + first.device()
                + ").");
  }

  @Command(name = "addmember", description = "Add the partition of device S to an HA group.")
  void addMember(
      @Option(names = "-group", required = true, paramLabel = "L") String label,
      @Option(names = "-serial", required = true, paramLabel = "S") String serial,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "Crypto Officer password of" + " the members; asked for when left out")
          String password)
      throws HsmException {
    ClientConfig config = config();
    VirtualTokenDeclaration group = group(config, label);
    Member joining = member(serial);
    if (group.members().contains(joining.device())) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "device " + joining.device() + " is already a member of HA group " + label);
    }
    List<Slot> current = new ArrayList<>();
    for (String m : group.members()) {
      current.add(member(m).slot());
    }
    HaMembership.Admission a =
        HaMembership.admit(
            label,
            current,
            joining.slot(),
            ctx.secret(password, "the Crypto Officer password", false),
            false);
    List<String> members = new ArrayList<>(group.members());
    members.add(joining.device());
    String k = String.format(Locale.ROOT, "VirtualToken%02d", group.index());
    write(edit(() -> config.with(VT, k + "Members", String.join(",", members))));
    ctx.out()
        .println(
            "Member "
                + joining.device()
                + " successfully added to group "
                + label
                + (a.tookGroupSmk()
                    ? "; it took the group's SMK " + a.smk().orElse("") + " by SMK" + " cloning"
                    : "")
                + ".");
  }

  @Command(
      name = "removemember",
      description =
          "Remove a member from an HA group (the last" + " member's removal deletes the group).")
  void removeMember(
      @Option(names = "-group", required = true, paramLabel = "L") String label,
      @Option(names = "-serial", required = true, paramLabel = "S") String serial,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    ClientConfig config = config();
    VirtualTokenDeclaration group = group(config, label);
    String device = group.members().contains(serial) ? serial : member(serial).device();
    if (!group.members().contains(device)) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "device "
              + device
              + " is not a member of HA"
              + " group "
              + label
              + " (members: "
              + String.join(", ", group.members())
              + ")");
    }
    List<String> members = new ArrayList<>(group.members());
    members.remove(device);
    String k = String.format(Locale.ROOT, "VirtualToken%02d", group.index());
    ctx.confirm(
        force,
        List.of(
            members.isEmpty()
                ? "HA group "
                    + label
                    + " loses its last member and is deleted from "
                    + configFile().getFileName()
                : "HA group " + label + " no longer replicates to or fails over to " + device));
    ClientConfig next =
        members.isEmpty()
            ? edit(
                () ->
                    withoutStandby(config, device)
                        .without(VT, k + "Label", k + "SN", k + "Members"))
            : edit(
                () ->
                    withoutStandby(config, device)
                        .with(VT, k + "Members", String.join(",", members)));
    write(next);
    ctx.out()
        .println(
            members.isEmpty()
                ? "Member " + device + " removed; group " + label + " deleted."
                : "Member " + device + " removed from group " + label + ".");
  }

  @Command(name = "listgroups", description = "List the HA groups, their members and settings.")
  void listGroups() throws HsmException {
    ClientConfig config = config();
    PrintStream out = ctx.out();
    HaConfiguration ha = config.ha();
    if (config.virtualTokens().isEmpty()) {
      out.println("No HA groups are defined in " + configFile() + ".");
    }
    for (VirtualTokenDeclaration g : config.virtualTokens()) {
      out.println("HA Group Label:  " + g.label());
      out.println("HA Group Number: " + g.serial());
      Listing.Table t =
          new Listing.Table("Member", "Slot", "Partition", "Version", "Objects", "State");
      for (String m : g.members()) {
        Optional<Member> found = lookup(m);
        if (found.isEmpty()) {
          t.add(m, "-", "-", "-", "-", "no application partition slot");
          continue;
        }
        Slot s = found.get().slot();
        try {
          PartitionInfo p = s.partitionInfo();
          t.add(
              m + (ha.standbyMembers().contains(m) ? " (standby)" : ""),
              s.slotId(),
              p.serial(),
              "V" + p.version(),
              p.objectCount(),
              p.initialized() ? "present" : "not initialized");
        } catch (HsmException e) {
          t.add(m, s.slotId(), "-", "-", "-", e.formattedCode());
        }
      }
      t.print(out);
      out.println();
    }
    new Listing.Fields("")
        .add("HA Only", ha.haOnly() ? "enabled" : "disabled")
        .add(
            "Recovery mode",
            ha.recoveryMode() == HaConfiguration.RecoveryMode.ACTIVE_ENHANCED
                ? "activeEnhanced"
                : "activeBasic")
        .add(
            "Retry count (reconnAtt)",
            ha.reconnectAttempts() == HaConfiguration.RECONNECT_FOREVER
                ? "-1 (forever)"
                : ha.reconnectAttempts())
        .add("Recovery interval", ha.autoReconnectInterval().toSeconds() + " s")
        .add("Failover timeout (haFailoverTimeout)", ha.failoverTimeout().toSeconds() + " s")
        .print(out);
  }

  @Command(
      name = "synchronize",
      description =
          "Bring every member of an HA group to the same" + " objects (V1: and the same SMK).")
  void synchronize(
      @Option(names = "-group", required = true, paramLabel = "L") String label,
      @Option(
              names = "-password",
              paramLabel = "P",
              description = "Crypto Officer password;" + " asked for when left out")
          String password)
      throws HsmException {
    ClientConfig config = config();
    VirtualTokenDeclaration decl = group(config, label);
    char[] pin = ctx.secret(password, "the Crypto Officer password", false);
    // Lives for this command only: no background recovery, so nothing is left running.
    HaGroup.Builder b =
        HaGroup.builder()
            .label(decl.label())
            .serial(decl.serial())
            .settings(HaSettings.from(config.ha()).withReconnectAttempts(0))
            .time(TimeSource.system().withoutScheduling());
    for (String m : decl.members()) {
      b.member(member(m).slot(), config.ha().standbyMembers().contains(m));
    }
    HaGroup g = b.build(TRANSIENT_SLOT);
    try {
      long s = g.openSession(0x53594e43L, true);
      try {
        // The group's login hands V1 members the group's SMK and makes every member hold the
        // union of the members' objects.
        g.login(s, Role.CRYPTO_OFFICER, pin);
        g.resynchronize();
        Listing.Table t = new Listing.Table("Member", "Slot", "State", "Note");
        for (HaMemberStatus st : g.status()) {
          t.add(st.serial(), st.slotId(), st.state(), st.lastError() == null ? "" : st.lastError());
        }
        t.print(ctx.out());
        int objects =
            g.findObjects(
                    s,
                    io.selenehsm.firmware.object.Attributes.builder()
                        .set(io.selenehsm.firmware.object.Cka.TOKEN, true)
                        .build())
                .size();
        long behind =
            g.status().stream()
                .filter(st -> st.state() != io.selenehsm.ha.MemberState.ACTIVE)
                .count();
        if (behind > 0) {
          throw new HsmException(
              Ckr.DEVICE_ERROR,
              behind
                  + " member(s) of HA group "
                  + label
                  + " could not be synchronized; see the table above");
        }
        ctx.out()
            .println(
                "Synchronization of group "
                    + label
                    + " completed: "
                    + objects
                    + " token object(s) on each of "
                    + g.status().size()
                    + " member(s).");
      } finally {
        g.closeSession(s);
      }
    } finally {
      g.close();
    }
  }

  /**
   * The vendor's manual recovery. A group this process serves (its virtual slot is in the slot
   * table) probes every member that is not active at once and lets those that answer rejoin,
   * whatever reconnAtt says. Without one, the members named in selene.conf are probed and their
   * state shown: the applications that use the group bring members back by themselves.
   */
  @Command(
      name = "recover",
      description =
          "Probe the members of an HA group that are not"
              + " active now and let those that answer rejoin.")
  void recover(@Option(names = "-group", required = true, paramLabel = "L") String label)
      throws HsmException {
    Optional<HaGroup> live = liveGroup(label);
    Listing.Table t = new Listing.Table("Member", "Slot", "State", "Note");
    if (live.isPresent()) {
      List<HaMemberStatus> after = live.get().recover();
      for (HaMemberStatus st : after) {
        t.add(st.serial(), st.slotId(), st.state(), st.lastError() == null ? "" : st.lastError());
      }
      t.print(ctx.out());
      long active =
          after.stream().filter(st -> st.state() == io.selenehsm.ha.MemberState.ACTIVE).count();
      if (active == 0) {
        throw new HsmException(
            Ckr.TOKEN_NOT_PRESENT,
            "no member of HA group "
                + label
                + " answered; it keeps probing about once a second until one returns");
      }
      ctx.out()
          .println(
              "HA group " + label + ": " + active + " of " + after.size() + " member(s) active.");
      return;
    }
    VirtualTokenDeclaration decl = group(config(), label);
    int answering = 0;
    for (String m : decl.members()) {
      Optional<Member> found = lookup(m);
      if (found.isEmpty()) {
        t.add(m, "-", "does not answer", "no application partition slot (device absent?)");
        continue;
      }
      Slot slot = found.get().slot();
      SlotInfo info = slot.info();
      if (info.tokenPresent()) {
        answering++;
        t.add(m, slot.slotId(), "answers", info.status());
      } else {
        t.add(m, slot.slotId(), "does not answer", info.status());
      }
    }
    t.print(ctx.out());
    if (answering == 0) {
      throw new HsmException(Ckr.TOKEN_NOT_PRESENT, "no member of HA group " + label + " answers");
    }
    ctx.out()
        .println(
            "No application in this shell serves HA group "
                + label
                + "; the"
                + " applications that do bring the "
                + answering
                + " answering member(s) back by themselves (at once while no member is active, else"
                + " every AutoReconnectInterval).");
  }

  /** The group as this process serves it: an HA virtual slot with that label. */
  private Optional<HaGroup> liveGroup(String label) throws HsmException {
    for (SlotInfo i : ctx.directory().list()) {
      if (i.kind() == SlotInfo.Kind.HA_VIRTUAL
          && label.equals(i.label())
          && ctx.directory().slot(i.slotId()) instanceof HaGroup g) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** Exactly one of {@code -enable} and {@code -disable}. */
  static final class Switch {
    @Option(names = "-enable", required = true)
    boolean enable;

    @Option(names = "-disable", required = true)
    boolean disable;
  }

  @Command(name = "haonly", description = "Show only HA virtual slots to applications (HAOnly).")
  void haOnly(@ArgGroup(exclusive = true, multiplicity = "1") Switch choice) throws HsmException {
    ClientConfig config = config();
    write(edit(() -> config.with(HA, "HAOnly", choice.enable ? "1" : "0")));
    ctx.out().println("HA Only mode " + (choice.enable ? "enabled" : "disabled") + ".");
  }

  @Command(
      name = "recoverymode",
      description =
          "Set the HA auto-recovery mode: activeBasic ends the application's sessions when every"
              + " member is lost, activeEnhanced keeps them.")
  void recoveryMode(
      @Option(names = "-mode", required = true, paramLabel = "activeBasic|activeEnhanced")
          String mode)
      throws HsmException {
    String canonical =
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "activebasic" -> "activeBasic";
          case "activeenhanced" -> "activeEnhanced";
          default ->
              throw new HsmException(
                  Ckr.ARGUMENTS_BAD,
                  "-mode is activeBasic or" + " activeEnhanced, not '" + mode + "'");
        };
    ClientConfig config = config();
    write(edit(() -> config.with(VT, "VirtualTokenActiveRecovery", canonical)));
    ctx.out().println("HA recovery mode set to " + canonical + ".");
  }

  @Command(
      name = "retry",
      description =
          "Set the number of recovery attempts for a lost member"
              + " (reconnAtt: -1 forever, 0 off, 1-500).")
  void retry(@Option(names = "-count", required = true, paramLabel = "N") int count)
      throws HsmException {
    ClientConfig config = config();
    write(edit(() -> config.with(HA, "reconnAtt", Integer.toString(count))));
    ctx.out().println("HA recovery retry count set to " + count + ".");
  }

  @Command(
      name = "interval",
      description =
          "Set the seconds between recovery attempts" + " (AutoReconnectInterval, 60-1200).")
  void interval(@Option(names = "-interval", required = true, paramLabel = "S") int seconds)
      throws HsmException {
    ClientConfig config = config();
    write(edit(() -> config.with(HA, "AutoReconnectInterval", Integer.toString(seconds))));
    ctx.out().println("HA recovery interval set to " + seconds + " seconds.");
  }

  // ---------------------------------------------------------------- helpers

  /** A member: its device serial (as selene.conf names members) and its partition slot. */
  private record Member(String device, Slot slot) {}

  private Path configFile() throws HsmException {
    return ConfigFile.path(ctx);
  }

  /** The file as it is now: another process may have changed it since the shell started. */
  private ClientConfig config() throws HsmException {
    return ConfigFile.read(ctx);
  }

  /** Runs a configuration edit; a value the file would not accept is the caller's error. */
  private static ClientConfig edit(ConfigFile.Edit e) throws HsmException {
    return ConfigFile.edit(e);
  }

  private void write(ClientConfig next) throws HsmException {
    ConfigFile.write(ctx, next);
  }

  private static Optional<VirtualTokenDeclaration> find(ClientConfig c, String label) {
    return c.virtualTokens().stream().filter(g -> g.label().equals(label)).findFirst();
  }

  private VirtualTokenDeclaration group(ClientConfig c, String label) throws HsmException {
    return find(c, label)
        .orElseThrow(
            () ->
                new HsmException(
                    Ckr.ARGUMENTS_BAD,
                    "there is no"
                        + " HA group labelled '"
                        + label
                        + "'; 'hagroup listgroups' shows the groups"));
  }

  private static int freeIndex(ClientConfig c) throws HsmException {
    TreeSet<Integer> used = new TreeSet<>();
    c.virtualTokens().forEach(g -> used.add(g.index()));
    for (int i = 0; i < 100; i++) {
      if (!used.contains(i)) {
        return i;
      }
    }
    throw new HsmException(Ckr.ARGUMENTS_BAD, "selene.conf already declares 100 HA groups");
  }

  /** A member removed from every group is no standby either (the file would refuse it). */
  private static ClientConfig withoutStandby(ClientConfig c, String device) throws ConfigException {
    List<String> standby = new ArrayList<>(c.ha().standbyMembers());
    if (!standby.remove(device)) {
      return c;
    }
    long groups = c.virtualTokens().stream().filter(g -> g.members().contains(device)).count();
    if (groups > 1) {
      return c;
    }
    return standby.isEmpty()
        ? c.without(HA, "haStandbyMembers")
        : c.with(HA, "haStandbyMembers", String.join(",", standby));
  }

  private Member member(String serial) throws HsmException {
    return lookup(serial)
        .orElseThrow(
            () ->
                new HsmException(
                    Ckr.SLOT_ID_INVALID,
                    "no"
                        + " application partition of a device or partition with serial "
                        + serial
                        + "; 'slot list' shows the slots"));
  }

  /** Device serial S: its partition 1; else the partition whose serial is S. */
  private Optional<Member> lookup(String serial) throws HsmException {
    SlotInfo byPartition = null;
    for (SlotInfo i : ctx.directory().list()) {
      if (i.kind() != SlotInfo.Kind.APPLICATION) {
        continue;
      }
      if (serial.equals(i.deviceSerial()) && i.partitionId() == 1) {
        return Optional.of(new Member(serial, ctx.directory().slot(i.slotId())));
      }
      if (serial.equals(i.tokenSerial()) && byPartition == null) {
        byPartition = i;
      }
    }
    if (byPartition != null && byPartition.partitionId() == 1) {
      return Optional.of(
          new Member(byPartition.deviceSerial(), ctx.directory().slot(byPartition.slotId())));
    }
    return Optional.empty();
  }
}
