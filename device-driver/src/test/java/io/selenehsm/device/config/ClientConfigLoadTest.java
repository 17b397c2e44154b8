package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the configuration comes from: SELENE_CONF, else $SELENE_HOME/selene.conf, else defaults;
 * never the working directory. {@code dir} is the working directory, {@code home} SELENE_HOME.
 */
class ClientConfigLoadTest {
  @TempDir Path dir;
  @TempDir Path home;

  private Map<String, String> env() {
    return Map.of(ConfigLocation.HOME_ENV_VAR, home.toString());
  }

  private Map<String, String> env(String seleneConf) {
    return Map.of(ConfigLocation.HOME_ENV_VAR, home.toString(), ClientConfig.ENV_VAR, seleneConf);
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void envVariableWins() throws Exception {
    write("conf/selene.conf", "Luna = { DefaultTimeOut = 1; }\n");
    Path named = write("elsewhere/my.conf", "Luna = { DefaultTimeOut = 2; }\n");
    Files.writeString(home.resolve("selene.conf"), "Luna = { DefaultTimeOut = 4; }\n");
    ClientConfig c = ClientConfig.load(env(named.toString()), dir);
    assertEquals(Duration.ofMillis(2), c.luna().defaultTimeout());
    assertEquals(named.toString(), c.source());
  }

  @Test
  void relativeEnvPathIsTakenFromTheWorkingDirectory() throws Exception {
    write("elsewhere/my.conf", "Luna = { DefaultTimeOut = 3; }\n");
    ClientConfig c = ClientConfig.load(env("elsewhere/my.conf"), dir);
    assertEquals(Duration.ofMillis(3), c.luna().defaultTimeout());
  }

  @Test
  void missingFileNamedByEnvIsAnErrorNotASilentFallback() throws Exception {
    Files.writeString(home.resolve("selene.conf"), "Luna = { DefaultTimeOut = 1; }\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ClientConfig.load(env("nope.conf"), dir));
    assertTrue(e.getMessage().contains("SELENE_CONF"), e.getMessage());
  }

  @Test
  void seleneConfInSeleneHomeWhenTheVariableIsUnsetOrBlank() throws Exception {
    Path file = home.resolve("selene.conf");
    Files.writeString(file, "Luna = { DefaultTimeOut = 1; }\n");
    ClientConfig c = ClientConfig.load(env(" "), dir);
    assertEquals(Duration.ofMillis(1), c.luna().defaultTimeout());
    ConfigLocation where = ConfigLocation.resolve(env(), dir, dir);
    assertEquals(ConfigLocation.Origin.SELENE_HOME, where.origin());
    assertEquals(file.toAbsolutePath().normalize(), where.file().orElseThrow());
    assertEquals(where.file().orElseThrow(), where.fileToWrite());
  }

  @Test
  void theWorkingDirectoryIsNeverSearched() throws Exception {
    write("conf/selene.conf", "Luna = { DefaultTimeOut = 1; }\n");
    write("selene.conf", "Luna = { DefaultTimeOut = 1; }\n");
    ClientConfig c = ClientConfig.load(env(), dir);
    assertEquals(ClientConfig.defaults(), c, "files in the working directory are not read");
  }

  @Test
  void withoutSeleneHomeTheUsersDotSeleneIsSearched() throws Exception {
    Path userHome = dir.resolve("user");
    Path file = userHome.resolve(".selene").resolve("selene.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "Luna = { DefaultTimeOut = 5; }\n");
    ConfigLocation where = ConfigLocation.resolve(Map.of(), dir, userHome);
    assertEquals(file.toAbsolutePath().normalize(), where.file().orElseThrow());
    assertEquals(Duration.ofMillis(5), where.load().luna().defaultTimeout());
  }

  @Test
  void defaultsWhenNothingIsFound() throws Exception {
    ClientConfig c = ClientConfig.load(env(), dir);
    assertEquals(ClientConfig.defaults(), c);
    assertTrue(c.usesDefaultDevice());
    ConfigLocation where = ConfigLocation.resolve(env(), dir, dir);
    assertEquals(ConfigLocation.Origin.BUILT_IN, where.origin());
    assertTrue(where.file().isEmpty());
    assertEquals(
        home.toAbsolutePath().normalize().resolve("selene.conf"),
        where.fileToWrite(),
        "an edit made with the defaults in use goes where the next process will look");
    assertTrue(where.describe().startsWith("built-in defaults"), where.describe());
  }

  @Test
  void errorsInALoadedFileNameThePath() throws Exception {
    Path file = home.resolve("selene.conf").toAbsolutePath().normalize();
    Files.writeString(file, "\nLuna = { Bogus = 1; }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.load(env(), dir));
    assertEquals(file + " line 2: unknown key 'Bogus' in section Luna", e.getMessage());
  }

  @Test
  void invalidUtf8IsAConfigError() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.write(file, new byte[] {'L', 'u', (byte) 0xC3, '(', '\n'});
    ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.parse(file));
    assertEquals(0, e.line());
  }
}
