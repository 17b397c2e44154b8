package io.selenehsm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;

/**
 * The rows are named in four places that must agree: the {@link Row} enum, the {@code @Benchmark}
 * methods of {@link CryptoBenchmark}, the row table of {@code report.py} (which labels the JSON)
 * and the passes of {@code scripts/bench.sh}. A row missing from one of them would silently drop
 * out of the report or never run.
 */
class RowCatalogueTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void everyRowHasItsBenchmarkMethodAndNoMethodLacksARow() {
    Set<String> methods = benchmarkMethods().keySet();
    Set<String> rows = Arrays.stream(Row.values()).map(r -> r.method).collect(Collectors.toSet());
    assertEquals(new TreeSet<>(rows), new TreeSet<>(methods));
  }

  @Test
  void theReportLabelsTheRowsAsTheEnumDoesInTheSameOrder() throws IOException {
    Matcher m =
        Pattern.compile("\\(\"(\\w+)\", \"([^\"]+)\", (\\d+)\\)")
            .matcher(Files.readString(MODULE.resolve("report.py")));
    List<String> report = new ArrayList<>();
    while (m.find()) {
      report.add(m.group(1) + " | " + m.group(2) + " | " + m.group(3));
    }
    List<String> rows =
        Arrays.stream(Row.values())
            .map(r -> r.method + " | " + r.title + " | " + r.payloadBytes)
            .collect(Collectors.toList());
    assertEquals(rows, report);
  }

  /** bench.sh runs single-shot rows with only -f (the annotations set batches), others timed. */
  @Test
  void benchShRunsEachRowInThePassItsModeNeeds() throws IOException {
    String script = Files.readString(MODULE.resolveSibling("scripts").resolve("bench.sh"));
    Set<String> throughput = shellArray(script, "THROUGHPUT_ROWS");
    Set<String> batches = shellArray(script, "BATCH_ROWS");
    Set<String> expectedThroughput = new TreeSet<>();
    Set<String> expectedBatches = new TreeSet<>();
    benchmarkMethods()
        .forEach(
            (name, method) -> {
              BenchmarkMode mode = method.getAnnotation(BenchmarkMode.class);
              boolean singleShot =
                  mode != null && Arrays.asList(mode.value()).contains(Mode.SingleShotTime);
              (singleShot ? expectedBatches : expectedThroughput).add(name);
            });
    assertEquals(expectedThroughput, new TreeSet<>(throughput));
    assertEquals(expectedBatches, new TreeSet<>(batches));
  }

  @Test
  void aBenchmarkNameResolvesToItsRowAndAnUnknownOneIsRefused() {
    for (Row r : Row.values()) {
      assertEquals(r, Row.ofBenchmark(CryptoBenchmark.class.getName() + "." + r.method));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Row.ofBenchmark("io.selenehsm.bench.CryptoBenchmark.noSuchRow"));
    assertNotNull(e.getMessage());
    assertEquals(
        "no row for benchmark io.selenehsm.bench.CryptoBenchmark.noSuchRow", e.getMessage());
  }

  private static java.util.Map<String, Method> benchmarkMethods() {
    java.util.Map<String, Method> found = new java.util.TreeMap<>();
    for (Method m : CryptoBenchmark.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Benchmark.class)) {
        found.put(m.getName(), m);
      }
    }
    return found;
  }

  /** The words of a bash array assignment {@code NAME=(a b\n c)}. */
  private static Set<String> shellArray(String script, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)").matcher(script);
    if (!m.find()) {
      throw new AssertionError("bench.sh has no array " + name);
    }
    return new LinkedHashSet<>(Arrays.asList(m.group(1).trim().split("\\s+")));
  }
}
