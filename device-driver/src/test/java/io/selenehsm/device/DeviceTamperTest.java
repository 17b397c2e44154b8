package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.APP;
import static io.selenehsm.device.Fixtures.assertCode;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.rc.Ckr;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Tamper events injected through the driver: halt, report, recovery by restart. */
class DeviceTamperTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 4455667, factory=zeroized;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;

  @Test
  void aTamperHaltsTheDeviceUntilItRestarts() throws Exception {
    try (DeviceManager m = DeviceManager.inMemory(Fixtures.config(CONF))) {
      DeviceSlot admin =
          (DeviceSlot)
              m.slots().list().stream()
                  .map(
                      i -> {
                        try {
                          return m.slot(i.slotId());
                        } catch (io.selenehsm.firmware.rc.HsmException e) {
                          throw new AssertionError(e);
                        }
                      })
                  .filter(s -> s.info().kind() == SlotInfo.Kind.ADMIN)
                  .findFirst()
                  .orElseThrow();
      long session = Fixtures.initializeAndLogIn(admin);
      assertNull(admin.lastTamper());

      DeviceFaults.tamper("4455667", TamperKind.UNDER_VOLTAGE);
      assertCode(Ckr.DEVICE_ERROR, () -> admin.openSession(APP, true));
      // while halted every command answers the halt, whatever session it names
      assertCode(Ckr.DEVICE_ERROR, () -> admin.createPartition(session, 0, 0));
      assertTrue(admin.lastTamper().startsWith("under voltage at "), admin.lastTamper());
      assertTrue(admin.hsmInfo().status().toLowerCase(Locale.ROOT).contains("tamper"));
      assertTrue(
          admin.device().read(h -> h.audit().bufferedRecords()).stream()
              .anyMatch(r -> r.event() == AuditEvent.TAMPER));

      admin.restart();
      admin.openSession(APP, true);
      assertTrue(
          !admin.hsmInfo().status().toLowerCase(Locale.ROOT).contains("tamper"),
          admin.hsmInfo().status());
      assertCode(Ckr.SESSION_HANDLE_INVALID, () -> admin.sessionInfo(session));
    }
  }

  @Test
  void tamperingAnUnknownSerialIsAnError() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> DeviceFaults.tamper("no-such-serial", TamperKind.OVER_TEMPERATURE));
    assertTrue(e.getMessage().contains("no-such-serial"));
  }
}
