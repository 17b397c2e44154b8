package io.selenehsm.device;

/**
 * What the driver currently sees of a device. Immutable: {@link Device} swaps whole values, so the
 * fast path reads one volatile field and never locks.
 *
 * @param health the condition the device is in
 * @param hangEndsAt for {@link Health#HUNG}, the monotonic time reading at which it answers again
 * @param detail why it is not healthy, for messages
 */
record DeviceState(Health health, long hangEndsAt, String detail) {

  enum Health {
    /** Answers commands. */
    HEALTHY,
    /** Removed from the host: every command is {@code CKR_TOKEN_NOT_PRESENT}. */
    UNPLUGGED,
    /** Broken: every command is {@code CKR_DEVICE_ERROR}. */
    FAILED,
    /** Not answering until {@code hangEndsAt}; commands wait up to their timeout. */
    HUNG,
    /** Its engine is restarting: commands wait for it up to their timeout, halting nothing. */
    RESTARTING,
    /** Stopped by the driver after a command timeout, as the vendor driver does. */
    HALTED
  }

  static final DeviceState HEALTHY = new DeviceState(Health.HEALTHY, 0, "healthy");

  static DeviceState unplugged(String why) {
    return new DeviceState(Health.UNPLUGGED, 0, why);
  }

  static DeviceState failed(String why) {
    return new DeviceState(Health.FAILED, 0, why);
  }

  static DeviceState hungUntil(long tick) {
    return new DeviceState(Health.HUNG, tick, "hung");
  }

  /** A fresh value each time: {@link Device} compares by identity to spot overlapping restarts. */
  static DeviceState restarting() {
    return new DeviceState(Health.RESTARTING, 0, "restarting");
  }

  static DeviceState halted(String why) {
    return new DeviceState(Health.HALTED, 0, why);
  }

  /** True while commands should wait rather than be refused. */
  boolean worthWaitingFor() {
    return health == Health.HUNG || health == Health.RESTARTING;
  }

  /** True when a hang is over at monotonic time reading {@code now}. */
  boolean hangOverAt(long now) {
    return health == Health.HUNG && now - hangEndsAt >= 0;
  }
}
