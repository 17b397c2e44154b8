package io.selenehsm.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The engine against the raw primitives and SunPKCS11+SoftHSM2, one method per row (issue 3,
 * "Speed"), the route as a parameter, so one run measures every row on every route.
 *
 * <p>Run it with the one documented command, from the repository root:
 *
 * <pre>
 * scripts/bench.sh            # full run, 1 and 2 threads, writes benchmarks/results/latest.md
 * QUICK=1 scripts/bench.sh    # smoke run: one short iteration per row, 1 thread
 * </pre>
 *
 * <p>A route that cannot run a row (SoftHSM2 not set up, ACCP not loaded, no such algorithm in the
 * provider) fails that trial's setup with a "SKIPPED ..." message; JMH goes on with the rest.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmark {

  /** One route prepared for the row being measured; its keys are shared by the threads. */
  @State(Scope.Benchmark)
  public static class Fixture {
    @Param({"engine", "provider", "jdk", "bc", "accp", "softhsm"})
    public String route;

    RouteFixture fixture;

    /*
     * No trial teardown: JMH may run a benchmark-scoped trial teardown on one thread while another
     * still runs its iteration teardown (destroying its generated keys), so closing the HSM here
     * logged that thread out. Each trial runs in its own fork, which ends right after.
     */
    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws Exception {
      fixture = Route.of(route).open(Row.ofBenchmark(params.getBenchmark()));
    }
  }

  /** A thread's own operation: its session, Signature/Cipher/Mac instance, IV counter. */
  @State(Scope.Thread)
  public static class PerThread {
    Op op;

    @Setup(Level.Trial)
    public void open(Fixture f) throws Exception {
      op = f.fixture.newOp();
      op.run(); // fail here, not inside the measurement, if the route cannot do it
      op.afterIteration();
    }

    @TearDown(Level.Iteration)
    public void afterIteration() throws Exception {
      op.afterIteration();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      op.close();
    }
  }

  @Benchmark
  public Object rsa2048Pkcs1Sha256Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object rsa2048Pkcs1Sha256Verify(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object rsa2048PssSha256Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object ecdsaP256Sha256Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object ecdsaP256Sha256Verify(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object ed25519Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object aes256Gcm1KiB(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object aes256Gcm16KiB(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object hmacSha256_1KiB(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  public Object mlDsa65Sign(PerThread t) throws Exception {
    return t.op.run();
  }

  /*
   * Operations that create objects in the HSM (key pairs, KEM shared secrets) run in single-shot
   * batches: a batch is timed, and the objects it made are destroyed after it, untimed. A
   * throughput iteration would keep tens of thousands of objects alive until its end and measure
   * the growth of the object table and the garbage collector as much as the operation. The batch
   * sizes keep one batch between about 10 ms and 1 s on every route; the report turns batch times
   * into operations per second (threads x batch size / batch time).
   */

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 20, batchSize = 200)
  @Measurement(iterations = 15, batchSize = 200)
  public Object mlKem768Encapsulate(PerThread t) throws Exception {
    return t.op.run();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 20, batchSize = 200)
  @Measurement(iterations = 15, batchSize = 200)
  public Object mlKem768Decapsulate(PerThread t) throws Exception {
    return t.op.run();
  }

  /**
   * RSA prime search varies a lot per key (a key's time spreads about 45% around the mean): batches
   * of 16 bring one batch's spread near 12%, and 10 measured batches per fork (480 keys over 3
   * forks) bring the 99.9% half-width under 10%, where 8 (384 keys) left it at 9-12%.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2, batchSize = 16)
  @Measurement(iterations = 10, batchSize = 16)
  public Object rsa2048KeyGen(PerThread t) throws Exception {
    return t.op.run();
  }

  /**
   * Batches of 4000: at 2000, ACCP's batch lasted about 12 ms, and a collection or a descheduled
   * thread within it moved it by a fifth (±21% over 45 batches). Twice as long and 20 measured
   * batches per fork halve that; 8 warm-up batches (32,000 pairs) are past the JIT on every route,
   * so the run grows by seconds (the JDK's slow generator most), not minutes.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 8, batchSize = 4000)
  @Measurement(iterations = 20, batchSize = 4000)
  public Object ecP256KeyGen(PerThread t) throws Exception {
    return t.op.run();
  }

  /**
   * Token objects: every key pair is committed to the flash store, which forces its log. A forced
   * write's latency varies more than computation, so batches of 100 (60 ms through the provider, 20
   * ms on ACCP's floor) and 15 of them per fork: at 25 the batches were 5-15 ms and ±24-33%.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 4, batchSize = 100)
  @Measurement(iterations = 15, batchSize = 100)
  public Object ecP256TokenKeyGen(PerThread t) throws Exception {
    return t.op.run();
  }
}
