package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The rule over every combination of what can be there: SELENE_CONF set or not (absolute or
 * relative), SELENE_HOME set or not, a selene.conf in SELENE_HOME or ~/.selene or not, decoy files
 * in the working directory or not. The choice always follows the rule's order and never lands in
 * the working directory unless SELENE_CONF names a file there.
 */
class ConfigLocationPropertiesTest {
  @Property(tries = 200)
  void theChoiceFollowsTheRuleAndNeverTheWorkingDirectory(
      @ForAll boolean confSet,
      @ForAll boolean confRelative,
      @ForAll boolean homeSet,
      @ForAll boolean fileInHome,
      @ForAll boolean decoysInWorkingDir)
      throws Exception {
    Path root = Files.createTempDirectory("config-location-");
    try {
      Path work = Files.createDirectories(root.resolve("work"));
      Path userHome = Files.createDirectories(root.resolve("user"));
      Path home = homeSet ? root.resolve("home") : userHome.resolve(".selene");
      Files.createDirectories(home);
      if (fileInHome) {
        Files.writeString(home.resolve("selene.conf"), "Luna = { DefaultTimeOut = 2; }\n");
      }
      if (decoysInWorkingDir) {
        Files.createDirectories(work.resolve("conf"));
        Files.writeString(work.resolve("conf/selene.conf"), "Luna = { DefaultTimeOut = 3; }\n");
        Files.writeString(work.resolve("selene.conf"), "Luna = { DefaultTimeOut = 3; }\n");
      }
      Path named =
          Files.writeString(root.resolve("named.conf"), "Luna = { DefaultTimeOut = 1; }\n");
      Map<String, String> env = new HashMap<>();
      if (confSet) {
        env.put(ClientConfig.ENV_VAR, confRelative ? "../named.conf" : named.toString());
      }
      if (homeSet) {
        env.put(ConfigLocation.HOME_ENV_VAR, home.toString());
      }

      ConfigLocation where = ConfigLocation.resolve(env, work, userHome);
      Optional<Path> expected =
          confSet
              ? Optional.of(named.toAbsolutePath().normalize())
              : fileInHome
                  ? Optional.of(home.resolve("selene.conf").toAbsolutePath().normalize())
                  : Optional.empty();
      assertEquals(expected, where.file());
      assertEquals(home.toAbsolutePath().normalize(), where.seleneHome());
      assertEquals(
          confSet
              ? ConfigLocation.Origin.SELENE_CONF
              : fileInHome ? ConfigLocation.Origin.SELENE_HOME : ConfigLocation.Origin.BUILT_IN,
          where.origin());
      assertFalse(where.fileToWrite().startsWith(work), "edits never go to the working dir");
      long timeout = where.load().luna().defaultTimeout().toMillis();
      assertEquals(
          confSet ? 1 : fileInHome ? 2 : ClientConfig.defaults().luna().defaultTimeout().toMillis(),
          timeout);
    } finally {
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
