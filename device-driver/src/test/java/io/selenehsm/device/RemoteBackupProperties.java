package io.selenehsm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Differential: a Backup HSM reached only through {@link Slot#call} (as a served one is) answers
 * every backup and restore exactly as the same Backup HSM reached in-process, and a restore brings
 * back exactly the source's objects, whatever the rounds of key creation and appending backups.
 */
class RemoteBackupProperties {

  @Property(tries = 12)
  void aRemoteBackupHsmAnswersAsALocalOneAndARestoreBringsBackTheSource(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 3) Integer> keysPerRound)
      throws Exception {
    try (BackupFixture fx = new BackupFixture()) {
      Slot foreign = new BackupFixture.ForeignSlot(fx.backupAdmin);
      boolean first = true;
      for (int keys : keysPerRound) {
        for (int i = 0; i < keys; i++) {
          fx.aesKeyOn("7100");
        }
        if (first && keys == 0) {
          continue; // an empty partition makes no new container, through either slot
        }
        BackupReport local = backup(fx, fx.backupAdmin, "local", !first);
        BackupReport remote = backup(fx, foreign, "remote", !first);
        assertEquals(local.copied(), remote.copied());
        assertEquals(local.skipped(), remote.skipped());
        assertEquals(local.offered(), remote.offered());
        first = false;
      }
      int total = fx.ouids("7100").size();
      if (total == 0) {
        return;
      }
      assertEquals(new BackupReport("remote", total, 0, total), fx.restore(foreign, "remote"));
      assertEquals(fx.ouids("7100"), fx.ouids("7101"));
      assertEquals(new BackupReport("local", 0, total, total), fx.restore(fx.backupAdmin, "local"));
      assertEquals(fx.ouids("7100"), fx.ouids("7101"));
    }
  }

  private static BackupReport backup(
      BackupFixture fx, Slot backupSlot, String container, boolean append) throws HsmException {
    DeviceSlot source = fx.part("7100");
    long s = fx.coSession(source);
    long bs = BackupFixture.soSession(backupSlot);
    try {
      return source.backupPartition(s, backupSlot, bs, container, append);
    } finally {
      source.closeSession(s);
      backupSlot.closeSession(bs);
    }
  }
}
