package io.selenehsm.provider;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.provider.internal.SeleneContext;

/**
 * The JVM-wide hook behind default-configured providers ({@code new SeleneProvider()}) and {@link
 * SlotManager#getInstance()}: they share one login over the devices of SELENE_CONF / SELENE_HOME,
 * which a JVM cannot change for itself. Tests (which surefire runs in one JVM) and embedding
 * applications use this class instead:
 *
 * <pre>{@code
 * DefaultDevices.use(DeviceManager.inMemory(config));  // before the code under test runs
 * ... SlotManager.getInstance().login(...); Security.insertProviderAt(new SeleneProvider(), 3);
 * DefaultDevices.reset();                              // after it; then close the devices
 * }</pre>
 *
 * <p>Both methods end the current shared login at once (sessions close, session keys are
 * destroyed). Providers made before keep working on a login of their own afterwards, so a test also
 * removes the providers it installed.
 */
public final class DefaultDevices {
  private DefaultDevices() {}

  /**
   * From now on default-configured providers and the JVM-wide slot manager work on {@code devices},
   * which the caller keeps open and closes after {@link #reset()}.
   */
  public static void use(DeviceManager devices) {
    SeleneContext.useDefaultDevices(devices);
  }

  /** Back to the devices of SELENE_CONF / SELENE_HOME, with a fresh JVM-wide login. */
  public static void reset() {
    SeleneContext.resetDefault();
  }
}
