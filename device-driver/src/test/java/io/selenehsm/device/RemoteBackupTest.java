package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code partition archive backup/restore} to a Backup HSM that is not a {@link DeviceSlot} of this
 * process: the Backup HSM is reached only through {@link Slot#call}, as a slot another process or
 * host serves is. HSM policy 16 (network replication) decides whether such a backup may run.
 */
class RemoteBackupTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 7100, factory=zeroized;
        Device01 = usb, 7101, factory=zeroized;
        Device02 = backup, 7300, factory=zeroized;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO = "password2".toCharArray();

  private DeviceManager manager;
  private DeviceSlot backupAdmin;

  /** A slot this process reaches only through calls, as it would a served one; counts them. */
  private static final class ForeignSlot implements Slot {
    private final Slot inner;
    final AtomicInteger calls = new AtomicInteger();

    ForeignSlot(Slot inner) {
      this.inner = inner;
    }

    @Override
    public int slotId() {
      return inner.slotId();
    }

    @Override
    public SlotInfo info() {
      return inner.info();
    }

    @Override
    public <R> R call(SlotCall<R> call) throws HsmException {
      calls.incrementAndGet();
      return inner.call(call);
    }
  }

  @BeforeEach
  void devices() throws Exception {
    manager = DeviceManager.inMemory(ClientConfig.parse(CONF, "test selene.conf"));
    provision("7100");
    provision("7101");
    backupAdmin = manager.slots().adminSlot("7300").orElseThrow();
    long a = backupAdmin.openSession(1, true);
    backupAdmin.initHsm(a, "backup", PW, "backupdomain", null);
    backupAdmin.closeSession(a);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private void provision(String serial) throws HsmException {
    DeviceSlot admin = manager.slots().adminSlot(serial).orElseThrow();
    DeviceSlot app = part(serial);
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm" + serial, PW, "blue", null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), 0);
    admin.closeSession(a);
    long s = app.openSession(2, true);
    app.initPartition(s, "part" + serial, PW, "blue", null);
    app.login(s, Role.PARTITION_SO, PW);
    app.initRole(s, Role.CRYPTO_OFFICER, PW);
    app.logout(s);
    app.login(s, Role.CRYPTO_OFFICER, PW);
    app.changePin(s, PW, CO);
    app.closeSession(s);
  }

  private DeviceSlot part(String serial) {
    return manager.slots().applicationSlot(serial, 1).orElseThrow();
  }

  private void setNetworkReplication(String serial, int value) throws HsmException {
    DeviceSlot admin = manager.slots().adminSlot(serial).orElseThrow();
    long a = admin.openSession(1, true);
    try {
      admin.login(a, Role.HSM_SO, PW);
      admin.changeHsmPolicy(a, HsmPolicies.ALLOW_NETWORK_REPLICATION, value);
    } finally {
      admin.closeSession(a);
    }
  }

  private void aesKeyOn(String serial) throws HsmException {
    DeviceSlot slot = part(serial);
    long s = coSession(slot);
    try {
      slot.generateKey(
          s,
          Mechanism.of(Ckm.AES_KEY_GEN),
          Attributes.builder()
              .set(Cka.KEY_TYPE, Ckk.AES)
              .set(Cka.VALUE_LEN, 32L)
              .set(Cka.ENCRYPT, true)
              .set(Cka.TOKEN, true)
              .build());
    } finally {
      slot.closeSession(s);
    }
  }

  private long coSession(Slot slot) throws HsmException {
    long s = slot.openSession(78, true);
    slot.login(s, Role.CRYPTO_OFFICER, CO);
    return s;
  }

  private List<String> ouids(String serial) throws HsmException {
    DeviceSlot slot = part(serial);
    long s = coSession(slot);
    try {
      List<String> out = new ArrayList<>();
      for (long h : slot.findObjects(s, Attributes.builder().set(Cka.TOKEN, true).build())) {
        out.add(HexFormat.of().formatHex(slot.getAttribute(s, h, Cka.OUID)));
      }
      out.sort(null);
      return out;
    } finally {
      slot.closeSession(s);
    }
  }

  /** A backup-side session with the Backup HSM's SO logged in, on {@code slot}. */
  private static long soSession(Slot slot) throws HsmException {
    long s = slot.openSession(90, true);
    slot.login(s, Role.HSM_SO, PW);
    return s;
  }

  private BackupReport backup(Slot backupSlot, String container) throws HsmException {
    DeviceSlot source = part("7100");
    long s = coSession(source);
    long bs = soSession(backupSlot);
    try {
      return source.backupPartition(s, backupSlot, bs, container, false);
    } finally {
      source.closeSession(s);
      backupSlot.closeSession(bs);
    }
  }

  private BackupReport restore(Slot backupSlot, String container) throws HsmException {
    DeviceSlot target = part("7101");
    long s = coSession(target);
    long bs = soSession(backupSlot);
    try {
      return target.restorePartition(s, backupSlot, bs, container);
    } finally {
      target.closeSession(s);
      backupSlot.closeSession(bs);
    }
  }

  private List<String> containers() throws HsmException {
    long bs = soSession(backupAdmin);
    try {
      return backupAdmin.listBackups(bs).stream().map(BackupContainerInfo::name).toList();
    } finally {
      backupAdmin.closeSession(bs);
    }
  }

  @Test
  void aBackupHsmReachedOnlyThroughCallsTakesABackupAndServesItsRestore() throws Exception {
    aesKeyOn("7100");
    aesKeyOn("7100");
    ForeignSlot remote = new ForeignSlot(backupAdmin);

    BackupReport b = backup(remote, "nightly");
    BackupReport r = restore(remote, "nightly");

    assertEquals(new BackupReport("nightly", 2, 0, 2), b);
    assertEquals(new BackupReport("nightly", 2, 0, 2), r);
    assertEquals(ouids("7100"), ouids("7101"));
    assertEquals(List.of("nightly"), containers());
    // open + login + target + store + close, then open + login + fetch + close: all through calls
    assertTrue(remote.calls.get() >= 8, "calls through the foreign slot: " + remote.calls);
  }

  @Test
  void networkReplicationOffOnTheSourceRefusesARemoteBackupAndStoresNothing() throws Exception {
    aesKeyOn("7100");
    setNetworkReplication("7100", 0);

    HsmException e =
        assertThrows(HsmException.class, () -> backup(new ForeignSlot(backupAdmin), "nightly"));

    assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode(), e.getMessage());
    assertTrue(e.detail().contains("HSM policy 16"), e.detail());
    assertTrue(e.detail().contains("7100"), e.detail());
    assertEquals(List.of(), containers());
    // A Backup HSM of this process is a locally attached one: policy 16 does not apply.
    assertEquals(1, backup(backupAdmin, "local").copied());
  }

  @Test
  void networkReplicationOffOnTheTargetRefusesARemoteRestoreAndAddsNothing() throws Exception {
    aesKeyOn("7100");
    backup(backupAdmin, "nightly");
    setNetworkReplication("7101", 0);

    HsmException e =
        assertThrows(HsmException.class, () -> restore(new ForeignSlot(backupAdmin), "nightly"));

    assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode(), e.getMessage());
    assertTrue(e.detail().contains("HSM policy 16"), e.detail());
    assertEquals(List.of(), ouids("7101"));
    assertEquals(1, restore(backupAdmin, "nightly").copied());
    assertEquals(ouids("7100"), ouids("7101"));
  }

  @Test
  void aSlotThatIsNotABackupHsmsAdminSlotIsRefusedWithTheSameCodeHereOrElsewhere()
      throws Exception {
    aesKeyOn("7100");
    DeviceSlot usbAdmin = manager.slots().adminSlot("7101").orElseThrow();
    for (Slot notBackup : List.of(usbAdmin, new ForeignSlot(usbAdmin))) {
      HsmException e = assertThrows(HsmException.class, () -> backup(notBackup, "c1"));
      assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode(), e.getMessage());
      assertTrue(e.detail().contains("not the admin slot of a Luna Backup HSM 7"), e.detail());
    }
    DeviceSlot source = part("7100");
    long s = coSession(source);
    try {
      for (Slot partition : List.of(part("7101"), new ForeignSlot(part("7101")))) {
        HsmException e =
            assertThrows(
                HsmException.class, () -> source.backupPartition(s, partition, s, "c1", false));
        assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode(), e.getMessage());
      }
    } finally {
      source.closeSession(s);
    }
    assertEquals(List.of(), containers());
  }

  @Test
  void theBackupStepsRefuseTheWrongKindOfSlot() throws Exception {
    DeviceSlot app = part("7100");
    long s = coSession(app);
    try {
      HsmException store =
          assertThrows(
              HsmException.class, () -> app.storeBackup(s, "c1", "7100001", List.of(), true));
      assertEquals(Ckr.OPERATION_NOT_ALLOWED, store.returnCode());
      assertTrue(store.detail().contains("needs the admin slot"), store.detail());
    } finally {
      app.closeSession(s);
    }
    long bs = soSession(backupAdmin);
    try {
      HsmException out =
          assertThrows(
              HsmException.class, () -> backupAdmin.backupOut(bs, new byte[] {1, 2}, true));
      assertEquals(Ckr.OPERATION_NOT_ALLOWED, out.returnCode());
      assertTrue(out.detail().contains("needs an application partition slot"), out.detail());
    } finally {
      backupAdmin.closeSession(bs);
    }
  }

  @Test
  void aContainerFromAnotherPartitionCannotBeAppendedToThroughTheSteps() throws Exception {
    aesKeyOn("7100");
    ForeignSlot remote = new ForeignSlot(backupAdmin);
    backup(remote, "c1");
    long bs = soSession(remote);
    try {
      // A peer that sends no payloads without -append gets a typed refusal, not a container.
      HsmException e =
          assertThrows(
              HsmException.class, () -> remote.storeBackup(bs, "c2", "7100001", List.of(), false));
      assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode());
      // Payloads that are not envelopes to this Backup HSM are refused and the container kept.
      HsmException bad =
          assertThrows(
              HsmException.class,
              () -> remote.storeBackup(bs, "c1", "7100001", List.of(new byte[] {7, 7, 7}), true));
      assertTrue(bad.returnCode() != Ckr.OK, bad.getMessage());
    } finally {
      remote.closeSession(bs);
    }
    assertEquals(List.of("c1"), containers());
    assertEquals(1, restore(remote, "c1").copied());
  }
}
