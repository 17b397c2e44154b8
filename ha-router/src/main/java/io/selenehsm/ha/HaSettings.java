package io.selenehsm.ha;

import io.selenehsm.device.config.HaConfiguration;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.device.config.HaConfiguration.RecoveryMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How a group behaves: recovery pacing, probe bound, failover bound for a member that stops
 * answering, load balancing, the recovery mode, and whether replication counts as network
 * replication (HSM policy 16) because members sit on different hosts.
 *
 * @param reconnectAttempts {@code reconnAtt}: -1 forever, 0 no auto-recovery, else a limit. A group
 *     with no active member keeps probing regardless, so it heals by itself.
 * @param probeTimeout bound on one health probe of a member
 * @param failoverTimeout {@code haFailoverTimeout}: how long a call waits for a member that stopped
 *     answering before the group takes it out and retries on another member
 * @param recoveryMode {@code VirtualTokenActiveRecovery}: whether the application's sessions and
 *     logins outlive a loss of every member ({@code activeEnhanced}) or end with it ({@code
 *     activeBasic})
 */
public record HaSettings(
    Duration autoReconnectInterval,
    int reconnectAttempts,
    Duration probeTimeout,
    LoadBalancing loadBalancing,
    boolean networkReplication,
    Duration failoverTimeout,
    RecoveryMode recoveryMode) {
  /** Used when {@code ProbeTimeout} is 0 (unset): a probe still never waits longer than this. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(3);

  public HaSettings {
    Objects.requireNonNull(autoReconnectInterval, "autoReconnectInterval");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    Objects.requireNonNull(failoverTimeout, "failoverTimeout");
    Objects.requireNonNull(recoveryMode, "recoveryMode");
    if (reconnectAttempts < -1) {
      throw new IllegalArgumentException("reconnAtt is -1 (forever), 0 (off) or a positive limit");
    }
    if (failoverTimeout.isNegative() || failoverTimeout.isZero()) {
      throw new IllegalArgumentException(
          "the failover timeout must be positive, not " + failoverTimeout);
    }
  }

  public boolean autoReconnectEnabled() {
    return reconnectAttempts != 0;
  }

  /** Whether sessions and logins outlive a loss of every member. */
  public boolean sessionsSurviveGroupLoss() {
    return recoveryMode == RecoveryMode.ACTIVE_ENHANCED;
  }

  public HaSettings withAutoReconnectInterval(Duration d) {
    return new HaSettings(
        d,
        reconnectAttempts,
        probeTimeout,
        loadBalancing,
        networkReplication,
        failoverTimeout,
        recoveryMode);
  }

  public HaSettings withReconnectAttempts(int n) {
    return new HaSettings(
        autoReconnectInterval,
        n,
        probeTimeout,
        loadBalancing,
        networkReplication,
        failoverTimeout,
        recoveryMode);
  }

  public HaSettings withLoadBalancing(LoadBalancing lb) {
    return new HaSettings(
        autoReconnectInterval,
        reconnectAttempts,
        probeTimeout,
        lb,
        networkReplication,
        failoverTimeout,
        recoveryMode);
  }

  public HaSettings withNetworkReplication(boolean network) {
    return new HaSettings(
        autoReconnectInterval,
        reconnectAttempts,
        probeTimeout,
        loadBalancing,
        network,
        failoverTimeout,
        recoveryMode);
  }

  public HaSettings withProbeTimeout(Duration d) {
    return new HaSettings(
        autoReconnectInterval,
        reconnectAttempts,
        d,
        loadBalancing,
        networkReplication,
        failoverTimeout,
        recoveryMode);
  }

  public HaSettings withFailoverTimeout(Duration d) {
    return new HaSettings(
        autoReconnectInterval,
        reconnectAttempts,
        probeTimeout,
        loadBalancing,
        networkReplication,
        d,
        recoveryMode);
  }

  public HaSettings withRecoveryMode(RecoveryMode mode) {
    return new HaSettings(
        autoReconnectInterval,
        reconnectAttempts,
        probeTimeout,
        loadBalancing,
        networkReplication,
        failoverTimeout,
        mode);
  }

  /**
   * The API's defaults: 60 s recovery interval, retry forever, 3 s probes, round robin, 10 s
   * failover timeout, and sessions that outlive a loss of every member (activeEnhanced).
   */
  public static HaSettings defaults() {
    return new HaSettings(
        Duration.ofSeconds(60),
        -1,
        DEFAULT_PROBE_TIMEOUT,
        LoadBalancing.ROUND_ROBIN,
        false,
        Duration.ofSeconds(HaConfiguration.DEFAULT_FAILOVER_TIMEOUT_SECONDS),
        RecoveryMode.ACTIVE_ENHANCED);
  }

  public static HaSettings from(HaConfiguration c) {
    return new HaSettings(
        c.autoReconnectInterval(),
        c.reconnectAttempts(),
        c.probeTimeout().orElse(DEFAULT_PROBE_TIMEOUT),
        c.loadBalancing(),
        false,
        c.failoverTimeout(),
        c.recoveryMode());
  }
}
