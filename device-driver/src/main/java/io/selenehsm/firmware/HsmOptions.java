package io.selenehsm.firmware;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.role.PasswordHasher;
import io.selenehsm.firmware.store.MasterKey;
import io.selenehsm.firmware.time.TimeSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * How to build one emulated device: its serial and model, where its flash lives (or in memory), the
 * state a brand-new device ships in, and the injected time source, randomness and KDF cost.
 */
public record HsmOptions(
    String serial,
    HsmModel model,
    Path stateDirectory,
    boolean shipZeroized,
    PasswordHasher.Cost kdfCost,
    TimeSource time,
    SecureRandom random,
    MasterKey masterKey) {

  /** Options whose KEK stays in the state directory (no master key). */
  public HsmOptions(
      String serial,
      HsmModel model,
      Path stateDirectory,
      boolean shipZeroized,
      PasswordHasher.Cost kdfCost,
      TimeSource time,
      SecureRandom random) {
    this(serial, model, stateDirectory, shipZeroized, kdfCost, time, random, null);
  }

  public HsmOptions {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(kdfCost, "kdfCost");
    Objects.requireNonNull(time, "time");
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
        TimeSource.system(),
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
        TimeSource.system(),
        SoftwareProviders.random());
  }

  public HsmOptions withShipZeroized(boolean zeroized) {
    return new HsmOptions(
        serial, model, stateDirectory, zeroized, kdfCost, time, random, masterKey);
  }

  public HsmOptions withKdfCost(PasswordHasher.Cost cost) {
    return new HsmOptions(
        serial, model, stateDirectory, shipZeroized, cost, time, random, masterKey);
  }

  public HsmOptions withTime(TimeSource t) {
    return new HsmOptions(
        serial, model, stateDirectory, shipZeroized, kdfCost, t, random, masterKey);
  }

  public HsmOptions withStateDirectory(Path dir) {
    return new HsmOptions(serial, model, dir, shipZeroized, kdfCost, time, random, masterKey);
  }

  /**
   * A copy whose device KEK is kept wrapped under {@code key}, a secret outside the state
   * directory; null keeps the KEK in the directory.
   */
  public HsmOptions withMasterKey(MasterKey key) {
    return new HsmOptions(serial, model, stateDirectory, shipZeroized, kdfCost, time, random, key);
  }
}
