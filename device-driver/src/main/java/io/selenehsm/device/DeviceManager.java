package io.selenehsm.device;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.ConfigLocation;
import io.selenehsm.device.config.DeviceDeclaration;
import io.selenehsm.device.config.DeviceKind;
import io.selenehsm.device.config.NetworkDevice;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.PasswordHasher;
import io.selenehsm.firmware.store.MasterKey;
import io.selenehsm.firmware.time.TimeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The driver: opens the emulated devices {@code selene.conf} declares, numbers their slots and
 * closes them again. Devices are registered with {@link DeviceFaults} while the manager is open.
 *
 * <p>Where device state lives: {@code <SELENE_HOME>/devices/<serial>}, or the declaration's {@code
 * home=} (a relative one is taken from SELENE_HOME). SELENE_HOME is the environment variable of
 * that name, else {@code ~/.selene}. A declared device with no state yet is created with a notice,
 * and device directories the configuration does not declare are named in a warning ({@link
 * #open(ClientConfig, Path, Consumer)}). With no {@code Devices} section the driver presents one
 * Luna USB HSM 7 whose serial it generates once and keeps in {@code
 * <SELENE_HOME>/default-device-serial}. A device created for the first time ships in Secure
 * Transport Mode unless declared {@code factory=zeroized}.
 *
 * <p>Design note (sharing): a state directory can be owned by one engine only, so in one JVM every
 * user of the same devices (providers, slot managers, keystores, the shell) takes them from {@link
 * #openShared}: managers are kept per (SELENE_HOME, configuration) with a count of users, guarded
 * by one lock that is held only while opening, counting and closing; the last {@link #close()}
 * powers the devices off. Managers from {@link #open(ClientConfig, Path)} and {@link #inMemory} are
 * private to their caller and close at once. {@link #companion} keeps one object per manager built
 * by an upper layer (its HA groups), closed with the devices.
 */
public final class DeviceManager implements AutoCloseable {
  /** The environment variable naming the directory that holds device state. */
  public static final String HOME_ENV_VAR = ConfigLocation.HOME_ENV_VAR;

  /** Shared managers by where they keep state and what they declare; guarded by itself. */
  private static final Map<SharedKey, DeviceManager> SHARED = new HashMap<>();

  private record SharedKey(Path home, ClientConfig config) {}

  /** Builds the companion object of a manager (for example its HA groups). */
  @FunctionalInterface
  public interface CompanionFactory<T extends AutoCloseable> {
    T create(DeviceManager manager) throws HsmException;
  }

  private final ClientConfig config;
  private final List<Device> devices;
  private final List<AttachedDevices> attached;
  private final SlotTable slots;

  /** The Unix-socket service of {@code Misc ServeDevices}; set once after opening. */
  private AutoCloseable serving;

  /** Set for shared managers; users counted under the SHARED lock. */
  private SharedKey sharedKey;

  private int users;

  /** Guarded by this. */
  private final Map<Class<?>, AutoCloseable> companions = new LinkedHashMap<>();

  private boolean closed;

  private DeviceManager(ClientConfig config, List<Device> devices) {
    this(config, devices, List.of(), List.of());
  }

  private DeviceManager(
      ClientConfig config,
      List<Device> devices,
      List<AttachedDevices> sameHost,
      List<AttachedDevices> network) {
    this.config = config;
    this.devices = List.copyOf(devices);
    List<AttachedDevices> all = new ArrayList<>(sameHost);
    all.addAll(network);
    this.attached = List.copyOf(all);
    this.slots =
        SlotTable.build(
            this.devices, config.presentation(), config.cardReader(), sameHost, network);
    this.devices.forEach(DeviceFaults::register);
  }

  /**
   * Opens durable devices by {@link ConfigLocation}'s rule (SELENE_CONF, else {@code
   * $SELENE_HOME/selene.conf}, else defaults) under SELENE_HOME; notices go to stderr.
   */
  public static DeviceManager open() throws ConfigException, HsmException {
    ConfigLocation location = ConfigLocation.fromEnvironment();
    return open(location.load(), location.seleneHome());
  }

  /**
   * Opens durable devices as {@code config} declares them, with state under {@code seleneHome};
   * devices created now and undeclared devices found there are reported on stderr.
   */
  public static DeviceManager open(ClientConfig config, Path seleneHome) throws HsmException {
    return open(config, seleneHome, DeviceManager::printNotice);
  }

  /**
   * As {@link #open(ClientConfig, Path)}, handing each notice (a device created because the
   * configuration declares it and it had no state; devices on disk the configuration does not
   * declare) to {@code notices} before the devices open.
   */
  public static DeviceManager open(ClientConfig config, Path seleneHome, Consumer<String> notices)
      throws HsmException {
    Objects.requireNonNull(seleneHome, "seleneHome");
    Objects.requireNonNull(notices, "notices");
    Path home = seleneHome.toAbsolutePath();
    Optional<DeviceServiceClient> client = DeviceServiceClient.find();
    if (client.isPresent()) {
      Optional<AttachedDevices> served =
          client.get().attachLocal(home, config, TimeSource.system());
      if (served.isPresent()) {
        return new DeviceManager(config, List.of(), List.of(served.get()), List.of());
      }
    }
    MasterKey master = masterKey(config, System.getenv());
    DeviceManager manager =
        build(
            config,
            TimeSource.system(),
            home,
            declarations ->
                DeviceHomeReport.notices(home, declarations, config.source()).forEach(notices),
            decl ->
                HsmOptions.durable(
                        decl.serial(), model(decl.kind()), DeviceHomeReport.stateDir(home, decl))
                    .withShipZeroized(decl.factoryZeroized())
                    .withMasterKey(master));
    if (config.misc().serveDevices()) {
      manager.serveOn(home);
    }
    return manager;
  }

  /** {@code Misc ServeDevices}: serves this manager's devices on the socket under {@code home}. */
  private void serveOn(Path home) throws HsmException {
    DeviceServiceClient client =
        DeviceServiceClient.find()
            .orElseThrow(
                () -> {
                  close();
                  return new HsmException(
                      Ckr.GENERAL_ERROR,
                      "Misc ServeDevices is on, but selene-server (the device service) is not on"
                          + " the class path");
                });
    try {
      serving = client.serve(this, home);
    } catch (HsmException e) {
      close();
      throw e;
    }
  }

  private static void printNotice(String notice) {
    System.err.println("selene: " + notice);
  }

  /**
   * A manager over the devices a same-host server serves, under the server's slot ids; closing it
   * closes the connection. {@link #open} attaches so by itself when a server holds SELENE_HOME.
   */
  public static DeviceManager attachedTo(ClientConfig config, AttachedDevices served) {
    return new DeviceManager(config, List.of(), List.of(served), List.of());
  }

  /**
   * The devices of {@link ClientConfig#load()} under SELENE_HOME, shared with every other user in
   * this JVM (see {@link #openShared(ClientConfig, Path)}).
   */
  public static DeviceManager openShared() throws ConfigException, HsmException {
    return openShared(ClientConfig.load(), seleneHome(System.getenv()));
  }

  /**
   * The durable devices {@code config} declares under {@code seleneHome}, opened on the first call
   * and shared by every later call with an equal configuration and home, until as many {@link
   * #close()} calls as there were opens.
   */
  public static DeviceManager openShared(ClientConfig config, Path seleneHome) throws HsmException {
    Objects.requireNonNull(config, "config");
    SharedKey key = new SharedKey(seleneHome.toAbsolutePath().normalize(), config);
    synchronized (SHARED) {
      DeviceManager m = SHARED.get(key);
      if (m == null) {
        m = open(config, seleneHome);
        m.sharedKey = key;
        SHARED.put(key, m);
      }
      m.users++;
      return m;
    }
  }

  /** Whether this manager is shared through {@link #openShared}. */
  public boolean isShared() {
    synchronized (SHARED) {
      return sharedKey != null;
    }
  }

  /**
   * The companion of type {@code type}, built by {@code factory} on the first call and closed when
   * the devices close (HA groups over a shared manager are built once for all users).
   */
  public synchronized <T extends AutoCloseable> T companion(
      Class<T> type, CompanionFactory<T> factory) throws HsmException {
    if (closed) {
      throw new HsmException(Ckr.DEVICE_REMOVED, "the devices are closed: " + this);
    }
    AutoCloseable existing = companions.get(type);
    if (existing != null) {
      return type.cast(existing);
    }
    T made = factory.create(this);
    companions.put(type, made);
    return made;
  }

  /**
   * The master key the device KEKs are wrapped under: the file named by {@code
   * SELENE_MASTER_KEY_FILE}, else by {@code Misc MasterKeyFile}; null when neither is set (each KEK
   * then stays in its state directory).
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
    return inMemory(config, TimeSource.system());
  }

  /**
   * In-memory devices on {@code time} (the driver's command timing and the engines' clocks), so
   * tests control when commands overrun, when hangs end and what the devices stamp.
   */
  public static DeviceManager inMemory(ClientConfig config, TimeSource time) throws HsmException {
    return build(
        config,
        time,
        null,
        declarations -> {},
        decl ->
            HsmOptions.inMemory(decl.serial(), model(decl.kind()))
                .withTime(time)
                .withKdfCost(PasswordHasher.Cost.TEST)
                .withShipZeroized(decl.factoryZeroized()));
  }

  /** How one declared device's engine is configured. */
  @FunctionalInterface
  private interface EngineOptions {
    HsmOptions of(DeviceDeclaration declaration);
  }

  private static DeviceManager build(
      ClientConfig config,
      TimeSource time,
      Path home,
      Consumer<List<DeviceDeclaration>> beforeOpening,
      EngineOptions engineOptions)
      throws HsmException {
    Objects.requireNonNull(config, "config");
    List<DeviceDeclaration> declarations =
        config.usesDefaultDevice() ? List.of(DefaultDevice.declaration(home)) : config.devices();
    beforeOpening.accept(declarations);
    CommandTimeouts timeouts = CommandTimeouts.from(config.luna());
    List<Device> opened = new ArrayList<>();
    try {
      for (DeviceDeclaration decl : declarations) {
        Hsm hsm = Hsm.open(engineOptions.of(decl));
        opened.add(new Device(decl.kind(), hsm, timeouts, time));
      }
    } catch (HsmException | RuntimeException e) {
      opened.forEach(Device::close);
      throw e;
    }
    return new DeviceManager(config, opened, List.of(), connectNetworkDevices(config, time));
  }

  /**
   * The network devices {@code config} declares, each connected over mutual TLS. A server that
   * cannot be reached now is reported and left out: its slots appear when this process opens its
   * devices again, while the other devices work meanwhile.
   */
  private static List<AttachedDevices> connectNetworkDevices(ClientConfig config, TimeSource time)
      throws HsmException {
    List<NetworkDevice> declared = config.networkDevices();
    if (declared.isEmpty()) {
      return List.of();
    }
    DeviceServiceClient client =
        DeviceServiceClient.find()
            .orElseThrow(
                () ->
                    new HsmException(
                        Ckr.GENERAL_ERROR,
                        "the configuration declares network devices, but selene-server (the"
                            + " device service's client) is not on the class path"));
    List<AttachedDevices> connected = new ArrayList<>();
    for (NetworkDevice d : declared) {
      try {
        connected.add(client.connect(d.host(), d.port(), config, time));
      } catch (HsmException e) {
        printNotice(d.name() + " (" + d.address() + ") is not reachable now: " + e.getMessage());
      }
    }
    return connected;
  }

  static Path seleneHome(Map<String, String> env) {
    return ConfigLocation.seleneHome(env, Path.of(System.getProperty("user.home")));
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

  /** The devices this process runs, in declaration order (none when attached to a server). */
  public List<Device> devices() {
    return devices;
  }

  /** The devices other processes serve to this one: a same-host server's, network servers'. */
  public List<AttachedDevices> attached() {
    return attached;
  }

  /** Whether this process runs no device of its own but uses a same-host server's. */
  public boolean isAttached() {
    return devices.isEmpty() && !attached.isEmpty();
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

  /**
   * Powers every device off; their slots answer {@code CKR_TOKEN_NOT_PRESENT} from now on. A shared
   * manager only counts one user fewer, and powers off when the last one closes.
   */
  @Override
  public void close() {
    synchronized (SHARED) {
      if (sharedKey != null) {
        if (users <= 0 || --users > 0) {
          return;
        }
        SHARED.remove(sharedKey);
      }
    }
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(companions.values());
      companions.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        // A companion that fails to close must not keep the devices powered on.
      }
    }
    closeQuietly(serving);
    attached.forEach(DeviceManager::closeQuietly);
    for (Device d : devices) {
      DeviceFaults.unregister(d);
      d.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // Closing a connection or a listener must not keep the devices powered on.
    }
  }

  @Override
  public String toString() {
    return attached.isEmpty()
        ? "DeviceManager[" + devices + "]"
        : "DeviceManager["
            + devices
            + ", served: "
            + attached.stream().map(AttachedDevices::describe).toList()
            + "]";
  }
}
