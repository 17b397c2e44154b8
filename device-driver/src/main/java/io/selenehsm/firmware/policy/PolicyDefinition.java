package io.selenehsm.firmware.policy;

/**
 * One numbered policy: its description, factory default, accepted range and whether changing it
 * destroys content. {@code capability} names the HSM capability that must allow it (or -1).
 */
public record PolicyDefinition(
    int id, String description, int defaultValue, int max, boolean destructive, int capability) {

  public boolean accepts(int value) {
    return value >= 0 && value <= max;
  }
}
