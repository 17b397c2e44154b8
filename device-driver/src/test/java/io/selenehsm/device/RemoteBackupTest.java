package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code partition archive backup/restore} to a Backup HSM that is not a {@link DeviceSlot} of this
 * process: the Backup HSM is reached only through {@link Slot#call}, as a slot another process or
 * host serves is. HSM policy 16 (network replication) decides whether such a backup may run.
 */
class RemoteBackupTest {
  private BackupFixture fx;
  private DeviceSlot backupAdmin;

  @BeforeEach
  void devices() throws Exception {
    fx = new BackupFixture();
    backupAdmin = fx.backupAdmin;
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aBackupHsmReachedOnlyThroughCallsTakesABackupAndServesItsRestore() throws Exception {
    fx.aesKeyOn("7100");
    fx.aesKeyOn("7100");
    BackupFixture.ForeignSlot remote = new BackupFixture.ForeignSlot(backupAdmin);

    BackupReport b = fx.backup(remote, "nightly");
    BackupReport r = fx.restore(remote, "nightly");

    assertEquals(new BackupReport("nightly", 2, 0, 2), b);
    assertEquals(new BackupReport("nightly", 2, 0, 2), r);
    assertEquals(fx.ouids("7100"), fx.ouids("7101"));
    assertEquals(List.of("nightly"), fx.containers());
    // open + login + target + store + close, then open + login + fetch + close: all through calls
    assertTrue(remote.calls.get() >= 8, "calls through the foreign slot: " + remote.calls);
  }

  @Test
  void networkReplicationOffOnTheSourceRefusesARemoteBackupAndStoresNothing() throws Exception {
    fx.aesKeyOn("7100");
    fx.setNetworkReplication("7100", 0);

    HsmException e =
        assertThrows(
            HsmException.class,
            () -> fx.backup(new BackupFixture.ForeignSlot(backupAdmin), "nightly"));

    assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode(), e.getMessage());
    assertTrue(e.detail().contains("HSM policy 16"), e.detail());
    assertTrue(e.detail().contains("7100"), e.detail());
    assertEquals(List.of(), fx.containers());
    // A Backup HSM of this process is a locally attached one: policy 16 does not apply.
    assertEquals(1, fx.backup(backupAdmin, "local").copied());
  }

  @Test
  void networkReplicationOffOnTheTargetRefusesARemoteRestoreAndAddsNothing() throws Exception {
    fx.aesKeyOn("7100");
    fx.backup(backupAdmin, "nightly");
    fx.setNetworkReplication("7101", 0);

    HsmException e =
        assertThrows(
            HsmException.class,
            () -> fx.restore(new BackupFixture.ForeignSlot(backupAdmin), "nightly"));

    assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode(), e.getMessage());
    assertTrue(e.detail().contains("HSM policy 16"), e.detail());
    assertEquals(List.of(), fx.ouids("7101"));
    assertEquals(1, fx.restore(backupAdmin, "nightly").copied());
    assertEquals(fx.ouids("7100"), fx.ouids("7101"));
  }

  @Test
  void aSlotThatIsNotABackupHsmsAdminSlotIsRefusedWithTheSameCodeHereOrElsewhere()
      throws Exception {
    fx.aesKeyOn("7100");
    DeviceSlot usbAdmin = fx.manager.slots().adminSlot("7101").orElseThrow();
    for (Slot notBackup : List.of(usbAdmin, new BackupFixture.ForeignSlot(usbAdmin))) {
      HsmException e = assertThrows(HsmException.class, () -> fx.backup(notBackup, "c1"));
      assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode(), e.getMessage());
      assertTrue(e.detail().contains("not the admin slot of a Luna Backup HSM 7"), e.detail());
    }
    DeviceSlot source = fx.part("7100");
    long s = fx.coSession(source);
    try {
      for (Slot partition :
          List.of(fx.part("7101"), new BackupFixture.ForeignSlot(fx.part("7101")))) {
        HsmException e =
            assertThrows(
                HsmException.class, () -> source.backupPartition(s, partition, s, "c1", false));
        assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode(), e.getMessage());
      }
    } finally {
      source.closeSession(s);
    }
    assertEquals(List.of(), fx.containers());
  }

  @Test
  void theBackupStepsRefuseTheWrongKindOfSlot() throws Exception {
    DeviceSlot app = fx.part("7100");
    long s = fx.coSession(app);
    try {
      HsmException store =
          assertThrows(
              HsmException.class, () -> app.storeBackup(s, "c1", "7100001", List.of(), true));
      assertEquals(Ckr.OPERATION_NOT_ALLOWED, store.returnCode());
      assertTrue(store.detail().contains("needs the admin slot"), store.detail());
    } finally {
      app.closeSession(s);
    }
    long bs = fx.soSession(backupAdmin);
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
    fx.aesKeyOn("7100");
    BackupFixture.ForeignSlot remote = new BackupFixture.ForeignSlot(backupAdmin);
    fx.backup(remote, "c1");
    long bs = fx.soSession(remote);
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
    assertEquals(List.of("c1"), fx.containers());
    assertEquals(1, fx.restore(remote, "c1").copied());
  }
}
