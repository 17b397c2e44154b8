package io.selenehsm.device;

import static io.selenehsm.device.Fixtures.APP;
import static io.selenehsm.device.Fixtures.assertCode;
import static io.selenehsm.device.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.role.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** C_GetObjectSize through the Slot API: the call, its value and its refusals. */
class ObjectSizeTest {
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO = "password2".toCharArray();
  private DeviceManager manager;
  private DeviceSlot partition;
  private long session;

  @BeforeEach
  void open() throws Exception {
    manager =
        DeviceManager.inMemory(
            config(
                """
                Devices = { Device00 = usb, 2300001, factory=zeroized; }
                """));
    DeviceSlot admin = manager.slots().adminSlot("2300001").orElseThrow();
    partition = manager.slots().applicationSlot("2300001", 1).orElseThrow();
    long so = Fixtures.initializeAndLogIn(admin);
    admin.createPartition(so, partition.slotId(), 0);
    session = partition.openSession(APP, true);
    partition.initPartition(session, "sizes", PW, "testdomain", null);
    partition.login(session, Role.PARTITION_SO, PW);
    partition.initRole(session, Role.CRYPTO_OFFICER, PW);
    partition.logout(session);
    partition.login(session, Role.CRYPTO_OFFICER, PW);
    partition.changePin(session, PW, CO);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private long data(int valueLength, boolean isPrivate) throws Exception {
    return partition.createObject(
        session,
        Attributes.builder()
            .set(Cka.CLASS, Cko.DATA)
            .set(Cka.PRIVATE, isPrivate)
            .set(Cka.VALUE, new byte[valueLength])
            .build());
  }

  @Test
  void theSizeIsTheStoredEncodingAndGrowsWithTheValue() throws Exception {
    long small = data(10, false);
    long large = data(1010, false);
    long smallSize = partition.objectSize(session, small);
    assertTrue(smallSize > 10, "attributes count too: " + smallSize);
    assertEquals(smallSize + 1000, partition.objectSize(session, large));
    assertEquals(
        smallSize, partition.call(new ObjectCall.GetObjectSize(session, small)), "one call value");
  }

  @Test
  void aSensitiveKeyHasASizeButNoReadableValue() throws Exception {
    long key =
        partition.generateKey(
            session,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder().set(Cka.VALUE_LEN, 32L).set(Cka.SENSITIVE, true).build());
    assertTrue(partition.objectSize(session, key) > 32);
    assertCode(Ckr.ATTRIBUTE_SENSITIVE, () -> partition.getAttribute(session, key, Cka.VALUE));
  }

  @Test
  void unknownOrInvisibleObjectsAndMisplacedCallsAreRefused() throws Exception {
    long mine = data(16, true);
    assertCode(Ckr.OBJECT_HANDLE_INVALID, () -> partition.objectSize(session, 987_654));
    long stranger = partition.openSession(APP + 1, false);
    assertCode(Ckr.OBJECT_HANDLE_INVALID, () -> partition.objectSize(stranger, mine));
    assertCode(Ckr.SESSION_HANDLE_INVALID, () -> partition.objectSize(123_456, mine));
    DeviceSlot admin = manager.slots().adminSlot("2300001").orElseThrow();
    assertCode(Ckr.OPERATION_NOT_ALLOWED, () -> admin.objectSize(session, mine));
  }
}
