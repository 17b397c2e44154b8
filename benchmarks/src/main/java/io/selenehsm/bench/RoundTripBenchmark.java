package io.selenehsm.bench;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The round trip of a small Slot API call, {@code C_GenerateRandom} of 16 bytes on an open session,
 * as a latency distribution (JMH {@code SampleTime}: p50 and p99): on the in-process device (the
 * call's own cost) and on a served device over the Unix socket and over TLS on loopback (issue 13's
 * goals: p50 ≤ 50 µs on the socket, ≤ 100 µs with TLS). Run by {@code scripts/bench.sh} at 1
 * thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoundTripBenchmark {
  private static final long APP = 11;
  private static final int RANDOM_BYTES = 16;

  /** The partition on the route's device, one session open on it. */
  @State(Scope.Benchmark)
  public static class Fixture {
    @Param({"in-process", "served-unix", "served-tls"})
    public String route;

    private ServedDevice served;
    private DeviceManager local;
    Slot partition;

    @Setup(Level.Trial)
    public void open() throws Exception {
      if (route.equals("in-process")) {
        local = DeviceManager.inMemory(SeleneProviderSetup.config());
        partition = local.slot(SeleneProviderSetup.provision(local));
      } else {
        served = ServedDevice.start(Route.of(route));
        partition = served.partition();
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      if (served != null) {
        served.close();
      }
      if (local != null) {
        local.close();
      }
    }
  }

  /**
   * A thread's own session. It is not closed at the end: the server closes a client's sessions when
   * its connection ends, and the in-process device is dropped with the fork.
   */
  @State(Scope.Thread)
  public static class Session {
    long handle;

    @Setup(Level.Trial)
    public void open(Fixture f) throws Exception {
      handle = f.partition.openSession(APP, false);
    }
  }

  @Benchmark
  public byte[] generateRandom16(Fixture f, Session s) throws Exception {
    return f.partition.generateRandom(s.handle, RANDOM_BYTES);
  }
}
