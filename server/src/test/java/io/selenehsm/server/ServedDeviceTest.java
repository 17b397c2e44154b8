package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device reached through the server's Unix socket behaves as the device itself. */
class ServedDeviceTest {
  @TempDir Path home;
  private ServedHsm hsm;

  @BeforeEach
  void start() throws Exception {
    hsm = ServedHsm.start(home);
  }

  @AfterEach
  void stop() throws Exception {
    hsm.close();
  }

  @Test
  void theServerListensOnASocketOnlyItsOwnerCanOpen() throws Exception {
    Path socket = SeleneServer.socketPath(home);
    assertTrue(Files.exists(socket));
    assertEquals(List.of("unix:" + socket), hsm.server.listening());
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(socket)));
  }

  @Test
  void anAttachedClientSeesTheServersSlotsUnderTheSameIds() throws Exception {
    try (DeviceManager client = hsm.attach()) {
      assertTrue(client.isAttached());
      List<SlotInfo> served = hsm.devices.slots().list();
      assertEquals(served, client.slots().list());
      assertEquals(List.of(ServedHsm.SERIAL), client.attached().get(0).deviceSerials());
    }
  }

  @Test
  void keysMadeAndUsedThroughTheSocketLiveOnTheServersDevice() throws Exception {
    try (DeviceManager client = hsm.attach()) {
      Slot p = client.slot(ServedHsm.PARTITION_SLOT);
      long s = p.openSession(1, true);
      p.login(s, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
      long key =
          p.generateKey(
              s,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.TOKEN, true)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.SIGN, true)
                  .set(Cka.LABEL, "served-mac-key")
                  .build());
      byte[] data = "across the socket".getBytes(StandardCharsets.UTF_8);
      byte[] mac = p.sign(s, Mechanism.of(Ckm.SHA256_HMAC), key, data);
      p.verify(s, Mechanism.of(Ckm.SHA256_HMAC), key, data, mac);

      // The same object, seen on the server's own slot.
      Slot local = hsm.devices.slot(ServedHsm.PARTITION_SLOT);
      long ls = local.openSession(2, true);
      local.login(ls, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
      List<Long> found =
          local.findObjects(ls, Attributes.builder().set(Cka.LABEL, "served-mac-key").build());
      assertEquals(1, found.size());
      assertArrayEquals(mac, local.sign(ls, Mechanism.of(Ckm.SHA256_HMAC), found.get(0), data));
      local.closeSession(ls);
      p.closeSession(s);
    }
  }

  @Test
  void aRefusedCallArrivesWithItsCodeAndMessage() throws Exception {
    try (DeviceManager client = hsm.attach()) {
      Slot p = client.slot(ServedHsm.PARTITION_SLOT);
      long s = p.openSession(1, true);
      HsmException e =
          assertThrows(
              HsmException.class,
              () -> p.login(s, Role.CRYPTO_OFFICER, "not-the-pin".toCharArray()));
      assertEquals(Ckr.PIN_INCORRECT, e.returnCode());
      HsmException noSlot = assertThrows(HsmException.class, () -> client.slot(99));
      assertEquals(Ckr.SLOT_ID_INVALID, noSlot.returnCode());
    }
  }

  @Test
  void aClientCannotNameAnotherClientsSession() throws Exception {
    try (DeviceManager a = hsm.attach();
        DeviceManager b = hsm.attach()) {
      Slot pa = a.slot(ServedHsm.PARTITION_SLOT);
      Slot pb = b.slot(ServedHsm.PARTITION_SLOT);
      long sa = pa.openSession(1, true);
      pa.login(sa, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
      for (long guess = sa - 2; guess <= sa + 2; guess++) {
        long g = guess;
        HsmException e =
            assertThrows(HsmException.class, () -> pb.generateRandom(g, 16), "handle " + g);
        assertEquals(Ckr.SESSION_HANDLE_INVALID, e.returnCode());
      }
      HsmException close = assertThrows(HsmException.class, () -> pb.closeSession(sa));
      assertEquals(Ckr.SESSION_HANDLE_INVALID, close.returnCode());
      assertEquals(16, pa.generateRandom(sa, 16).length, "a's session is untouched");
    }
  }

  @Test
  void twoClientsWithTheSameApplicationIdDoNotShareALogin() throws Exception {
    try (DeviceManager a = hsm.attach();
        DeviceManager b = hsm.attach()) {
      Slot pa = a.slot(ServedHsm.PARTITION_SLOT);
      Slot pb = b.slot(ServedHsm.PARTITION_SLOT);
      long sa = pa.openSession(1, true);
      pa.login(sa, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
      long sb = pb.openSession(1, true);
      assertFalse(pb.sessionInfo(sb).role() == Role.CRYPTO_OFFICER, "b is not logged in");
      HsmException e =
          assertThrows(
              HsmException.class,
              () ->
                  pb.generateKey(
                      sb,
                      Mechanism.of(Ckm.AES_KEY_GEN),
                      Attributes.builder().set(Cka.TOKEN, true).set(Cka.VALUE_LEN, 32L).build()));
      assertEquals(Ckr.USER_NOT_LOGGED_IN, e.returnCode());
    }
  }

  @Test
  void aClientThatGoesAwayLeavesNoSessionAndNoSessionObjectBehind() throws Exception {
    int before = hsm.openSessions();
    DeviceManager client = hsm.attach();
    Slot p = client.slot(ServedHsm.PARTITION_SLOT);
    long s = p.openSession(1, true);
    p.login(s, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
    p.generateKey(
        s,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.TOKEN, false)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.LABEL, "session-key")
            .build());
    p.openSession(1, false);
    assertEquals(before + 2, hsm.openSessions());
    client.close(); // the connection ends without closing its sessions

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (hsm.openSessions() != before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(before, hsm.openSessions());
    Slot local = hsm.devices.slot(ServedHsm.PARTITION_SLOT);
    long ls = local.openSession(3, true);
    local.login(ls, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
    assertEquals(
        List.of(),
        local.findObjects(ls, Attributes.builder().set(Cka.LABEL, "session-key").build()));
    local.closeSession(ls);
  }

  @Test
  void theServerBoundsEachClientsSessionsAndSaysSo() throws Exception {
    hsm.close();
    hsm = ServedHsm.startBounded(home, new ServerLimits(8, 2));
    try (DeviceManager client = hsm.attach()) {
      Slot p = client.slot(ServedHsm.PARTITION_SLOT);
      p.openSession(1, false);
      p.openSession(1, false);
      HsmException e = assertThrows(HsmException.class, () -> p.openSession(1, false));
      assertEquals(Ckr.SESSION_COUNT, e.returnCode());
      assertTrue(e.getMessage().contains("the most it allows"), e.getMessage());
    }
  }

  @Test
  void aStoppedServerIsARemovedDeviceAndARestartedOneIsReachedAgain() throws Exception {
    try (DeviceManager client = hsm.attach()) {
      Slot p = client.slot(ServedHsm.PARTITION_SLOT);
      long s = p.openSession(1, false);
      hsm.server.close();
      HsmException e = assertThrows(HsmException.class, () -> p.generateRandom(s, 8));
      assertEquals(Ckr.DEVICE_REMOVED, e.returnCode());
      assertFalse(p.info().tokenPresent());

      SeleneServer again =
          SeleneServer.start(
              hsm.devices,
              SeleneServer.Options.local(home),
              io.selenehsm.firmware.time.TimeSource.system());
      try {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long fresh = -1;
        while (fresh < 0) {
          try {
            fresh = p.openSession(1, false);
          } catch (HsmException gone) {
            if (System.nanoTime() > deadline) {
              throw gone;
            }
            Thread.sleep(50);
          }
        }
        assertEquals(8, p.generateRandom(fresh, 8).length);
        assertTrue(p.info().tokenPresent());
      } finally {
        again.close();
      }
    }
  }

  @Test
  void theAuditLogNamesTheClientWhoseCallItRecords() throws Exception {
    try (DeviceManager client = hsm.attach()) {
      Slot admin = client.slot(ServedHsm.ADMIN_SLOT);
      long s = admin.openSession(1, true);
      admin.login(s, Role.HSM_SO, ServedHsm.SO_PIN.toCharArray());
      admin.initRole(s, Role.AUDITOR, "auditor-pin-1".toCharArray()); // always audited
    }
    String log =
        hsm.devices.devices().get(0).read(h -> h.audit().bufferedRecords()).stream()
            .map(r -> r.text())
            .toList()
            .toString();
    assertTrue(log.contains("client local#"), log);
    assertTrue(log.contains("pid " + ProcessHandle.current().pid()), log);
  }
}
