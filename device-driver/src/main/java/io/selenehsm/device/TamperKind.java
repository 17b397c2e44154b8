package io.selenehsm.device;

/**
 * The environmental tamper events a device's sensors report. Any of them halts the HSM until it is
 * restarted, deactivates activated partitions and is written to the audit log.
 */
public enum TamperKind {
  OVER_TEMPERATURE("over temperature"),
  UNDER_TEMPERATURE("under temperature"),
  OVER_VOLTAGE("over voltage"),
  UNDER_VOLTAGE("under voltage");

  private final String description;

  TamperKind(String description) {
    this.description = description;
  }

  /** How the HSM reports the event, e.g. "over temperature". */
  public String description() {
    return description;
  }
}
