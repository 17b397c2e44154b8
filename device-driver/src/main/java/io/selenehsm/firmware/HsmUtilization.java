package io.selenehsm.firmware;

import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Partition utilization metrics (HSM policy 49): per application partition, how many sign, verify,
 * encrypt, decrypt, key-generate and key-derive requests arrived, failed ones included. Counters
 * live in volatile memory only: a restart, an HSM init or the partition's init starts them again
 * from zero, as does {@code hsm resetutilization}.
 *
 * <p>Counting costs one map lookup and one atomic increment; nothing is counted while policy 49 is
 * 0.
 */
public final class HsmUtilization {
  /** What is counted. */
  public enum Metric {
    SIGN,
    VERIFY,
    ENCRYPT,
    DECRYPT,
    KEY_GENERATE,
    KEY_DERIVE
  }

  /** One partition's counters since {@code since}. */
  public record PartitionUsage(
      int partition, String serial, Instant since, Map<Metric, Long> requests) {}

  private record Counters(Instant since, AtomicLongArray values) {}

  private final Hsm hsm;
  private final ConcurrentHashMap<Integer, Counters> counters = new ConcurrentHashMap<>();

  HsmUtilization(Hsm hsm) {
    this.hsm = hsm;
  }

  private boolean enabled() {
    try {
      return hsm.hsmPolicies().isOn(HsmPolicies.ALLOW_UTILIZATION_METRICS);
    } catch (HsmException e) {
      return false;
    }
  }

  /** Counts one request on the session's partition; requests with no partition are not counted. */
  void count(long sessionHandle, Metric metric) {
    if (!enabled()) {
      return;
    }
    int partition;
    try {
      partition = hsm.session(sessionHandle).partitionId;
    } catch (HsmException e) {
      return;
    }
    if (partition == Hsm.ADMIN_PARTITION || !hsm.hasPartition(partition)) {
      return;
    }
    counters.computeIfAbsent(partition, id -> fresh()).values().incrementAndGet(metric.ordinal());
  }

  private Counters fresh() {
    return new Counters(
        hsm.options().time().instant(), new AtomicLongArray(Metric.values().length));
  }

  /** Forgets every partition's counters (restart, HSM init). */
  void resetAll() {
    counters.clear();
  }

  /** Forgets one partition's counters (its init or deletion). */
  void reset(int partition) {
    counters.remove(partition);
  }

  /** {@code hsm showutilization}: every partition's counters (HSM SO; policy 49 must be 1). */
  public Map<Integer, PartitionUsage> show(long sessionHandle) throws HsmException {
    requireSo(sessionHandle);
    Map<Integer, PartitionUsage> out = new TreeMap<>();
    for (int id : hsm.partitionIds()) {
      Counters c = counters.get(id);
      Map<Metric, Long> values = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        values.put(m, c == null ? 0 : c.values().get(m.ordinal()));
      }
      out.put(
          id,
          new PartitionUsage(
              id, hsm.partitionSerial(id), c == null ? null : c.since(), Map.copyOf(values)));
    }
    return out;
  }

  /**
   * One partition's counters for in-process monitoring (the provider's JMX view), which reads them
   * without an HSM SO session as the host's own monitoring agent would; all zero (and {@code since}
   * null) when nothing was counted.
   *
   * @throws HsmException CKR_ARGUMENTS_BAD when the HSM has no partition {@code partition}
   */
  public PartitionUsage usage(int partition) throws HsmException {
    if (!hsm.hasPartition(partition)) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "no partition " + partition + " on this HSM");
    }
    Counters c = counters.get(partition);
    Map<Metric, Long> values = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      values.put(m, c == null ? 0 : c.values().get(m.ordinal()));
    }
    return new PartitionUsage(
        partition,
        hsm.partitionSerial(partition),
        c == null ? null : c.since(),
        Map.copyOf(values));
  }

  /** {@code hsm resetutilization}: all counters back to zero (HSM SO; policy 49 must be 1). */
  public void reset(long sessionHandle) throws HsmException {
    requireSo(sessionHandle);
    resetAll();
  }

  private void requireSo(long sessionHandle) throws HsmException {
    Session s = hsm.session(sessionHandle);
    hsm.gate(Hsm.Access.NORMAL);
    if (s.partitionId != Hsm.ADMIN_PARTITION) {
      throw new HsmException(
          Ckr.USER_TYPE_INVALID, "utilization metrics are read on the admin partition");
    }
    hsm.requireRole(s, Role.HSM_SO);
    if (!enabled()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM policy 49 (allow utilization metrics) is 0 on HSM " + hsm.serial());
    }
  }
}
