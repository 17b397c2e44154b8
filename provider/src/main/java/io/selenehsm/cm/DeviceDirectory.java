package io.selenehsm.cm;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.ConfigLocation;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/** The driver's slot table as the shell's {@link SlotDirectory}. */
public final class DeviceDirectory implements SlotDirectory, AutoCloseable {
  private final DeviceManager manager;
  private final boolean owner;
  private final Path configFile;
  private final Path seleneHome;
  private final List<String> banner;

  private DeviceDirectory(
      DeviceManager manager, boolean owner, Path configFile, Path seleneHome, List<String> banner) {
    this.manager = manager;
    this.owner = owner;
    this.configFile = configFile;
    this.seleneHome = seleneHome;
    this.banner = List.copyOf(banner);
  }

  private DeviceDirectory(DeviceManager manager, boolean owner, Path configFile) {
    this(manager, owner, configFile, null, List.of());
  }

  /**
   * Opens the devices of the configuration in use ({@link ConfigLocation}: SELENE_CONF, else {@code
   * $SELENE_HOME/selene.conf}, else defaults) with state under SELENE_HOME, shared with the
   * providers of this JVM; closing this releases them. {@code hagroup} edits go to the file in use,
   * else to {@code $SELENE_HOME/selene.conf}.
   */
  public static DeviceDirectory fromEnvironment() throws ConfigException, HsmException {
    return open(ConfigLocation.fromEnvironment());
  }

  /** Opens the devices {@code location} names; closed with this. */
  public static DeviceDirectory open(ConfigLocation location) throws ConfigException, HsmException {
    // Shared with the providers of this JVM: the shell and an application see one device.
    DeviceManager manager = DeviceManager.openShared(location.load(), location.seleneHome());
    return new DeviceDirectory(
        manager, true, location.fileToWrite(), location.seleneHome(), banner(location, manager));
  }

  /** "Configuration: ..." and "Devices: ..." as the shell and the demo print them. */
  public static List<String> banner(ConfigLocation location, DeviceManager manager) {
    StringJoiner devices = new StringJoiner(", ");
    for (Device d : manager.devices()) {
      devices.add(d.model().displayName() + " " + d.serial());
    }
    for (AttachedDevices served : manager.attached()) {
      devices.add(served.deviceSerials() + " served by " + served.describe());
    }
    return List.of(
        "Configuration: " + location.describe(),
        "Devices: " + devices + " (state in " + location.seleneHome() + ")");
  }

  @Override
  public List<String> banner() {
    return banner;
  }

  @Override
  public List<AttachedDevices> served() {
    return manager.attached();
  }

  /** A view of {@code manager}, which the caller keeps open and closes. */
  public static DeviceDirectory over(DeviceManager manager) {
    return new DeviceDirectory(manager, false, null);
  }

  /** As {@link #over(DeviceManager)}, with the {@code selene.conf} hagroup commands edit. */
  public static DeviceDirectory over(DeviceManager manager, Path configFile) {
    return new DeviceDirectory(manager, false, configFile);
  }

  /**
   * As {@link #over(DeviceManager, Path)}, with the SELENE_HOME whose device service's registry
   * {@code client} commands edit and where {@code clientconfig deploy} writes certificates.
   */
  public static DeviceDirectory over(DeviceManager manager, Path configFile, Path seleneHome) {
    return new DeviceDirectory(manager, false, configFile, seleneHome, List.of());
  }

  @Override
  public Optional<Path> seleneHome() {
    return Optional.ofNullable(seleneHome);
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
    Path dir =
        home != null && !home.isBlank()
            ? Path.of(home.strip())
            : Path.of(System.getProperty("user.home"), ".selene");
    return dir.resolve("selenecm_history");
  }
}
