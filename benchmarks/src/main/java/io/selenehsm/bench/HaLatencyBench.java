package io.selenehsm.bench;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.ha.HaMemberStatus;
import io.selenehsm.ha.MemberState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The HA latencies that are not throughputs, measured by a plain-Java harness (JMH measures
 * averages, and these need percentiles of single events): key-creation latency with replication
 * (groups of 2 and 3) against a member's own slot, and the time from a member failure to the first
 * successful operation on a survivor. Prints Markdown tables. Run by {@code scripts/ha-bench.sh}.
 *
 * <p>Failover: a 3-member group in {@code pick_first}, so the first call after the failure is
 * routed to the failed member; each trial unplugs the member serving (DeviceFaults.unplug), times
 * from the unplug to the first successful ECDSA sign, then replugs it and lets recovery bring it
 * back (untimed). Warm-up trials are discarded.
 */
public final class HaLatencyBench {
  private static final byte[] DATA = "failover probe".getBytes(StandardCharsets.UTF_8);

  private HaLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.out.println("### Key-creation latency (token keys, replicated before the call returns)");
    System.out.println();
    System.out.println(
        "Plain-Java harness, one thread: per row a third as many warm-up"
            + " creations, then "
            + keys
            + " timed AES keys or "
            + keys / 3
            + " timed EC pairs;"
            + " each key is destroyed (untimed) after it is timed. Fresh devices per row.");
    System.out.println();
    System.out.println("| Key | Route | p50 (µs) | p99 (µs) | mean (µs) |");
    System.out.println("|---|---|---:|---:|---:|");
    for (String kind : new String[] {"AES-256", "EC P-256 pair"}) {
      for (String route : HaBenchFixture.ROUTES) {
        try (HaBenchFixture fx = new HaBenchFixture(route, LoadBalancing.ROUND_ROBIN)) {
          int n = kind.startsWith("AES") ? keys : keys / 3;
          long[] t = keyCreation(fx, kind, n / 3, n);
          System.out.printf(
              Locale.ROOT,
              "| %s | %s | %.1f | %.1f | %.1f |%n",
              kind,
              label(route),
              micros(pct(t, 50)),
              micros(pct(t, 99)),
              micros(mean(t)));
        }
      }
    }
    System.out.println();
    System.out.println("### Failover: member failure to first successful operation on a survivor");
    System.out.println();
    long[] f = failover(trials);
    System.out.printf(
        Locale.ROOT,
        "%d trials (after 20 warm-up trials), 3-member group in"
            + " pick_first, ECDSA P-256 sign.%n%n",
        f.length);
    System.out.println("| p50 (ms) | p99 (ms) | max (ms) | target p99 |");
    System.out.println("|---:|---:|---:|---|");
    System.out.printf(
        Locale.ROOT,
        "| %.3f | %.3f | %.3f | ≤ 50 ms: %s |%n",
        millis(pct(f, 50)),
        millis(pct(f, 99)),
        millis(f[f.length - 1]),
        millis(pct(f, 99)) <= 50 ? "met" : "missed");
  }

  private static String label(String route) {
    return switch (route) {
      case "direct" -> "direct partition slot";
      case "ha2" -> "HA group, 2 members";
      default -> "HA group, 3 members";
    };
  }

  private static long[] keyCreation(HaBenchFixture fx, String kind, int warmup, int n)
      throws HsmException {
    long[] times = new long[n];
    for (int i = -warmup; i < n; i++) {
      long start = System.nanoTime();
      long[] made = kind.startsWith("AES") ? new long[] {fx.aesKey()} : fx.ecPair();
      long took = System.nanoTime() - start;
      if (i >= 0) {
        times[i] = took;
      }
      for (long h : made) {
        fx.slot.destroyObject(fx.session, h);
      }
    }
    Arrays.sort(times);
    return times;
  }

  private static long[] failover(int trials) throws HsmException {
    int warmup = 20;
    long[] times = new long[trials];
    try (HaBenchFixture fx = new HaBenchFixture("ha3", LoadBalancing.PICK_FIRST)) {
      long key = fx.ecPair()[1];
      Mechanism ecdsa = Mechanism.of(Ckm.ECDSA_SHA256);
      for (int i = -warmup; i < trials; i++) {
        fx.slot.sign(fx.session, ecdsa, key, DATA);
        String serving = firstActive(fx);
        long start = System.nanoTime();
        DeviceFaults.unplug(serving);
        int attempts = 0;
        while (true) {
          try {
            fx.slot.sign(fx.session, ecdsa, key, DATA);
            break;
          } catch (HsmException e) {
            if (++attempts > 100) {
              throw e;
            }
          }
        }
        long took = System.nanoTime() - start;
        if (i >= 0) {
          times[i] = took;
        }
        DeviceFaults.replug(serving);
        for (int r = 0; r < 5 && !allActive(fx); r++) {
          fx.time.advance(Duration.ofMinutes(1));
        }
        if (!allActive(fx)) {
          throw new IllegalStateException(
              "member " + serving + " did not rejoin: " + fx.group.status());
        }
      }
    }
    Arrays.sort(times);
    return times;
  }

  /** The device serial of the first active member (member serials are device serial + 001). */
  private static String firstActive(HaBenchFixture fx) {
    for (HaMemberStatus st : fx.group.status()) {
      if (st.state() == MemberState.ACTIVE) {
        return fx.manager.slots().list().stream()
            .filter(i -> i.slotId() == st.slotId())
            .findFirst()
            .orElseThrow()
            .deviceSerial();
      }
    }
    throw new IllegalStateException("no active member");
  }

  private static boolean allActive(HaBenchFixture fx) {
    return fx.group.status().stream().allMatch(st -> st.state() == MemberState.ACTIVE);
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double mean(long[] t) {
    return Arrays.stream(t).average().orElse(0);
  }

  private static double micros(double nanos) {
    return nanos / 1_000.0;
  }

  private static double millis(double nanos) {
    return nanos / 1_000_000.0;
  }
}
