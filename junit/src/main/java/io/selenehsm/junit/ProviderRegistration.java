package io.selenehsm.junit;

import io.selenehsm.provider.SeleneProvider;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;

/**
 * Registers a fixture's provider as "Selene" and undoes it: a provider of that name that was
 * registered before is taken out meanwhile and put back at its old position afterwards.
 *
 * <p>Concurrency: the JCA provider list is one per JVM. Installing and uninstalling lock this class
 * so a look-up and the change it decides happen together; {@link SeleneHsm}'s resource lock keeps
 * two fixtures from overlapping in a parallel run, and uninstalling removes only its own provider,
 * so a test that replaced it is not undone by mistake.
 */
final class ProviderRegistration {
  private final SeleneProvider ours;
  private final Provider previous;
  private final int previousPosition;

  private ProviderRegistration(SeleneProvider ours, Provider previous, int previousPosition) {
    this.ours = ours;
    this.previous = previous;
    this.previousPosition = previousPosition;
  }

  static synchronized ProviderRegistration install(SeleneProvider provider) {
    Provider previous = Security.getProvider(SeleneProvider.NAME);
    int position = -1;
    if (previous != null) {
      List<Provider> all = Arrays.asList(Security.getProviders());
      position = all.indexOf(previous) + 1;
      Security.removeProvider(SeleneProvider.NAME);
    }
    Security.addProvider(provider);
    return new ProviderRegistration(provider, previous, position);
  }

  /** Removes our provider (only if it is still the one registered) and restores the earlier. */
  @SuppressWarnings("ReferenceEquality") // this instance; Provider.equals compares property tables
  void uninstall() {
    synchronized (ProviderRegistration.class) {
      if (Security.getProvider(SeleneProvider.NAME) == ours) {
        Security.removeProvider(SeleneProvider.NAME);
      }
      if (previous != null && Security.getProvider(SeleneProvider.NAME) == null) {
        Security.insertProviderAt(previous, previousPosition);
      }
    }
  }
}
