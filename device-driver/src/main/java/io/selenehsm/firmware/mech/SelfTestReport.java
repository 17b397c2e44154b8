package io.selenehsm.firmware.mech;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Outcome of the power-on known-answer tests: each failed test with the mechanisms it covers. */
public record SelfTestReport(List<Failure> failures, int testsRun) {
  public SelfTestReport {
    failures = List.copyOf(failures);
  }

  /** One failed known-answer test. */
  public record Failure(String test, Set<Long> mechanisms, String reason) {
    public Failure {
      mechanisms = Set.copyOf(mechanisms);
    }
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  public Set<Long> failedMechanisms() {
    Set<Long> ids = new TreeSet<>();
    failures.forEach(f -> ids.addAll(f.mechanisms()));
    return ids;
  }
}
