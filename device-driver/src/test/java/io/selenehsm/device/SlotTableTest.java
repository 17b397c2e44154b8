package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.assertCode;
import static io.selenehsm.device.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slot numbering, the Presentation options and the Backup HSM placeholders. */
class SlotTableTest {
  private static final String USB_AND_PCIE =
      """
      Devices = {
        Device00 = usb, 1100001, factory=zeroized;
        Device01 = pcie, 1100002, factory=zeroized;
      }
      """;

  private static List<Integer> ids(List<SlotInfo> infos) {
    return infos.stream().map(SlotInfo::slotId).toList();
  }

  @Test
  void eachDeviceGetsItsPartitionSlotsThenItsAdminSlotThenComeThePlaceholders() throws Exception {
    try (DeviceManager m = DeviceManager.inMemory(config(USB_AND_PCIE))) {
      SlotTable t = m.slots();
      DeviceSlot usbPartition = (DeviceSlot) t.slot(0);
      assertEquals("1100001", usbPartition.device().serial());
      assertEquals(1, usbPartition.partitionId());
      assertTrue(((DeviceSlot) t.slot(1)).isAdmin());
      DeviceSlot pcieFirst = (DeviceSlot) t.slot(2);
      assertEquals("1100002", pcieFirst.device().serial());
      assertEquals(1, pcieFirst.partitionId());
      assertEquals(100, ((DeviceSlot) t.slot(101)).partitionId());
      assertTrue(((DeviceSlot) t.slot(102)).isAdmin());
      // CardReader defaults: 3 G5 then 3 G7 placeholders.
      for (int id = 103; id <= 108; id++) {
        assertInstanceOf(PlaceholderSlot.class, t.slot(id));
      }
      assertEquals(PlaceholderSlot.Generation.G7, ((PlaceholderSlot) t.slot(108)).generation());
      assertEquals(109, t.all().size());
      assertCode(Ckr.SLOT_ID_INVALID, () -> t.slot(109));
      assertCode(Ckr.SLOT_ID_INVALID, () -> t.slot(-1));
    }
  }

  @Test
  void oneBaseSlotIdShiftsEveryIdByOne() throws Exception {
    try (DeviceManager m =
        DeviceManager.inMemory(config(USB_AND_PCIE + "Presentation = { OneBaseSlotId = 1; }\n"))) {
      SlotTable t = m.slots();
      assertEquals(1, t.firstSlotId());
      assertCode(Ckr.SLOT_ID_INVALID, () -> t.slot(0));
      assertEquals(1, ((DeviceSlot) t.slot(1)).partitionId());
      assertTrue(((DeviceSlot) t.slot(2)).isAdmin());
      assertTrue(((DeviceSlot) t.slot(103)).isAdmin());
      assertInstanceOf(PlaceholderSlot.class, t.slot(109));
    }
    try (DeviceManager m =
        DeviceManager.inMemory(config("Presentation = { OneBaseSlotId = 1; }"))) {
      assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), ids(m.slots().list()));
    }
  }

  @Test
  void defaultListShowsAdminSlotsAndPlaceholdersButNotEmptyPartitions() throws Exception {
    try (DeviceManager m = DeviceManager.inMemory(config(USB_AND_PCIE))) {
      List<SlotInfo> shown = m.slots().list();
      assertEquals(List.of(1, 102, 103, 104, 105, 106, 107, 108), ids(shown));
      SlotInfo admin = shown.get(0);
      assertEquals(SlotInfo.Kind.ADMIN, admin.kind());
      assertTrue(admin.tokenPresent());
      assertEquals("1100001", admin.deviceSerial());
      assertEquals("Luna USB HSM 7", admin.model());
      assertEquals(0, admin.partitionId());
    }
  }

  @Test
  void showEmptySlotsListsEveryPartitionSlotAsTokenNotPresent() throws Exception {
    try (DeviceManager m =
        DeviceManager.inMemory(
            config(USB_AND_PCIE + "Presentation = { ShowEmptySlots = yes; }\n"))) {
      List<SlotInfo> shown = m.slots().list();
      assertEquals(109, shown.size());
      SlotInfo empty = shown.get(0);
      assertEquals(SlotInfo.Kind.APPLICATION, empty.kind());
      assertFalse(empty.tokenPresent());
      assertEquals("1100001001", empty.tokenSerial());
    }
  }

  @Test
  void aCreatedPartitionIsListedWithoutShowEmptySlotsAndKeepsItsId() throws Exception {
    try (DeviceManager m = DeviceManager.inMemory(config(USB_AND_PCIE))) {
      DeviceSlot admin = m.slots().adminSlot("1100002").orElseThrow();
      long so = Fixtures.initializeAndLogIn(admin);
      admin.createPartition(so, 7, 0);
      List<SlotInfo> shown = m.slots().list();
      assertEquals(List.of(1, 7, 102, 103, 104, 105, 106, 107, 108), ids(shown));
      SlotInfo created = shown.get(1);
      assertTrue(created.tokenPresent());
      assertEquals(6, created.partitionId());
      assertEquals("1100002006", created.tokenSerial());
      assertEquals("not initialized", created.status());
    }
  }

  @Test
  void showAdminTokensOffHidesAdminSlotsFromTheListOnly() throws Exception {
    try (DeviceManager m =
        DeviceManager.inMemory(
            config(USB_AND_PCIE + "Presentation = { ShowAdminTokens = no; }\n"))) {
      assertEquals(List.of(103, 104, 105, 106, 107, 108), ids(m.slots().list()));
      assertTrue(((DeviceSlot) m.slot(102)).isAdmin());
    }
  }

  @Test
  void cardReaderCountsPlaceholderSlots() throws Exception {
    try (DeviceManager m =
        DeviceManager.inMemory(config("CardReader = { LunaG5Slots = 0; LunaG7Slots = 1; }\n"))) {
      assertEquals(3, m.slots().all().size());
      SlotInfo placeholder = m.slots().list().get(1);
      assertEquals(2, placeholder.slotId());
      assertEquals(SlotInfo.Kind.BACKUP_PLACEHOLDER, placeholder.kind());
      assertFalse(placeholder.tokenPresent());
      assertEquals("Luna Backup HSM 7", placeholder.model());
    }
  }

  @Test
  void placeholdersAnswerTokenNotPresentToEveryCommand() throws Exception {
    try (DeviceManager m = DeviceManager.inMemory(config(""))) {
      Slot placeholder = m.slot(2);
      assertFalse(placeholder.info().tokenPresent());
      var e = assertCode(Ckr.TOKEN_NOT_PRESENT, () -> placeholder.openSession(1, true));
      assertTrue(
          e.detail().contains("slot 2 is a reserved Backup HSM slot with no device"), e.detail());
      assertCode(Ckr.TOKEN_NOT_PRESENT, placeholder::hsmInfo);
      assertCode(Ckr.TOKEN_NOT_PRESENT, placeholder::partitionInfo);
      assertCode(Ckr.TOKEN_NOT_PRESENT, () -> placeholder.generateRandom(1, 8));
      assertCode(Ckr.TOKEN_NOT_PRESENT, placeholder::factoryReset);
    }
  }

  @Test
  void showUserSlotsPinsPartitionsAndHidesTheirUnlistedSiblings() throws Exception {
    try (DeviceManager m =
        DeviceManager.inMemory(
            config(
                USB_AND_PCIE
                    + """
                    Presentation = { ShowEmptySlots = yes;
                      ShowUserSlots = 500(1100002003), 0(1100002001); }
                    CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }
                    """))) {
      SlotTable t = m.slots();
      DeviceSlot pinned = (DeviceSlot) t.slot(500);
      assertEquals(3, pinned.partitionId());
      assertEquals("1100002", pinned.device().serial());
      assertEquals(1, ((DeviceSlot) t.slot(0)).partitionId());
      assertEquals("1100002", ((DeviceSlot) t.slot(0)).device().serial());
      // The others number on from the first id, stepping over pinned ones.
      assertEquals("1100001", ((DeviceSlot) t.slot(1)).device().serial());
      assertTrue(((DeviceSlot) t.slot(2)).isAdmin());
      assertEquals(2, ((DeviceSlot) t.slot(3)).partitionId());
      // Listed: the USB device in full, the PCIe device's pinned partitions and admin slot only.
      assertEquals(List.of(0, 1, 2, 101, 500), ids(t.list()));
    }
  }

  @Test
  void virtualSlotsAreAppendedAfterEverythingElse() throws Exception {
    try (DeviceManager m = DeviceManager.inMemory(config(""))) {
      Slot virtual =
          m.slots().addVirtualSlot(id -> new PlaceholderSlot(id, PlaceholderSlot.Generation.G7));
      assertEquals(8, virtual.slotId());
      assertSame(virtual, m.slot(8));
      assertEquals(8, m.slots().list().get(m.slots().list().size() - 1).slotId());
      assertThrows(
          IllegalArgumentException.class,
          () ->
              m.slots()
                  .addVirtualSlot(
                      id -> new PlaceholderSlot(id + 1, PlaceholderSlot.Generation.G7)));
    }
  }
}
