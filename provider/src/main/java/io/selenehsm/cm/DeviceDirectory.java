package io.selenehsm.cm;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The driver's slot table as the shell's {@link SlotDirectory}. */
public final class DeviceDirectory implements SlotDirectory, AutoCloseable {
  private final DeviceManager manager;
  private final boolean owner;
  private final Path configFile;

  private DeviceDirectory(DeviceManager manager, boolean owner, Path configFile) {
    this.manager = manager;
    this.owner = owner;
    this.configFile = configFile;
  }

  /**
   * The devices SELENE_CONF declares, with state under SELENE_HOME, shared with the providers of
   * this JVM; closing this releases them.
   */
  public static DeviceDirectory fromEnvironment() throws ConfigException, HsmException {
    return new DeviceDirectory(DeviceManager.openShared(), true, configPath());
  }

  /** A view of {@code manager}, which the caller keeps open and closes. */
  public static DeviceDirectory over(DeviceManager manager) {
    return new DeviceDirectory(manager, false, null);
  }

  /** As {@link #over(DeviceManager)}, with the {@code selene.conf} hagroup commands edit. */
  public static DeviceDirectory over(DeviceManager manager, Path configFile) {
    return new DeviceDirectory(manager, false, configFile);
  }

  /** The file {@link ClientConfig#load()} reads, when it reads one. */
  private static Path configPath() {
    String named = System.getenv(ClientConfig.ENV_VAR);
    Path cwd = Path.of("").toAbsolutePath();
    if (named != null && !named.isBlank()) {
      return cwd.resolve(named.strip());
    }
    Path conventional = cwd.resolve(ClientConfig.DEFAULT_PATH);
    return Files.isRegularFile(conventional) ? conventional : null;
  }

  @Override
  public Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  @Override
  public List<SlotInfo> list() {
    return manager.slots().list();
  }

  @Override
  public Slot slot(int id) throws HsmException {
    return manager.slot(id);
  }

  @Override
  public void close() {
    if (owner) {
      manager.close();
    }
  }

  /** Where the interactive shell keeps its history: beside the device state. */
  static Path historyFile() {
    String home = System.getenv(DeviceManager.HOME_ENV_VAR);
    Path dir = home != null && !home.isBlank() ? Path.of(home.strip())
        : Path.of(System.getProperty("user.home"), ".selene");
    return dir.resolve("selenecm_history");
  }
}
