package io.selenehsm.device.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which {@code selene.conf} is in use and where device state lives: the one rule the provider, the
 * shell, the demo, keytool and the device service share.
 *
 * <ol>
 *   <li>the file {@value ClientConfig#ENV_VAR} names, if set (it must exist; a relative path is
 *       taken from the working directory, as any path typed on a command line);
 *   <li>else {@code $SELENE_HOME/selene.conf}, if that file exists;
 *   <li>else the built-in defaults (one USB HSM 7).
 * </ol>
 *
 * The current folder is never searched: a program must find the same devices whichever folder it is
 * started from. SELENE_HOME is the environment variable of that name, else {@code ~/.selene}.
 */
public final class ConfigLocation {
  /** The environment variable naming the directory that holds device state. */
  public static final String HOME_ENV_VAR = "SELENE_HOME";

  /** The configuration file's name under SELENE_HOME. */
  public static final String FILE_NAME = "selene.conf";

  /** Why this configuration was chosen. */
  public enum Origin {
    SELENE_CONF,
    SELENE_HOME,
    BUILT_IN
  }

  private final Path file;
  private final Path seleneHome;
  private final Origin origin;

  private ConfigLocation(Path file, Path seleneHome, Origin origin) {
    this.file = file;
    this.seleneHome = seleneHome;
    this.origin = origin;
  }

  /** The rule applied to this process's environment, working directory and user home. */
  public static ConfigLocation fromEnvironment() throws ConfigException {
    return resolve(
        System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
  }

  /**
   * The rule applied to {@code env}; {@code workingDir} only resolves a relative {@value
   * ClientConfig#ENV_VAR}; {@code userHome} holds {@code .selene} when SELENE_HOME is unset. A
   * {@value ClientConfig#ENV_VAR} naming no file is an error, never a fallback.
   */
  public static ConfigLocation resolve(Map<String, String> env, Path workingDir, Path userHome)
      throws ConfigException {
    Path home = seleneHome(env, userHome);
    String named = env.get(ClientConfig.ENV_VAR);
    if (named != null && !named.isBlank()) {
      Path path = workingDir.resolve(named.strip()).toAbsolutePath().normalize();
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(
            path.toString(),
            ClientConfig.ENV_VAR
                + " names this file, but it does not exist or is not a regular file",
            null);
      }
      return new ConfigLocation(path, home, Origin.SELENE_CONF);
    }
    Path inHome = home.resolve(FILE_NAME);
    return Files.isRegularFile(inHome)
        ? new ConfigLocation(inHome, home, Origin.SELENE_HOME)
        : new ConfigLocation(null, home, Origin.BUILT_IN);
  }

  /** SELENE_HOME from {@code env}, else {@code <userHome>/.selene}; absolute. */
  public static Path seleneHome(Map<String, String> env, Path userHome) {
    String named = env.get(HOME_ENV_VAR);
    Path home =
        named != null && !named.isBlank() ? Path.of(named.strip()) : userHome.resolve(".selene");
    return home.toAbsolutePath().normalize();
  }

  /** The file in use; empty with the built-in defaults. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  public Path seleneHome() {
    return seleneHome;
  }

  public Origin origin() {
    return origin;
  }

  /**
   * Where an edit of the configuration is written: the file in use, else {@code
   * $SELENE_HOME/selene.conf}, which the next process then finds by the same rule.
   */
  public Path fileToWrite() {
    return file != null ? file : seleneHome.resolve(FILE_NAME);
  }

  /** Reads the configuration this location names. */
  public ClientConfig load() throws ConfigException {
    return file == null ? ClientConfig.defaults() : ClientConfig.parse(file);
  }

  /** One line for banners: which file, and why. */
  public String describe() {
    return switch (origin) {
      case SELENE_CONF -> file + " (from " + ClientConfig.ENV_VAR + ")";
      case SELENE_HOME -> file + " (in " + HOME_ENV_VAR + ")";
      case BUILT_IN ->
          "built-in defaults (no "
              + ClientConfig.ENV_VAR
              + ", no "
              + FILE_NAME
              + " in "
              + seleneHome
              + ")";
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigLocation other
        && Objects.equals(file, other.file)
        && seleneHome.equals(other.seleneHome)
        && origin == other.origin;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, seleneHome, origin);
  }

  @Override
  public String toString() {
    return "ConfigLocation[" + describe() + ", SELENE_HOME " + seleneHome + "]";
  }
}
