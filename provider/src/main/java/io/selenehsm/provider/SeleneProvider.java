package io.selenehsm.provider;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.spi.ServiceTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidParameterException;
import java.security.Provider;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * The Selene JCA/JCE provider ("Selene"). Every service works on keys held in an emulated HSM
 * partition.
 *
 * <p>The no-arg constructor (used by {@code Security.addProvider}, the {@code java.security} file,
 * {@code ServiceLoader} and {@code keytool -addprovider Selene}) gives a default-configured
 * provider: every such instance in the JVM, and {@link SlotManager#getInstance()}, share one set of
 * sessions, one login and one set of key defaults over the devices of SELENE_CONF / SELENE_HOME
 * (opened on first use, once per JVM). So an application may log in through {@code
 * SlotManager.getInstance()} before or after it registers the provider, as with the vendor's
 * provider. {@link DefaultDevices} points them at other devices (for tests).
 *
 * <p>{@link #configure} gives a provider over the devices of another selene.conf and {@link #over}
 * one over devices the caller opened; each of those has its own sessions, login and key defaults.
 * Devices are shared by every user of the same state in the JVM whatever the provider kind: only
 * the login differs.
 */
public final class SeleneProvider extends Provider {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "Selene";
  private static final String INFO =
      "Selene HSM provider (keys held in an emulated Luna-7-class" + " HSM partition)";

  private final transient SeleneContext context;
  private final transient SlotManager slotManager;
  private final String configuredFrom;

  /**
   * A default-configured provider: the JVM's shared login and sessions over the devices of the
   * configuration in use: SELENE_CONF, else {@code $SELENE_HOME/selene.conf}, else built-in
   * defaults (never the working directory).
   */
  public SeleneProvider() {
    this(SeleneContext.jvmDefault(), null);
  }

  private SeleneProvider(SeleneContext context, String configuredFrom) {
    super(NAME, version(), INFO + (configuredFrom == null ? "" : "; " + configuredFrom));
    this.context = context;
    this.configuredFrom = configuredFrom;
    this.slotManager = new SlotManager(context);
    ServiceTable.register(
        this, context, this::putService, SeleneKeyStore.class, SeleneKeyStore::new);
  }

  /** Whether this provider shares the JVM's default login ({@code new SeleneProvider()}). */
  public boolean isDefaultConfigured() {
    return configuredFrom == null;
  }

  /**
   * A new provider over the devices the selene.conf at {@code configArg} declares (device state
   * under SELENE_HOME).
   */
  @Override
  public Provider configure(String configArg) {
    Objects.requireNonNull(configArg, "configArg");
    Path path = Path.of(configArg.strip());
    if (!Files.isRegularFile(path)) {
      throw new InvalidParameterException(
          "Selene configuration " + path + " does not exist or is not a regular file");
    }
    return new SeleneProvider(SeleneContext.fromConfig(path), "configured from " + path);
  }

  @Override
  public boolean isConfigured() {
    return true;
  }

  /** A provider over devices the caller opened (and closes); sessions idle 3 minutes close. */
  public static SeleneProvider over(DeviceManager devices) {
    return over(devices, TimeSource.system(), SeleneContext.DEFAULT_IDLE);
  }

  /** As {@link #over(DeviceManager)}, timing idle sessions on {@code time}. */
  public static SeleneProvider over(
      DeviceManager devices, TimeSource time, Duration sessionIdleTimeout) {
    return new SeleneProvider(
        SeleneContext.over(devices, time, sessionIdleTimeout), "over " + devices);
  }

  /** This provider's slot manager (login, slots, key defaults). */
  public SlotManager getSlotManager() {
    return slotManager;
  }

  /**
   * The Cryptoki application id of this provider's sessions: they share its login and see its
   * session objects (for diagnostics and tests).
   */
  public long applicationId() {
    return context.appId();
  }

  /** The provider's devices (opened now if they were not yet). */
  public DeviceManager deviceManager() {
    return context.devices();
  }

  SeleneContext context() {
    return context;
  }

  /**
   * Releases this provider: a configured one closes its sessions, and its devices when it opened
   * them; a default-configured one counts one user fewer of the JVM's shared login, which ends when
   * the last user closes.
   */
  public void close() {
    context.close();
  }

  private static String version() {
    try (InputStream in = SeleneProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isEmpty() && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // Fall through to the package metadata.
    }
    String v = SeleneProvider.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1";
  }
}
