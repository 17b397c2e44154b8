package io.selenehsm.firmware.testutil;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Reading and running the shared Wycheproof vector files, for every layer's vector tests. A run
 * collects every failing tcId: "valid" must pass, "invalid" must be refused with an HsmException
 * whose code the caller accepts, "acceptable" may go either way. Unchecked exceptions and assertion
 * errors are failures whatever the verdict.
 */
public final class Wycheproof {
  private Wycheproof() {}

  private static final HexFormat HEX = HexFormat.of();

  /** A test case body: returns normally when the code under test accepted the input. */
  @FunctionalInterface
  public interface Case {
    void run(JsonObject group, JsonObject test) throws Exception;
  }

  /** What a file run found: counts per verdict and every failing tcId with its reason. */
  public record Outcome(
      String file,
      int total,
      int valid,
      int invalid,
      int acceptable,
      int rejected,
      List<String> failures) {
    public String summary() {
      return String.format(
          "%s: %d cases (%d valid, %d invalid, %d acceptable), %d rejected," + " %d failed",
          file, total, valid, invalid, acceptable, rejected, failures.size());
    }
  }

  /** The folder from -Dwycheproof.dir (the parent pom sets it). */
  public static Path dir() {
    return Path.of(System.getProperty("wycheproof.dir", "../../shared/vectors/wycheproof"));
  }

  /** The vector file, or a skipped test with a message saying where it was looked for. */
  public static Path require(String file) {
    Path p = dir().resolve(file);
    Assumptions.assumeTrue(
        Files.isRegularFile(p),
        "Wycheproof vectors not found at " + p.toAbsolutePath() + " (set -Dwycheproof.dir)");
    return p;
  }

  /** Names of every *.json vector file in the folder, sorted; empty when the folder is absent. */
  public static List<String> files() {
    Path d = dir();
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject load(Path p) throws IOException {
    try (Reader r = Files.newBufferedReader(p)) {
      return JsonParser.parseReader(r).getAsJsonObject();
    }
  }

  public static byte[] hex(JsonObject o, String field) {
    return HEX.parseHex(o.get(field).getAsString());
  }

  public static byte[] hexOrEmpty(JsonObject o, String field) {
    return o.has(field) ? hex(o, field) : new byte[0];
  }

  /**
   * Runs every case of a file; {@code rightCode} says which rejection codes fit an invalid case.
   */
  public static Outcome run(String file, JsonObject root, Case c, LongPredicate rightCode) {
    List<String> failures = new ArrayList<>();
    int total = 0;
    int valid = 0;
    int invalid = 0;
    int acceptable = 0;
    int rejected = 0;
    for (JsonElement ge : root.getAsJsonArray("testGroups")) {
      JsonObject g = ge.getAsJsonObject();
      for (JsonElement te : g.getAsJsonArray("tests")) {
        JsonObject t = te.getAsJsonObject();
        total++;
        String result = t.get("result").getAsString();
        switch (result) {
          case "valid" -> valid++;
          case "invalid" -> invalid++;
          default -> acceptable++;
        }
        int tcId = t.get("tcId").getAsInt();
        String comment = t.has("comment") ? t.get("comment").getAsString() : "";
        try {
          c.run(g, t);
          if (result.equals("invalid")) {
            failures.add(tcId + " (accepted invalid: " + comment + ")");
          }
        } catch (HsmException e) {
          rejected++;
          if (result.equals("valid")) {
            failures.add(tcId + " (rejected valid: " + e.getMessage() + ")");
          } else if (result.equals("invalid") && !rightCode.test(e.returnCode())) {
            failures.add(
                tcId
                    + " (rejected with the wrong code "
                    + ReturnCodes.nameOf(e.returnCode())
                    + ": "
                    + e.getMessage()
                    + "; "
                    + comment
                    + ")");
          }
        } catch (Exception | AssertionError e) {
          failures.add(tcId + " (" + e + ")");
        }
      }
    }
    return new Outcome(file, total, valid, invalid, acceptable, rejected, List.copyOf(failures));
  }
}
