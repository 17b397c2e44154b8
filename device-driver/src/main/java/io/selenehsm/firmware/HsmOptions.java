package io.selenehsm.firmware;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.role.PasswordHasher;
import io.selenehsm.firmware.store.MasterKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * How to build one emulated device: its serial and model, where its flash lives (or in memory), the
 * state a brand-new device ships in, and the injected clock, randomness and KDF cost.
 */
public record HsmOptions(
    String serial,
    HsmModel model,
    Path stateDirectory,
    boolean shipZeroized,
    PasswordHasher.Cost kdfCost,
    Clock clock,
    SecureRandom random,
    MasterKey masterKey) {

  /** Options whose KEK stays in the state directory (no master key). */
  public HsmOptions(
      String serial,
      HsmModel model,
      Path stateDirectory,
      boolean shipZeroized,
      PasswordHasher.Cost kdfCost,
      Clock clock,
      SecureRandom random) {
    this(serial, model, stateDirectory, shipZeroized, kdfCost, clock, random, null);
  }

  public HsmOptions {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(kdfCost, "kdfCost");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    if (!serial.matches("\\d{1,10}")) {
      throw new IllegalArgumentException("a serial number is 1-10 digits, got '" + serial + "'");
    }
  }

  /** A durable device under {@code stateDirectory}, shipped in Secure Transport Mode. */
  public static HsmOptions durable(String serial, HsmModel model, Path stateDirectory) {
    return new HsmOptions(
        serial,
        model,
        stateDirectory,
        false,
        PasswordHasher.Cost.forDurableDevices(),
        Clock.systemUTC(),
        SoftwareProviders.random());
  }

  /** An in-memory device for tests: zeroized, cheap KDF. */
  public static HsmOptions inMemory(String serial, HsmModel model) {
    return new HsmOptions(
        serial,
        model,
        null,
        true,
        PasswordHasher.Cost.TEST,
        Clock.systemUTC(),
        SoftwareProviders.random());
  }

  public HsmOptions withShipZeroized(boolean zeroized) {
    return new HsmOptions(
        serial, model, stateDirectory, zeroized, kdfCost, clock, random, masterKey);
  }

  public HsmOptions withKdfCost(PasswordHasher.Cost cost) {
    return new HsmOptions(
        serial, model, stateDirectory, shipZeroized, cost, clock, random, masterKey);
  }

  public HsmOptions withClock(Clock c) {
    return new HsmOptions(
        serial, model, stateDirectory, shipZeroized, kdfCost, c, random, masterKey);
  }

  public HsmOptions withStateDirectory(Path dir) {
    return new HsmOptions(serial, model, dir, shipZeroized, kdfCost, clock, random, masterKey);
  }

  /**
   * A copy whose device KEK is kept wrapped under {@code key}, a secret outside the state
   * directory; null keeps the KEK in the directory.
   */
  public HsmOptions withMasterKey(MasterKey key) {
    return new HsmOptions(serial, model, stateDirectory, shipZeroized, kdfCost, clock, random, key);
  }
}
