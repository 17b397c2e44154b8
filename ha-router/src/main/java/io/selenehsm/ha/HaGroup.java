package io.selenehsm.ha;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.SlotTable;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.Scheduler;
import io.selenehsm.firmware.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client-side HA group: one virtual slot over member partition slots, implementing the same
 * {@link Slot} API. This class is the facade: it validates and wires the group's concerns and
 * answers the group's own API (status, events, forced recovery); every call of the Slot API goes
 * through {@link #call} to {@link CallRouting}, which routes it by kind.
 *
 * <p>The concerns, each a class with its design note:
 *
 * <ul>
 *   <li>{@link GroupState}: members, virtual sessions and objects, logins, the group lock.
 *   <li>{@link MemberRouter}: member choice, load balancing, failover, multi-part pinning, the
 *       failover watchdog.
 *   <li>{@link Replication}: objects made on one member and copied to the others (V0 cloning, V1
 *       SKS), all or nothing.
 *   <li>{@link MemberRecovery} and {@link Resynchronizer}: probing lost members with backoff,
 *       rejoining them, and bringing their objects in line with the group's registry.
 *   <li>{@link SmkCoordinator}: V1 groups share one SMK (alignment at login, rollover, clone-in).
 *   <li>{@link GroupSessions}: sessions and logins replayed on every member.
 *   <li>{@link KeySeparation}: a key's purpose committed on every member before its first use.
 * </ul>
 *
 * <p>Thread safety: the facade holds no mutable state of its own; see the concerns' notes.
 */
public final class HaGroup implements Slot {
  private static final int EVENT_LOG_CAPACITY = 1000;

  /** Longest wait between probes while no member is active (see {@link MemberRecovery}). */
  static final Duration LOST_PROBE_MAX = MemberRecovery.LOST_PROBE_MAX;

  private final String serial;
  private final GroupState state;
  private final ExecutorService probes;
  private final MemberRecovery recovery;
  private final Resynchronizer resync;
  private final CallRouting calls;

  private HaGroup(int slotId, Builder b, List<HaMember> members, MemberFacts facts) {
    this.serial = b.serial;
    this.state =
        new GroupState(
            slotId,
            b.label,
            b.settings,
            members,
            facts,
            new HaEventLog(b.time, EVENT_LOG_CAPACITY));
    this.probes =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "selene-ha-probe-" + b.label);
              t.setDaemon(true);
              return t;
            });
    FailoverWatchdog watchdog =
        new FailoverWatchdog(
            b.time, b.settings.failoverTimeout(), probes, MemberRouter::unresponsive);
    this.recovery = new MemberRecovery(state, b.scheduler, probes);
    MemberRouter router = new MemberRouter(state, watchdog, recovery::markDown);
    Replication replication = new Replication(state, router);
    this.resync = new Resynchronizer(state, router, replication);
    SmkCoordinator smk = new SmkCoordinator(state, router, recovery::recover);
    recovery.wire(resync, smk);
    GroupSessions sessions = new GroupSessions(state, router, smk, resync);
    this.calls =
        new CallRouting(
            state, router, replication, new KeySeparation(state, router), resync, sessions, smk);
    for (HaMember m : state.members) {
      if (smk.holdIfForeign(m)) {
        continue;
      }
      if (m.state == MemberState.DOWN) {
        state.events.record(
            HaEvent.Kind.MEMBER_FAILED,
            m.serial,
            "unreachable when the group was made: " + m.lastError);
      }
    }
    if (state.members.stream().noneMatch(HaMember::active)) {
      state.lost.set(true);
      state.events.record(
          HaEvent.Kind.GROUP_LOST, null, "no member answered when the group was made");
    }
    recovery.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Assembles and validates a group. */
  public static final class Builder {
    private String label;
    private String serial;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Boolean> standby = new ArrayList<>();
    private HaSettings settings = HaSettings.defaults();
    private TimeSource time = TimeSource.system();
    private Scheduler scheduler;

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** The group's pseudo serial number. */
    public Builder serial(String serial) {
      this.serial = serial;
      return this;
    }

    public Builder member(Slot slot) {
      return member(slot, false);
    }

    public Builder member(Slot slot, boolean isStandby) {
      slots.add(Objects.requireNonNull(slot, "slot"));
      standby.add(isStandby);
      return this;
    }

    public Builder settings(HaSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The time source for failover timeouts, the event log and recovery scheduling (the system's by
     * default).
     */
    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Validates the members and builds the group as slot {@code slotId}. */
    public HaGroup build(int slotId) throws HsmException {
      if (label == null || label.isBlank()) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "an HA group needs a label");
      }
      if (serial == null || !serial.matches("\\d{1,20}")) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "HA group " + label + " needs a pseudo serial of 1 to 20 digits, not '" + serial + "'");
      }
      if (slots.isEmpty()) {
        throw new HsmException(Ckr.ARGUMENTS_BAD, "HA group " + label + " has no members");
      }
      scheduler = time.scheduler("selene-ha-" + label);
      List<HaMember> members = new ArrayList<>();
      List<MemberFacts> reachable = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        for (int j = 0; j < i; j++) {
          if (slots.get(j) == s) {
            throw new HsmException(
                Ckr.ARGUMENTS_BAD, "HA group " + label + " names slot " + s.slotId() + " twice");
          }
        }
        SlotInfo info = s.info();
        String memberSerial = info.tokenSerial() != null ? info.tokenSerial() : "slot" + s.slotId();
        if (info.kind() != SlotInfo.Kind.APPLICATION) {
          throw new HsmException(
              Ckr.SLOT_ID_INVALID,
              "HA group "
                  + label
                  + ": slot "
                  + s.slotId()
                  + " is not an application partition slot");
        }
        HaMember m = new HaMember(s, memberSerial, standby.get(i));
        try {
          MemberFacts f = readFacts(s, memberSerial);
          m.smk = f.smk();
          reachable.add(f);
        } catch (HsmException e) {
          if (!isGone(e)) {
            throw new HsmException(
                e.returnCode(),
                "HA group " + label + ", member " + memberSerial + ": " + e.detail(),
                e);
          }
          m.state = MemberState.DOWN;
          m.lastError = e.getMessage();
        }
        members.add(m);
      }
      MemberFacts facts = GroupRules.validate(label, reachable);
      return new HaGroup(slotId, this, members, facts);
    }

    /** Validates, builds and appends the group to {@code table} as a virtual slot. */
    public HaGroup register(SlotTable table) throws HsmException {
      HsmException[] failure = new HsmException[1];
      HaGroup[] built = new HaGroup[1];
      try {
        table.addVirtualSlot(
            id -> {
              try {
                built[0] = build(id);
                return built[0];
              } catch (HsmException e) {
                failure[0] = e;
                throw new IllegalStateException(e);
              }
            });
      } catch (IllegalStateException e) {
        if (failure[0] != null) {
          throw failure[0];
        }
        throw e;
      }
      return built[0];
    }
  }

  static MemberFacts readFacts(Slot s, String serial) throws HsmException {
    PartitionInfo p = s.partitionInfo();
    if (!p.initialized()) {
      throw new HsmException(
          Ckr.TOKEN_NOT_RECOGNIZED, "partition " + serial + " is not initialized");
    }
    return new MemberFacts(
        serial,
        p.version(),
        MemberFacts.hex(s.cloningDomainFingerprint()),
        s.smkFingerprint().map(MemberFacts::hex));
  }

  static boolean isGone(HsmException e) {
    return GroupState.isGone(e);
  }

  // ---------------------------------------------------------------- group status

  public String label() {
    return state.label;
  }

  public String serial() {
    return serial;
  }

  /** Each member's state: the CA_GetCurrentHAState equivalent. Answers from memory, never waits. */
  public List<HaMemberStatus> status() {
    return state.members.stream().map(HaMember::status).toList();
  }

  /** The HA event log, oldest first. */
  public List<HaEvent> events() {
    return state.events.snapshot();
  }

  /** Serials of the member slots, for listings that hide them (HAOnly). */
  public List<Integer> memberSlotIds() {
    return state.members.stream().map(m -> m.slot.slotId()).toList();
  }

  /**
   * Brings a member that recovery gave up on back: it is probed at once (on the scheduler) and
   * rejoins when it passes.
   */
  public void recoverMember(String memberSerial) throws HsmException {
    HaMember m =
        state.members.stream()
            .filter(x -> x.serial.equals(memberSerial))
            .findFirst()
            .orElseThrow(
                () ->
                    new HsmException(
                        Ckr.ARGUMENTS_BAD,
                        "HA group " + state.label + " has no member " + memberSerial));
    recovery.recoverMember(m);
  }

  /**
   * Probes every member that is not active now, on the calling thread, and lets each that answers
   * rejoin: the {@code hagroup recover} of the admin shell. Members recovery gave up on are tried
   * too. Each probe is bounded by ProbeTimeout; a member that still does not answer stays down with
   * its usual recovery schedule.
   *
   * @return each member's state afterwards
   */
  public List<HaMemberStatus> recover() {
    recovery.recoverAll();
    return status();
  }

  /** Re-reads every member and fills gaps, e.g. after a restore into the members. */
  public void resynchronize() throws HsmException {
    resync.resynchronize();
  }

  @Override
  public int slotId() {
    return state.slotId;
  }

  /** Routes a call by its kind; see {@link CallRouting}. */
  @Override
  public <R> R call(SlotCall<R> call) throws HsmException {
    return calls.route(call);
  }

  @Override
  public SlotInfo info() {
    long active = state.members.stream().filter(HaMember::active).count();
    return new SlotInfo(
        state.slotId,
        SlotInfo.Kind.HA_VIRTUAL,
        active > 0,
        state.label,
        serial,
        null,
        "HA virtual slot",
        -1,
        active + " of " + state.members.size() + " member(s) active");
  }

  @Override
  public String toString() {
    return "HaGroup["
        + state.label
        + " "
        + serial
        + ", slot "
        + state.slotId
        + ", "
        + status()
        + "]";
  }

  /** Stops background probes; the members are left as they are. */
  public void close() {
    recovery.close();
    probes.shutdownNow();
  }

  /** Sessions open on the virtual slot, for tests and diagnostics. */
  int openSessionCount() {
    return state.sessions.size();
  }

  /** Copies by member, for tests: member serial -> member handles of acknowledged objects. */
  Map<String, List<Long>> copiesByMember() {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (HaMember m : state.members) {
      List<Long> hs = new ArrayList<>();
      state
          .objects
          .values()
          .forEach(
              vo -> {
                Long h = vo.copies.get(m);
                if (h != null) {
                  hs.add(h);
                }
              });
      out.put(m.serial, hs);
    }
    return out;
  }
}
