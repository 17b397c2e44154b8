package io.selenehsm.firmware.testutil;

import java.security.Security;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link GlobalLookupTrap} at position 1 for a whole test run when the system property
 * {@code selene.test.trapGlobalLookups} is true (the build's {@code provider-first} execution
 * re-runs the engine suites this way); does nothing otherwise.
 */
public final class GlobalLookupTrapListener implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (Boolean.getBoolean("selene.test.trapGlobalLookups")
        && Security.getProvider("SeleneLookupTrap") == null) {
      Security.insertProviderAt(new GlobalLookupTrap(), 1);
    }
  }
}
