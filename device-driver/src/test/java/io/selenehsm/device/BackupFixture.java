package io.selenehsm.device;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two USB HSM 7s with a V0 partition each (7100 the source, 7101 the restore target, one cloning
 * domain) and a Backup HSM 7 (7300), in memory, with the steps of a backup and a restore.
 */
final class BackupFixture implements AutoCloseable {
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

  final DeviceManager manager;
  final DeviceSlot backupAdmin;

  /** A slot this process reaches only through calls, as it would a served one; counts them. */
  static final class ForeignSlot implements Slot {
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

  BackupFixture() throws Exception {
    manager = DeviceManager.inMemory(ClientConfig.parse(CONF, "test selene.conf"));
    provision("7100");
    provision("7101");
    backupAdmin = manager.slots().adminSlot("7300").orElseThrow();
    long a = backupAdmin.openSession(1, true);
    backupAdmin.initHsm(a, "backup", PW, "backupdomain", null);
    backupAdmin.closeSession(a);
  }

  @Override
  public void close() {
    manager.close();
  }

  void provision(String serial) throws HsmException {
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

  DeviceSlot part(String serial) {
    return manager.slots().applicationSlot(serial, 1).orElseThrow();
  }

  void setNetworkReplication(String serial, int value) throws HsmException {
    DeviceSlot admin = manager.slots().adminSlot(serial).orElseThrow();
    long a = admin.openSession(1, true);
    try {
      admin.login(a, Role.HSM_SO, PW);
      admin.changeHsmPolicy(a, HsmPolicies.ALLOW_NETWORK_REPLICATION, value);
    } finally {
      admin.closeSession(a);
    }
  }

  void aesKeyOn(String serial) throws HsmException {
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

  long coSession(Slot slot) throws HsmException {
    long s = slot.openSession(78, true);
    slot.login(s, Role.CRYPTO_OFFICER, CO);
    return s;
  }

  List<String> ouids(String serial) throws HsmException {
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
  static long soSession(Slot slot) throws HsmException {
    long s = slot.openSession(90, true);
    slot.login(s, Role.HSM_SO, PW);
    return s;
  }

  BackupReport backup(Slot backupSlot, String container) throws HsmException {
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

  BackupReport restore(Slot backupSlot, String container) throws HsmException {
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

  List<String> containers() throws HsmException {
    long bs = soSession(backupAdmin);
    try {
      return backupAdmin.listBackups(bs).stream().map(BackupContainerInfo::name).toList();
    } finally {
      backupAdmin.closeSession(bs);
    }
  }
}
