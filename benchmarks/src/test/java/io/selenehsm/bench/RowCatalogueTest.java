package io.selenehsm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openjdk.jmh.annotations.Param;

/**
 * The rows are named in four places that must agree: the {@link Row} enum, the {@code @Benchmark}
 * methods of {@link CryptoBenchmark}, the row table of {@code report.py} (which labels the JSON)
 * and the passes of {@code scripts/bench.sh}. A row missing from one of them would silently drop
 * out of the report or never run. The served device's rows and the round trip (issue 13) are named
 * likewise in {@link ServedBenchmark}, {@link RoundTripBenchmark}, {@code report.py} and {@code
 * bench.sh}.
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

  @Test
  void theServedRowsAreRowsAndTheReportAndBenchShListTheSame() throws IOException {
    Set<String> methods = benchmarkMethods(ServedBenchmark.class).keySet();
    for (String m : methods) {
      assertEquals(m, Row.ofBenchmark(ServedBenchmark.class.getName() + "." + m).method);
    }
    String script = Files.readString(MODULE.resolveSibling("scripts").resolve("bench.sh"));
    assertEquals(methods, new TreeSet<>(shellArray(script, "SERVED_ROWS")));
    assertEquals(methods, new TreeSet<>(pythonList("SERVED_ROWS")));
    assertEquals(
        List.of(Mode.Throughput),
        Arrays.asList(ServedBenchmark.class.getAnnotation(BenchmarkMode.class).value()));
  }

  @Test
  void theServedRoutesAreRoutesInTheReportsOrder() throws Exception {
    List<String> routes =
        Arrays.asList(
            ServedBenchmark.Fixture.class.getField("route").getAnnotation(Param.class).value());
    assertEquals(pythonList("SERVED_ROUTES"), routes);
    for (String r : routes) {
      assertEquals(r, Route.of(r).id);
    }
    for (String r :
        RoundTripBenchmark.Fixture.class.getField("route").getAnnotation(Param.class).value()) {
      if (!r.equals("in-process")) {
        assertTrue(Route.of(r).isServed(), r);
      }
    }
  }

  @Test
  void theRoundTripIsSampledAndBenchShRunsItsMethods() throws IOException {
    String script = Files.readString(MODULE.resolveSibling("scripts").resolve("bench.sh"));
    assertEquals(
        benchmarkMethods(RoundTripBenchmark.class).keySet(),
        new TreeSet<>(shellArray(script, "ROUND_TRIP_ROWS")));
    assertEquals(
        List.of(Mode.SampleTime),
        Arrays.asList(RoundTripBenchmark.class.getAnnotation(BenchmarkMode.class).value()));
  }

  /** The quoted words of a Python list assignment {@code NAME = ["a", "b"]} in report.py. */
  private static List<String> pythonList(String name) throws IOException {
    String report = Files.readString(MODULE.resolve("report.py"));
    Matcher m = Pattern.compile("(?m)^" + name + " = \\[([^\\]]*)\\]").matcher(report);
    if (!m.find()) {
      throw new AssertionError("report.py has no list " + name);
    }
    List<String> words = new ArrayList<>();
    Matcher w = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
    while (w.find()) {
      words.add(w.group(1));
    }
    return words;
  }

  private static java.util.Map<String, Method> benchmarkMethods() {
    return benchmarkMethods(CryptoBenchmark.class);
  }

  private static java.util.Map<String, Method> benchmarkMethods(Class<?> benchmark) {
    java.util.Map<String, Method> found = new java.util.TreeMap<>();
    for (Method m : benchmark.getDeclaredMethods()) {
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
