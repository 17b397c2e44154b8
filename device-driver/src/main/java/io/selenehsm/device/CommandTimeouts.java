package io.selenehsm.device;

import io.selenehsm.device.config.LunaSection;
import java.time.Duration;
import java.util.Objects;

/** How long each {@link CommandClass} may take before the driver declares the device failed. */
public record CommandTimeouts(
    Duration defaultTimeout, Duration keypairGenTimeout, Duration cloningTimeout) {

  public CommandTimeouts {
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(keypairGenTimeout, "keypairGenTimeout");
    Objects.requireNonNull(cloningTimeout, "cloningTimeout");
  }

  public static CommandTimeouts from(LunaSection luna) {
    return new CommandTimeouts(
        luna.defaultTimeout(), luna.keypairGenTimeout(), luna.cloningCommandTimeout());
  }

  public Duration of(CommandClass cls) {
    return switch (cls) {
      case DEFAULT -> defaultTimeout;
      case KEYPAIR_GEN -> keypairGenTimeout;
      case CLONING -> cloningTimeout;
    };
  }

  /** The timeout in nanoseconds, saturated so absurdly long settings cannot overflow. */
  long nanos(CommandClass cls) {
    return Ticks.saturatedNanos(of(cls));
  }
}
