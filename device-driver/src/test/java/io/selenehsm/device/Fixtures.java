package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import io.selenehsm.firmware.role.Role;
import org.junit.jupiter.api.function.Executable;

/** Shared set-up for the driver tests: configurations, device provisioning, code assertions. */
final class Fixtures {
  static final char[] SO_PIN = "so-password-1".toCharArray();
  static final long APP = 42;

  private Fixtures() {}

  static ClientConfig config(String text) {
    try {
      return ClientConfig.parse(text, "test selene.conf");
    } catch (ConfigException e) {
      throw new AssertionError("the test's configuration does not parse", e);
    }
  }

  /**
   * Takes a shipped device out of Secure Transport Mode, initializes it and logs the HSM SO in on a
   * new admin session, which it returns.
   */
  static long initializeAndLogIn(DeviceSlot admin) throws HsmException {
    long session = admin.openSession(APP, true);
    if (admin.device().read(h -> h.isInTransportMode())) {
      admin.stmRecover(session, "1234-5678-9ABC-DEF0");
    }
    admin.initHsm(session, "selene-test", SO_PIN, "testdomain", null);
    admin.login(session, Role.HSM_SO, SO_PIN);
    return session;
  }

  static HsmException assertCode(long expected, Executable call) {
    HsmException e = assertThrows(HsmException.class, call);
    assertEquals(ReturnCodes.nameOf(expected), e.codeName(), e.getMessage());
    return e;
  }
}
