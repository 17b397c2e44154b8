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

/** Where the configuration comes from: SELENE_CONF, else conf/selene.conf, else defaults. */
class ClientConfigLoadTest {
  @TempDir Path dir;

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void envVariableWins() throws Exception {
    write("conf/selene.conf", "Luna = { DefaultTimeOut = 1; }\n");
    Path named = write("elsewhere/my.conf", "Luna = { DefaultTimeOut = 2; }\n");
    ClientConfig c = ClientConfig.load(Map.of(ClientConfig.ENV_VAR, named.toString()), dir);
    assertEquals(Duration.ofMillis(2), c.luna().defaultTimeout());
    assertEquals(named.toString(), c.source());
  }

  @Test
  void relativeEnvPathIsTakenFromTheWorkingDirectory() throws Exception {
    write("elsewhere/my.conf", "Luna = { DefaultTimeOut = 3; }\n");
    ClientConfig c = ClientConfig.load(Map.of(ClientConfig.ENV_VAR, "elsewhere/my.conf"), dir);
    assertEquals(Duration.ofMillis(3), c.luna().defaultTimeout());
  }

  @Test
  void missingFileNamedByEnvIsAnErrorNotASilentFallback() throws Exception {
    write("conf/selene.conf", "Luna = { DefaultTimeOut = 1; }\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ClientConfig.load(Map.of(ClientConfig.ENV_VAR, "nope.conf"), dir));
    assertTrue(e.getMessage().contains("SELENE_CONF"), e.getMessage());
  }

  @Test
  void conventionalPathUnderWorkingDirectory() throws Exception {
    write("conf/selene.conf", "Luna = { DefaultTimeOut = 1; }\n");
    ClientConfig c = ClientConfig.load(Map.of(ClientConfig.ENV_VAR, " "), dir);
    assertEquals(Duration.ofMillis(1), c.luna().defaultTimeout());
  }

  @Test
  void defaultsWhenNothingIsFound() throws Exception {
    ClientConfig c = ClientConfig.load(Map.of(), dir);
    assertEquals(ClientConfig.defaults(), c);
    assertTrue(c.usesDefaultDevice());
  }

  @Test
  void errorsInALoadedFileNameThePath() throws Exception {
    Path file = write("conf/selene.conf", "\nLuna = { Bogus = 1; }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.load(Map.of(), dir));
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
