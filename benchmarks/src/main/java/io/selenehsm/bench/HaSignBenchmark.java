package io.selenehsm.bench;

import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
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
 * Single-part sign throughput through a 2-member and a 3-member HA group (round robin) against a
 * member's own partition slot: the HA router's overhead per operation. Run by {@code
 * scripts/ha-bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HaSignBenchmark {
  private static final byte[] DATA =
      "a payment authorisation to sign, about 64 bytes long..".getBytes(StandardCharsets.UTF_8);

  @Param({"direct", "ha2", "ha3"})
  public String route;

  @Param({"ECDSA_P256", "RSA_2048"})
  public String alg;

  private HaBenchFixture fx;
  private Mechanism mechanism;
  private long key;

  @Setup(Level.Trial)
  public void setUp() throws HsmException {
    fx = new HaBenchFixture(route, LoadBalancing.ROUND_ROBIN);
    if (alg.equals("ECDSA_P256")) {
      key = fx.ecPair()[1];
      mechanism = Mechanism.of(Ckm.ECDSA_SHA256);
    } else {
      key = fx.rsaPair()[1];
      mechanism = Mechanism.of(Ckm.SHA256_RSA_PKCS);
    }
  }

  @Benchmark
  public byte[] sign() throws HsmException {
    return fx.slot.sign(fx.session, mechanism, key, DATA);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fx.close();
  }
}
