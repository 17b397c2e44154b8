package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.ClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one configuration rule, seen by the shell and the provider as processes with their own
 * environment: SELENE_CONF, else $SELENE_HOME/selene.conf, else defaults; never the working
 * directory. Each child runs in a working directory holding a decoy conf/selene.conf, with
 * user.home pointed at a temporary directory so that ~/.selene is never touched.
 */
class ConfigRuleTest {
  private static final String DECOY =
      """
      Devices = {
        Device00 = pcie, 9999999;
      }
      """;
  private static final String IN_HOME =
      """
      Devices = {
        Device00 = usb, 7000321, factory=zeroized;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;

  @TempDir Path tmp;
  private Path workingDir;
  private Path userHome;
  private Path home;

  @BeforeEach
  void layOut() throws IOException {
    workingDir = Files.createDirectories(tmp.resolve("work"));
    Files.createDirectories(workingDir.resolve("conf"));
    Files.writeString(workingDir.resolve("conf/selene.conf"), DECOY);
    Files.writeString(workingDir.resolve("selene.conf"), DECOY);
    userHome = Files.createDirectories(tmp.resolve("user"));
    home = tmp.resolve("home");
  }

  @Test
  void seleneConfWins() throws Exception {
    Path named = tmp.resolve("named.conf");
    Files.writeString(named, IN_HOME.replace("7000321", "7000555"));
    Files.createDirectories(home);
    Files.writeString(home.resolve("selene.conf"), IN_HOME);
    Run r =
        shell(Map.of("SELENE_CONF", named.toString(), "SELENE_HOME", home.toString()), "slot list");
    assertEquals(0, r.code, r.all());
    assertTrue(r.stderr.contains("Configuration: " + named + " (from SELENE_CONF)"), r.all());
    assertTrue(
        r.stderr.contains("Devices: Luna USB HSM 7 7000555 (state in " + home + ")"), r.all());
    assertFalse(r.stdout.contains("9999999") || r.stdout.contains("7000321"), r.all());
  }

  @Test
  void seleneHomeConfWhenSeleneConfIsUnsetAndNeverTheWorkingDirectory() throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("selene.conf"), IN_HOME);
    Run r = shell(Map.of("SELENE_HOME", home.toString()), "slot list");
    assertEquals(0, r.code, r.all());
    assertTrue(
        r.stderr.contains("Configuration: " + home.resolve("selene.conf") + " (in SELENE_HOME)"),
        r.all());
    assertTrue(r.stderr.contains("creating new device usb 7000321"), r.all());
    assertFalse(r.all().contains("9999999"), "the working directory's files are ignored");
  }

  @Test
  void builtInDefaultsWhenNeitherExistsAndSeleneHomeDefaultsToTheUsersDotSelene() throws Exception {
    Run r = shell(Map.of(), "slot list");
    assertEquals(0, r.code, r.all());
    Path dotSelene = userHome.resolve(".selene");
    assertTrue(
        r.stderr.contains(
            "Configuration: built-in defaults (no SELENE_CONF, no"
                + " selene.conf in "
                + dotSelene
                + ")"),
        r.all());
    assertTrue(r.stderr.contains("creating new device usb "), r.all());
    assertTrue(Files.isRegularFile(dotSelene.resolve("default-device-serial")), r.all());
    assertFalse(r.all().contains("9999999"), r.all());
  }

  @Test
  void devicesTheConfigurationDoesNotDeclareAreNamedInAWarning() throws Exception {
    Run demo = shell(Map.of("SELENE_HOME", home.toString()), "slot list");
    assertEquals(0, demo.code, demo.all());
    String defaultSerial = Files.readString(home.resolve("default-device-serial")).strip();
    Files.writeString(home.resolve("selene.conf"), IN_HOME);
    Run later = shell(Map.of("SELENE_HOME", home.toString()), "slot list");
    assertTrue(
        later.stderr.contains(
            "holds devices that "
                + home.resolve("selene.conf")
                + " does not declare: "
                + defaultSerial),
        later.all());
  }

  @Test
  void hagroupEditsTheFileInUse() throws Exception {
    Files.createDirectories(home);
    Path inUse = home.resolve("selene.conf");
    Files.writeString(inUse, IN_HOME);
    Run r = shell(Map.of("SELENE_HOME", home.toString()), "hagroup retry -count 7");
    assertEquals(0, r.code, r.all());
    assertEquals("7", ClientConfig.parse(inUse).get("HAConfiguration", "reconnAtt").orElseThrow());
    assertEquals(DECOY, Files.readString(workingDir.resolve("conf/selene.conf")));
  }

  @Test
  void hagroupWithTheDefaultsInUseWritesSeleneConfInSeleneHome() throws Exception {
    Run r = shell(Map.of("SELENE_HOME", home.toString()), "hagroup interval -interval 90");
    assertEquals(0, r.code, r.all());
    assertEquals(
        "90",
        ClientConfig.parse(home.resolve("selene.conf"))
            .get("HAConfiguration", "AutoReconnectInterval")
            .orElseThrow());
    Run next = shell(Map.of("SELENE_HOME", home.toString()), "slot list");
    assertTrue(next.stderr.contains("Configuration: " + home.resolve("selene.conf")), next.all());
    assertFalse(
        next.stderr.contains("creating new device"), "the same default device: " + next.all());
  }

  @Test
  void clientconfigEditsTheFileSeleneConfNamesAndRefusesABadValue() throws Exception {
    Path named = tmp.resolve("named.conf");
    Files.writeString(named, IN_HOME);
    Map<String, String> env =
        Map.of("SELENE_CONF", named.toString(), "SELENE_HOME", home.toString());
    Run set = shell(env, "clientconfig set -section Luna -key DefaultTimeOut -value 123456");
    assertEquals(0, set.code, set.all());
    assertEquals("123456", ClientConfig.parse(named).get("Luna", "DefaultTimeOut").orElseThrow());

    String before = Files.readString(named);
    Run bad = shell(env, "clientconfig set -section Luna -key DefaultTimeOut -value soon");
    assertEquals(1, bad.code, bad.all());
    assertTrue(bad.stdout.contains("CKR_ARGUMENTS_BAD"), bad.all());
    assertTrue(bad.stdout.contains("DefaultTimeOut"), "the error names the key: " + bad.all());
    assertEquals(before, Files.readString(named), "a refused edit leaves the file as it was");

    Run show = shell(env, "clientconfig show");
    assertTrue(show.stdout.contains("Configuration file: " + named), show.all());
    assertTrue(show.stdout.contains("DefaultTimeOut = 123456;"), show.all());
    assertEquals(DECOY, Files.readString(workingDir.resolve("conf/selene.conf")));
  }

  @Test
  void theProviderFollowsTheSameRule() throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("selene.conf"), IN_HOME);
    Run r = run(Map.of("SELENE_HOME", home.toString()), ProviderConfigProbe.class.getName());
    assertEquals(0, r.code, r.all());
    assertEquals(home.resolve("selene.conf") + " [7000321]", r.stdout.strip(), r.all());
  }

  private record Run(int code, String stdout, String stderr) {
    String all() {
      return stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private Run shell(Map<String, String> env, String command) throws Exception {
    return run(env, SeleneCm.class.getName(), "-c", command);
  }

  private Run run(Map<String, String> env, String mainClass, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + userHome,
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
    Map<String, String> childEnv = pb.environment();
    childEnv.remove("SELENE_CONF");
    childEnv.remove("SELENE_HOME");
    childEnv.putAll(new HashMap<>(env));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the child did not finish: " + Files.readString(err));
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
