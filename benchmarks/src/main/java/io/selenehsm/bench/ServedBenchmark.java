package io.selenehsm.bench;

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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JCA provider over a served device (issue 13, "Performance"): the same rows and operations as
 * {@link CryptoBenchmark} on the provider over a device that a {@link
 * io.selenehsm.server.SeleneServer} serves on its Unix socket or with mutual TLS on loopback, side
 * by side with the in-process provider and SunPKCS11+SoftHSM2. {@code scripts/bench.sh} runs it at
 * 1, 2 and 8 threads in the same run as the in-process rows:
 *
 * <pre>
 * scripts/bench.sh                       # every row, 1, 2 and 8 threads
 * SERVED_THREADS='8' scripts/bench.sh    # the served pass at 8 threads only
 * </pre>
 *
 * <p>The server runs in the benchmark's fork (see {@link ServedDevice}); it is started in the
 * trial's setup and stopped in its teardown, so the fork ends without waiting for its threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServedBenchmark {

  /** One route prepared for the row being measured; its keys are shared by the threads. */
  @State(Scope.Benchmark)
  public static class Fixture {
    @Param({"provider", "served-unix", "served-tls", "softhsm"})
    public String route;

    RouteFixture fixture;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws Exception {
      fixture = Route.of(route).open(Row.ofBenchmark(params.getBenchmark()));
    }

    /*
     * Runs after every thread's trial (the thread states' teardowns run first, JMH orders them by
     * dependency). The rows here create no objects per iteration, so no thread's iteration teardown
     * needs the device any more.
     */
    @TearDown(Level.Trial)
    public void close() {
      fixture.close();
    }
  }

  /** A thread's own operation: its Signature or Cipher instance, IV counter. */
  @State(Scope.Thread)
  public static class PerThread {
    Op op;

    @Setup(Level.Trial)
    public void open(Fixture f) throws Exception {
      op = f.fixture.newOp();
      op.run(); // fail here, not inside the measurement, if the route cannot do it
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      op.close();
    }
  }

  @Benchmark
  public Object ecdsaP256Sha256Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object rsa2048Pkcs1Sha256Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object aes256Gcm1KiB(PerThread t) throws Exception {
    return t.op.run();
  }
}
