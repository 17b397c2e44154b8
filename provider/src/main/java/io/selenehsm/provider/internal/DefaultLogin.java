package io.selenehsm.provider.internal;

import java.util.function.Supplier;

/**
 * The login {@code SlotManager.getInstance()} serves, for the vendor-style static look-ups below
 * the provider package ({@code SeleneKey.locateKeyByAlias}). {@code SlotManager} installs its
 * choice when it is initialised, so the key package needs no dependency on it.
 *
 * <p>Concurrency: one write, under the class lock, while {@code SlotManager} is initialised; reads
 * of a volatile field after that. A caller that comes first initialises {@code SlotManager} by
 * name.
 */
public final class DefaultLogin {
  private static final String SLOT_MANAGER = "io.selenehsm.provider.SlotManager";

  private static volatile Supplier<SeleneContext> choice;

  private DefaultLogin() {}

  /** Called once, by {@code SlotManager}; a second installation is refused. */
  public static void install(Supplier<SeleneContext> slotManagerContext) {
    synchronized (DefaultLogin.class) {
      if (choice != null) {
        throw new IllegalStateException("the default login is already installed");
      }
      choice = slotManagerContext;
    }
  }

  /** The context of the slot manager {@code SlotManager.getInstance()} returns now. */
  public static SeleneContext context() {
    Supplier<SeleneContext> c = choice;
    if (c == null) {
      try {
        Class.forName(SLOT_MANAGER, true, DefaultLogin.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the provider's SlotManager is missing", e);
      }
      c = choice;
    }
    return c.get();
  }
}
