package io.selenehsm.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds a separate Maven project, as a user writes it, against the Selene artifacts in the local
 * repository (`mvn install`, which ./test runs, puts this build's artifacts there before this
 * module runs). The consumer's enforcer checks dependency convergence and upper bounds; its tests
 * sign, persist and reload a key.
 *
 * <p>The consumer also depends on selene-junit and runs an {@code @SeleneHsm} test ({@code
 * -Dconsumer.it.junit=false} leaves the fixture out).
 */
class ConsumerBuildIT {
  private static final String VERSION = System.getProperty("selene.version");
  private static final boolean WITH_FIXTURE = Boolean.getBoolean("consumer.it.junit");
  private static final Path REPO = Path.of(System.getProperty("consumer.localRepository"));
  private static final Path ROOT = Path.of(System.getProperty("consumer.reactorRoot"));
  private static final Path WORK = Path.of(System.getProperty("consumer.workDir"));

  @BeforeAll
  static void theLocalRepositoryHoldsThisBuild() throws Exception {
    // Stale SNAPSHOTs from an earlier install would make this test check old artifacts.
    Path built = ROOT.resolve("provider/target/selene-provider-" + VERSION + ".jar");
    Path installed =
        REPO.resolve(
            "io/selenehsm/selene-provider/" + VERSION + "/selene-provider-" + VERSION + ".jar");
    assertTrue(
        Files.isRegularFile(built)
            && Files.isRegularFile(installed)
            && sha256(built).equals(sha256(installed)),
        "the local repository "
            + REPO
            + " does not hold this build's selene-provider; run"
            + " `mvn install` (./test) so the consumer project resolves the artifacts just built");
  }

  @Test
  void aConsumerWithTheBomBuildsAndPassesItsHsmTests() throws Exception {
    Path project = consumer("with-bom", bomImport(), "", "");
    Result r = maven(project, "verify");
    assertEquals(0, r.exitCode(), "consumer build failed:\n" + r.tail());
    assertTrue(r.log().contains("maven-enforcer-plugin:3.6.1:enforce (converge)"), r.tail());
    int tests = WITH_FIXTURE ? 2 : 1;
    assertTrue(
        r.log().contains("Tests run: " + tests + ", Failures: 0, Errors: 0, Skipped: 0"),
        "expected " + tests + " consumer tests to pass:\n" + r.tail());
  }

  @Test
  void withoutTheBomTheTreeStillConverges() throws Exception {
    // Only the enforcer's rules (validate phase): the poms alone must pin one version of each
    // library, whatever a user's build resolves (bcutil beside bcprov, slf4j, annotations).
    Path project =
        consumer("without-bom", "", version(VERSION), version(System.getProperty("junit.version")));
    Result r = maven(project, "validate");
    assertEquals(0, r.exitCode(), "the dependency tree does not converge:\n" + r.tail());
  }

  private static String bomImport() {
    return """
    <dependency>
      <groupId>io.selenehsm</groupId>
      <artifactId>selene-bom</artifactId>
      <version>%s</version>
      <type>pom</type>
      <scope>import</scope>
    </dependency>\
    """
        .formatted(VERSION);
  }

  private static String version(String v) {
    return "      <version>" + v + "</version>";
  }

  /** Copies the template project, filling in the BOM import, versions and the fixture. */
  private static Path consumer(String name, String bom, String seleneVersion, String junitVersion)
      throws IOException {
    Path dir = WORK.resolve(name);
    deleteTree(dir);
    Path template = Path.of("src/it/consumer");
    List<Path> files;
    try (Stream<Path> s = Files.walk(template)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String rel = template.relativize(f).toString();
      if (rel.endsWith(".fixture")) {
        if (!WITH_FIXTURE) {
          continue;
        }
        rel = rel.substring(0, rel.length() - ".fixture".length());
      }
      Path target = dir.resolve(rel);
      Files.createDirectories(target.getParent());
      Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Path pom = dir.resolve("pom.xml");
    String fixture =
        !WITH_FIXTURE
            ? ""
            : """
                <dependency>
                  <groupId>io.selenehsm</groupId>
                  <artifactId>selene-junit</artifactId>
            %s
                  <scope>test</scope>
                </dependency>\
            """
                .formatted(seleneVersion);
    Files.writeString(
        pom,
        Files.readString(pom)
            .replace("<!--@BOM@-->", bom)
            .replace("<!--@SELENE_VERSION@-->", seleneVersion)
            .replace("<!--@JUNIT_VERSION@-->", junitVersion)
            .replace("<!--@JUNIT_FIXTURE@-->", fixture));
    return dir;
  }

  private record Result(int exitCode, String log) {
    String tail() {
      String[] lines = log.split("\n");
      return String.join(
          "\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }
  }

  /** Runs Maven offline on the consumer with this build's JDK and local repository. */
  private static Result maven(Path project, String phase) throws Exception {
    Path mvn = Path.of(System.getProperty("consumer.mavenHome"), "bin", "mvn");
    List<String> cmd =
        new ArrayList<>(
            List.of(mvn.toString(), "-B", "-ntp", "-o", "-Dmaven.repo.local=" + REPO, phase));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_ARGS");
    Path log = project.resolve("build.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the consumer build did not finish in 10 minutes");
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
