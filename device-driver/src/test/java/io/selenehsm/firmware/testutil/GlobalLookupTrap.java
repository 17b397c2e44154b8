package io.selenehsm.firmware.testutil;

import java.security.Provider;
import java.security.ProviderException;
import java.util.Optional;
import java.util.Set;

/**
 * A provider that sits at position 1 of the global list and fails any lookup the Selene engine
 * itself makes through that list: the engine must name its software providers by instance, because
 * Selene may be first in the list (a lookup by algorithm would land back on Selene).
 *
 * <p>Only the frame that called into the JCA is judged: lookups the JDK's or Bouncy Castle's own
 * code makes internally (a PSS signature asking for its digest) are theirs, not the engine's. Test
 * code is allowed too (its classes live in {@code test-classes}). For every other lookup the trap
 * offers nothing, so the list behaves as if it were not there.
 */
public final class GlobalLookupTrap extends Provider {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  public GlobalLookupTrap() {
    super("SeleneLookupTrap", "1.0", "fails engine code that resolves algorithms globally");
  }

  @Override
  public Service getService(String type, String algorithm) {
    Optional<Class<?>> caller =
        WALKER.walk(
            frames ->
                frames
                    .map(StackWalker.StackFrame::getDeclaringClass)
                    .filter(c -> c != GlobalLookupTrap.class && !isJcaPlumbing(c.getName()))
                    .findFirst());
    if (caller.isPresent() && isSeleneMainCode(caller.get())) {
      throw new ProviderException(
          caller.get().getName()
              + " looked up "
              + type
              + " "
              + algorithm
              + " through the global provider list; name the provider instead");
    }
    return null;
  }

  @Override
  @SuppressWarnings("UnsynchronizedOverridesSynchronized") // a constant: no state to guard
  public Set<Service> getServices() {
    return Set.of();
  }

  private static boolean isJcaPlumbing(String name) {
    return name.startsWith("java.security.")
        || name.startsWith("javax.crypto.")
        || name.startsWith("sun.security.jca.")
        || name.startsWith("java.lang.")
        || name.startsWith("java.util.");
  }

  private static boolean isSeleneMainCode(Class<?> c) {
    if (!c.getName().startsWith("io.selenehsm.")) {
      return false;
    }
    var source = c.getProtectionDomain().getCodeSource();
    String where =
        source == null || source.getLocation() == null ? "" : source.getLocation().toString();
    return !where.contains("test-classes");
  }
}
