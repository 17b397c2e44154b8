package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's slot-enumeration sample with names mapped: before any login and before the provider
 * is registered, the JVM-wide slot manager lists the slots with a token, their labels, serial
 * numbers and firmware versions.
 */
class JspSlotEnumerationTest {
  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  @Test
  void slotsTokensAndLabelsBeforeAnyLogin() throws Exception {
    SlotManager slotManager = SlotManager.getInstance();
    int[] slots = slotManager.getSlotList();
    assertArrayEquals(new int[] {device.slot}, slots, "one USB HSM 7: one application slot");
    assertEquals(JspDevice.PARTITION, slotManager.getTokenLabel(slots[0]));
    assertEquals(
        device.devices.slot(device.slot).info().tokenSerial(),
        slotManager.getTokenSerialNumber(slots[0]));
    assertEquals(3, slotManager.getTokenFirmwareVersion(slots[0]).length);
    assertEquals(device.slot, slotManager.findSlotFromLabel(JspDevice.PARTITION));
    assertEquals(-1, slotManager.findSlotFromLabel("no such partition"));
    assertFalse(slotManager.isLoggedIn());
    SeleneCryptokiException e =
        assertThrows(SeleneCryptokiException.class, () -> slotManager.getTokenLabel(99));
    assertEquals(Ckr.SLOT_ID_INVALID, e.getReturnCode());
  }
}
