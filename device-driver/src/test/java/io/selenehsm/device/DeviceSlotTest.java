package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.APP;
import static io.selenehsm.device.Fixtures.assertCode;
import static io.selenehsm.device.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slots forward to the right partition, keep their sessions apart and refuse misplaced commands.
 */
class DeviceSlotTest {
  private DeviceManager manager;
  private DeviceSlot usbAdmin;
  private DeviceSlot usbPartition;
  private DeviceSlot pcieAdmin;

  @BeforeEach
  void open() throws HsmException {
    manager =
        DeviceManager.inMemory(
            config(
                """
                Devices = {
                  Device00 = usb, 2200001, factory=zeroized;
                  Device01 = pcie, 2200002, factory=zeroized;
                }
                """));
    usbAdmin = manager.slots().adminSlot("2200001").orElseThrow();
    usbPartition = manager.slots().applicationSlot("2200001", 1).orElseThrow();
    pcieAdmin = manager.slots().adminSlot("2200002").orElseThrow();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void partitionCreatedThroughTheAdminSlotAppearsInItsSlot() throws Exception {
    long so = Fixtures.initializeAndLogIn(usbAdmin);
    assertCode(Ckr.TOKEN_NOT_PRESENT, usbPartition::partitionInfo);
    usbAdmin.createPartition(so, usbPartition.slotId(), 1);
    assertEquals(1, usbPartition.partitionInfo().version());
    assertTrue(usbPartition.info().tokenPresent());
    long session = usbPartition.openSession(APP, true);
    assertEquals(1, usbPartition.sessionInfo(session).partitionId());
    usbAdmin.deletePartition(so, usbPartition.slotId());
    assertFalse(usbPartition.info().tokenPresent());
  }

  @Test
  void partitionCommandsNameATargetSlotOfTheSameDevice() throws Exception {
    long so = Fixtures.initializeAndLogIn(usbAdmin);
    int pcieSlot = manager.slots().applicationSlot("2200002", 1).orElseThrow().slotId();
    HsmException e =
        assertCode(Ckr.SLOT_ID_INVALID, () -> usbAdmin.createPartition(so, pcieSlot, 0));
    assertTrue(
        e.detail().contains("slot " + pcieSlot) && e.detail().contains("2200001"), e.detail());
    assertCode(Ckr.SLOT_ID_INVALID, () -> usbAdmin.createPartition(so, usbAdmin.slotId(), 0));
    assertCode(Ckr.SLOT_ID_INVALID, () -> usbAdmin.createPartition(so, 9999, 0));
    assertCode(Ckr.SLOT_ID_INVALID, () -> usbAdmin.deletePartition(so, pcieSlot));
  }

  @Test
  void adminCommandsRefuseOnAnApplicationSlot() throws Exception {
    long so = Fixtures.initializeAndLogIn(usbAdmin);
    usbAdmin.createPartition(so, usbPartition.slotId(), 0);
    long session = usbPartition.openSession(APP, true);
    HsmException e =
        assertCode(
            Ckr.OPERATION_NOT_ALLOWED,
            () -> usbPartition.initHsm(session, "x", Fixtures.SO_PIN, "d", null));
    assertTrue(e.detail().contains("slot " + usbPartition.slotId()), e.detail());
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> usbPartition.zeroize(session));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, usbPartition::factoryReset);
    assertCode(Ckr.OPERATION_NOT_ALLOWED, usbPartition::hsmPolicies);
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> usbPartition.changeHsmPolicy(session, 12, 1));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> usbPartition.createPartition(session, 0, 0));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> usbPartition.stmRecover(session, "x"));
    // Every slot can say which device it is on.
    assertEquals("2200001", usbPartition.hsmInfo().serial());
  }

  @Test
  void partitionCommandsRefuseOnTheAdminSlot() throws Exception {
    long so = Fixtures.initializeAndLogIn(usbAdmin);
    HsmException e = assertCode(Ckr.OPERATION_NOT_ALLOWED, usbAdmin::partitionInfo);
    assertTrue(e.detail().contains("slot " + usbAdmin.slotId() + " is the admin slot"), e.detail());
    assertCode(Ckr.OPERATION_NOT_ALLOWED, usbAdmin::partitionPolicies);
    assertCode(
        Ckr.OPERATION_NOT_ALLOWED,
        () -> usbAdmin.initPartition(so, "p", "partition-pw".toCharArray(), "d", null));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> usbAdmin.findObjects(so, null));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> usbAdmin.generateRandom(so, 16));
  }

  @Test
  void aSessionHandleWorksOnlyOnTheSlotThatIssuedIt() throws Exception {
    long so = Fixtures.initializeAndLogIn(usbAdmin);
    usbAdmin.createPartition(so, usbPartition.slotId(), 0);
    long onPartition = usbPartition.openSession(APP, false);
    HsmException e =
        assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbAdmin.sessionInfo(onPartition));
    assertTrue(
        e.detail().contains("session " + onPartition + " is not open on slot " + usbAdmin.slotId()),
        e.detail());
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbPartition.logout(so));
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbPartition.closeSession(so));
    // Each device numbers its own sessions, so handles from another device may collide.
    long onPcie = pcieAdmin.openSession(APP, false);
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbPartition.sessionInfo(onPcie));
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> pcieAdmin.sessionInfo(onPartition));
    usbPartition.closeSession(onPartition);
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbPartition.sessionInfo(onPartition));
  }

  @Test
  void closeAllSessionsForgetsTheApplicationsHandles() throws Exception {
    long first = usbAdmin.openSession(APP, false);
    long second = usbAdmin.openSession(APP, true);
    long other = usbAdmin.openSession(APP + 1, true);
    usbAdmin.closeAllSessions(APP);
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbAdmin.sessionInfo(first));
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> usbAdmin.sessionInfo(second));
    assertEquals(other, usbAdmin.sessionInfo(other).handle());
  }

  @Test
  void shippedDevicesStartInSecureTransportMode() throws Exception {
    try (DeviceManager shipped =
        DeviceManager.inMemory(config("Devices = { Device00 = usb, 2200003; }"))) {
      DeviceSlot admin = shipped.slots().adminSlot("2200003").orElseThrow();
      assertEquals("Transport Mode, zeroized", admin.hsmInfo().status());
      assertTrue(admin.info().tokenPresent());
      Fixtures.initializeAndLogIn(admin);
      assertEquals("OK", admin.hsmInfo().status());
    }
  }
}
