package io.selenehsm.samples;

/** What a sample expects; a sample that sees anything else stops with the reason. */
final class Check {
  private Check() {}

  static void that(boolean condition, String expectation) {
    if (!condition) {
      throw new IllegalStateException("sample expectation failed: " + expectation);
    }
  }
}
