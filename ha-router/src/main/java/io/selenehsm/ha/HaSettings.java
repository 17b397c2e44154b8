package io.selenehsm.ha;

import io.selenehsm.device.config.HaConfiguration;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import java.time.Duration;
import java.util.Objects;

/**
 * How a group behaves: recovery pacing, probe bound, load balancing, and whether replication
 * counts as network replication (HSM policy 16) because members sit on different hosts.
 *
 * @param reconnectAttempts {@code reconnAtt}: -1 forever, 0 no auto-recovery, else a limit.
 *     A group with no active member keeps probing regardless, so it heals by itself.
 * @param probeTimeout bound on one health probe of a member
 */
public record HaSettings(Duration autoReconnectInterval, int reconnectAttempts,
    Duration probeTimeout, LoadBalancing loadBalancing, boolean networkReplication) {
  /** Used when {@code ProbeTimeout} is 0 (unset): a probe still never waits longer than this. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(3);

  public HaSettings {
    Objects.requireNonNull(autoReconnectInterval, "autoReconnectInterval");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    if (reconnectAttempts < -1) {
      throw new IllegalArgumentException("reconnAtt is -1 (forever), 0 (off) or a positive limit");
    }
  }

  public boolean autoReconnectEnabled() {
    return reconnectAttempts != 0;
  }

  public HaSettings withAutoReconnectInterval(Duration d) {
    return new HaSettings(d, reconnectAttempts, probeTimeout, loadBalancing, networkReplication);
  }

  public HaSettings withReconnectAttempts(int n) {
    return new HaSettings(autoReconnectInterval, n, probeTimeout, loadBalancing, networkReplication);
  }

  public HaSettings withLoadBalancing(LoadBalancing lb) {
    return new HaSettings(autoReconnectInterval, reconnectAttempts, probeTimeout, lb, networkReplication);
  }

  public HaSettings withNetworkReplication(boolean network) {
    return new HaSettings(autoReconnectInterval, reconnectAttempts, probeTimeout, loadBalancing, network);
  }

  public HaSettings withProbeTimeout(Duration d) {
    return new HaSettings(autoReconnectInterval, reconnectAttempts, d, loadBalancing, networkReplication);
  }

  public static HaSettings defaults() {
    return new HaSettings(Duration.ofSeconds(60), -1, DEFAULT_PROBE_TIMEOUT,
        LoadBalancing.ROUND_ROBIN, false);
  }

  public static HaSettings from(HaConfiguration c) {
    return new HaSettings(c.autoReconnectInterval(), c.reconnectAttempts(),
        c.probeTimeout().orElse(DEFAULT_PROBE_TIMEOUT), c.loadBalancing(), false);
  }
}
