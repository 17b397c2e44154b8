package io.selenehsm.cm;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.util.List;

/** The driver's slot table as the shell's {@link SlotDirectory}. */
public final class DeviceDirectory implements SlotDirectory, AutoCloseable {
  private final DeviceManager manager;
  private final boolean owner;

  private DeviceDirectory(DeviceManager manager, boolean owner) {
    this.manager = manager;
    this.owner = owner;
  }

  /** Opens the devices SELENE_CONF declares, with state under SELENE_HOME; closed with this. */
  public static DeviceDirectory fromEnvironment() throws ConfigException, HsmException {
    return new DeviceDirectory(DeviceManager.open(), true);
  }

  /** A view of {@code manager}, which the caller keeps open and closes. */
  public static DeviceDirectory over(DeviceManager manager) {
    return new DeviceDirectory(manager, false);
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
