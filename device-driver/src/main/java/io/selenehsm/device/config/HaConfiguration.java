package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Client-side HA settings: section {@code HAConfiguration}, plus the recovery mode, which the
 * vendor keeps in section {@code VirtualToken}.
 *
 * @param autoReconnectInterval {@code AutoReconnectInterval}: time between attempts to bring a
 *     missing member back, 60 to 1200 seconds (default 60)
 * @param reconnectAttempts {@code reconnAtt}: attempts before giving up on a missing member;
 *     {@value #RECONNECT_FOREVER} retries forever, 0 turns auto-recovery off, else 1 to 500. The
 *     vendor table gives no default; Selene uses forever, so a group heals without an operator.
 * @param haOnly {@code HAOnly}: hide member slots, showing only HA virtual slots (default false)
 * @param probeTimeout {@code ProbeTimeout}: limit for a health probe of a member, in seconds; empty
 *     when 0 (the default), meaning no limit
 * @param statusTimeout {@code statusTimeout}: how long a group status query collects member states,
 *     3 to 60 seconds (default 3)
 * @param loadBalancing {@code HALoadBalancing} (Selene's own): how operations are spread over
 *     active members (default round_robin)
 * @param standbyMembers {@code haStandbyMembers} (Selene's own): comma-separated serials of members
 *     that take no load until an active member fails; each must be a member of some group
 * @param recoveryMode {@code VirtualToken.VirtualTokenActiveRecovery} (default activeBasic)
 * @param haLogEnabled {@code haLogStatus}: enabled or disabled (default disabled)
 * @param haLogPath {@code haLogPath}: directory for the HA log
 * @param logLen {@code logLen}: size in bytes at which the HA log is rotated
 * @param failoverTimeout {@code haFailoverTimeout} (Selene's own): how long a call waits for a
 *     member that stopped answering before the group fails it over to another member, 1 to 3600
 *     seconds (default {@value #DEFAULT_FAILOVER_TIMEOUT_SECONDS}); the member's own command
 *     timeout ({@code DefaultTimeOut}) is usually far longer
 */
public record HaConfiguration(
    Duration autoReconnectInterval,
    int reconnectAttempts,
    boolean haOnly,
    Optional<Duration> probeTimeout,
    Duration statusTimeout,
    LoadBalancing loadBalancing,
    List<String> standbyMembers,
    RecoveryMode recoveryMode,
    boolean haLogEnabled,
    Optional<String> haLogPath,
    OptionalLong logLen,
    Duration failoverTimeout) {

  /** The {@code reconnAtt} value that means "never stop trying". */
  public static final int RECONNECT_FOREVER = -1;

  /** {@code haFailoverTimeout} when the file leaves it out. */
  public static final int DEFAULT_FAILOVER_TIMEOUT_SECONDS = 10;

  /** How an HA group spreads operations over its active members. */
  public enum LoadBalancing {
    /** Each operation goes to the next active member in turn. */
    ROUND_ROBIN,
    /** Operations go to the first member that answers; the others stand by. */
    PICK_FIRST
  }

  /** The HA auto-recovery mode, written {@code activeBasic} or {@code activeEnhanced}. */
  public enum RecoveryMode {
    /** The basic mode, used when the key is absent. */
    ACTIVE_BASIC,
    /** The enhanced mode; the vendor writes a VirtualToken section only in this mode. */
    ACTIVE_ENHANCED
  }

  public HaConfiguration {
    standbyMembers = List.copyOf(standbyMembers);
  }

  /** The settings with the default {@code haFailoverTimeout}. */
  public HaConfiguration(
      Duration autoReconnectInterval,
      int reconnectAttempts,
      boolean haOnly,
      Optional<Duration> probeTimeout,
      Duration statusTimeout,
      LoadBalancing loadBalancing,
      List<String> standbyMembers,
      RecoveryMode recoveryMode,
      boolean haLogEnabled,
      Optional<String> haLogPath,
      OptionalLong logLen) {
    this(
        autoReconnectInterval,
        reconnectAttempts,
        haOnly,
        probeTimeout,
        statusTimeout,
        loadBalancing,
        standbyMembers,
        recoveryMode,
        haLogEnabled,
        haLogPath,
        logLen,
        Duration.ofSeconds(DEFAULT_FAILOVER_TIMEOUT_SECONDS));
  }

  /** True unless {@code reconnAtt = 0} turned auto-recovery off. */
  public boolean autoRecoveryEnabled() {
    return reconnectAttempts != 0;
  }

  static HaConfiguration read(
      SectionReader ha,
      SectionReader virtualToken,
      List<VirtualTokenDeclaration> groups,
      Set<String> deviceSerials)
      throws ConfigException {
    return new HaConfiguration(
        ha.seconds("AutoReconnectInterval", 60, 60, 1200),
        (int)
            ha.number(
                "reconnAtt",
                RECONNECT_FOREVER,
                -1,
                500,
                "expected -1 (forever), 0 (off) or 1 to 500"),
        ha.bool("HAOnly", false),
        ha.optionalNumber("ProbeTimeout", 0, 3600, "expected seconds, 0 (none) to 3600")
            .filter(s -> s > 0)
            .map(Duration::ofSeconds),
        ha.seconds("statusTimeout", 3, 3, 60),
        ha.choice(
            "HALoadBalancing",
            Map.of(
                "round_robin", LoadBalancing.ROUND_ROBIN, "pick_first", LoadBalancing.PICK_FIRST),
            LoadBalancing.ROUND_ROBIN),
        standbyMembers(ha, groups, deviceSerials),
        virtualToken.choice(
            "VirtualTokenActiveRecovery",
            Map.of(
                "activeBasic",
                RecoveryMode.ACTIVE_BASIC,
                "activeEnhanced",
                RecoveryMode.ACTIVE_ENHANCED),
            RecoveryMode.ACTIVE_BASIC),
        ha.choice("haLogStatus", Map.of("enabled", true, "disabled", false), false),
        ha.string("haLogPath"),
        ha.optionalNumber("logLen", 1, Long.MAX_VALUE, "expected a size in bytes, at least 1")
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty()),
        ha.seconds("haFailoverTimeout", DEFAULT_FAILOVER_TIMEOUT_SECONDS, 1, 3600));
  }

  private static List<String> standbyMembers(
      SectionReader ha, List<VirtualTokenDeclaration> groups, Set<String> deviceSerials)
      throws ConfigException {
    Optional<Entry> entry = ha.entry("haStandbyMembers");
    if (entry.isEmpty()) {
      return List.of();
    }
    List<String> serials = new ArrayList<>();
    for (String serial : ha.list(entry.get(), "expected comma-separated device serials")) {
      if (!deviceSerials.contains(serial)) {
        throw ha.error(
            entry.get(),
            "HAConfiguration.haStandbyMembers names serial '"
                + serial
                + "', which no Devices entry declares");
      }
      if (groups.stream().noneMatch(g -> g.members().contains(serial))) {
        throw ha.error(
            entry.get(),
            "HAConfiguration.haStandbyMembers names serial "
                + serial
                + ", which is not a member of any VirtualToken group");
      }
      if (serials.contains(serial)) {
        throw ha.error(
            entry.get(), "HAConfiguration.haStandbyMembers names serial " + serial + " twice");
      }
      serials.add(serial);
    }
    return serials;
  }
}
