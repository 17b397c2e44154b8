package io.selenehsm.device;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.DeviceDeclaration;
import io.selenehsm.device.config.DeviceKind;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.store.MasterKey;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.PasswordHasher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The driver: opens the emulated devices {@code selene.conf} declares, numbers their slots and
 * closes them again. Devices are registered with {@link DeviceFaults} while the manager is open.
 *
 * <p>Where device state lives: {@code <SELENE_HOME>/devices/<serial>}, or the declaration's
 * {@code home=} (a relative one is taken from SELENE_HOME). SELENE_HOME is the environment
 * variable of that name, else {@code ~/.selene}. With no {@code Devices} section the driver
 * presents one Luna USB HSM 7 whose serial it generates once and keeps in
 * {@code <SELENE_HOME>/default-device-serial}. A device created for the first time ships in
 * Secure Transport Mode unless declared {@code factory=zeroized}.
 */
public final class DeviceManager implements AutoCloseable {
  /** The environment variable naming the directory that holds device state. */
  public static final String HOME_ENV_VAR = "SELENE_HOME";

  private final ClientConfig config;
  private final List<Device> devices;
  private final SlotTable slots;

  private DeviceManager(ClientConfig config, List<Device> devices) {
    this.config = config;
    this.devices = List.copyOf(devices);
    this.slots = SlotTable.build(this.devices, config.presentation(), config.cardReader());
    this.devices.forEach(DeviceFaults::register);
  }

  /** Opens durable devices from {@link ClientConfig#load()} under SELENE_HOME. */
  public static DeviceManager open() throws ConfigException, HsmException {
    return open(ClientConfig.load(), seleneHome(System.getenv()));
  }

  /** Opens durable devices as {@code config} declares them, with state under {@code seleneHome}. */
  public static DeviceManager open(ClientConfig config, Path seleneHome) throws HsmException {
    Objects.requireNonNull(seleneHome, "seleneHome");
    Path home = seleneHome.toAbsolutePath();
    MasterKey master = masterKey(config, System.getenv());
    return build(config, System::nanoTime, home, decl -> {
      Path dir = decl.home().map(home::resolve)
          .orElse(home.resolve("devices").resolve(decl.serial()));
      return HsmOptions.durable(decl.serial(), model(decl.kind()), dir)
          .withShipZeroized(decl.factoryZeroized()).withMasterKey(master);
    });
  }

  /**
   * The master key the device KEKs are wrapped under: the file named by
   * {@code SELENE_MASTER_KEY_FILE}, else by {@code Misc MasterKeyFile}; null when neither is set
   * (each KEK then stays in its state directory).
   */
  static MasterKey masterKey(ClientConfig config, Map<String, String> env) throws HsmException {
    String named = env.get(MasterKey.ENV_VAR);
    if (named != null && !named.isBlank()) {
      return MasterKey.fromFile(Path.of(named.strip()));
    }
    Optional<String> configured = config.misc().masterKeyFile();
    return configured.isPresent() ? MasterKey.fromFile(Path.of(configured.get())) : null;
  }

  /** In-memory devices with a cheap KDF, for tests: nothing is written anywhere. */
  public static DeviceManager inMemory(ClientConfig config) throws HsmException {
    return inMemory(config, System::nanoTime);
  }

  /**
   * In-memory devices timed by {@code nanoTicker}, so tests control when commands overrun and
   * hangs end.
   */
  public static DeviceManager inMemory(ClientConfig config, LongSupplier nanoTicker)
      throws HsmException {
    return build(config, nanoTicker, null, decl -> HsmOptions.inMemory(decl.serial(),
            model(decl.kind()))
        .withKdfCost(PasswordHasher.Cost.TEST)
        .withShipZeroized(decl.factoryZeroized()));
  }

  /** How one declared device's engine is configured. */
  @FunctionalInterface
  private interface EngineOptions {
    HsmOptions of(DeviceDeclaration declaration);
  }

  private static DeviceManager build(ClientConfig config, LongSupplier ticker, Path home,
      EngineOptions engineOptions) throws HsmException {
    Objects.requireNonNull(config, "config");
    List<DeviceDeclaration> declarations = config.usesDefaultDevice()
        ? List.of(DefaultDevice.declaration(home)) : config.devices();
    CommandTimeouts timeouts = CommandTimeouts.from(config.luna());
    List<Device> opened = new ArrayList<>();
    try {
      for (DeviceDeclaration decl : declarations) {
        Hsm hsm = Hsm.open(engineOptions.of(decl));
        opened.add(new Device(decl.kind(), hsm, timeouts, ticker));
      }
    } catch (HsmException | RuntimeException e) {
      opened.forEach(Device::close);
      throw e;
    }
    return new DeviceManager(config, opened);
  }

  static Path seleneHome(Map<String, String> env) {
    String named = env.get(HOME_ENV_VAR);
    return named != null && !named.isBlank() ? Path.of(named.strip())
        : Path.of(System.getProperty("user.home"), ".selene");
  }

  private static HsmModel model(DeviceKind kind) {
    return switch (kind) {
      case USB -> HsmModel.USB_HSM_7;
      case PCIE -> HsmModel.PCIE_HSM_7;
      case BACKUP -> HsmModel.BACKUP_HSM_7;
    };
  }

  public ClientConfig config() {
    return config;
  }

  /** The devices in declaration order. */
  public List<Device> devices() {
    return devices;
  }

  public Optional<Device> device(String serial) {
    return devices.stream().filter(d -> d.serial().equals(serial)).findFirst();
  }

  public SlotTable slots() {
    return slots;
  }

  /** Any slot by id; unknown ids answer {@code CKR_SLOT_ID_INVALID}. */
  public Slot slot(int id) throws HsmException {
    return slots.slot(id);
  }

  /** Powers every device off; their slots answer {@code CKR_TOKEN_NOT_PRESENT} from now on. */
  @Override
  public void close() {
    for (Device d : devices) {
      DeviceFaults.unregister(d);
      d.close();
    }
  }

  @Override
  public String toString() {
    return "DeviceManager[" + devices + "]";
  }
}
