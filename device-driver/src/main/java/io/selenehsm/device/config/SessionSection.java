package io.selenehsm.device.config;

/**
 * Section {@code Session}.
 *
 * @param autoCleanUpDisabled {@code AutoCleanUpDisabled}: when false (the default), sessions an
 *     application leaves open are closed when it finalizes the library
 */
public record SessionSection(boolean autoCleanUpDisabled) {
  static SessionSection read(SectionReader r) throws ConfigException {
    return new SessionSection(r.bool("AutoCleanUpDisabled", false));
  }
}
