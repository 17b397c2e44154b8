package io.selenehsm.firmware;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.file.Path;

/** An initialized device with one partition and a Crypto Officer, for the security-ops tests. */
final class SecOpsFixture {
  static final char[] PW = "password1".toCharArray();
  static final char[] CO_PW = "password2".toCharArray();
  static final char[] AU_PW = "auditor-pw1".toCharArray();

  final Hsm hsm;
  final long admin;
  long partition;

  private SecOpsFixture(Hsm hsm) throws HsmException {
    this.hsm = hsm;
    this.admin = hsm.openSession(0, 1, true);
  }

  static SecOpsFixture inMemory(String serial) throws HsmException {
    return new SecOpsFixture(Hsm.open(HsmOptions.inMemory(serial, HsmModel.USB_HSM_7)));
  }

  /**
   * A device whose flash lives in {@code dir}. Its directory lock is held until {@link
   * #closeDurable()}, which test classes call after each test: a lock left behind would refuse a
   * later test's directory that reuses the inode.
   */
  static SecOpsFixture durable(String serial, Path dir) throws HsmException {
    HsmOptions o = HsmOptions.inMemory(serial, HsmModel.USB_HSM_7);
    SecOpsFixture f = new SecOpsFixture(Hsm.open(o.withStateDirectory(dir)));
    OPEN.add(f.hsm);
    return f;
  }

  private static final java.util.List<Hsm> OPEN =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** Closes every durable device opened since the last call. */
  static void closeDurable() {
    synchronized (OPEN) {
      OPEN.forEach(Hsm::close);
      OPEN.clear();
    }
  }

  /** HSM initialized, HSM SO logged in on {@link #admin}. */
  SecOpsFixture initialized() throws HsmException {
    hsm.initHsm(admin, "hsm", PW, "domain", null);
    hsm.login(admin, Role.HSM_SO, PW);
    return this;
  }

  /** Partition {@code id} of version {@code version} with a CO logged in on {@link #partition}. */
  SecOpsFixture withPartition(int id, int version) throws HsmException {
    hsm.createPartition(admin, id, version);
    partition = hsm.openSession(id, 2, true);
    hsm.initPartition(partition, "part", PW, "domain", null);
    hsm.login(partition, Role.PARTITION_SO, PW);
    hsm.initRole(partition, Role.CRYPTO_OFFICER, PW);
    hsm.logout(partition);
    hsm.login(partition, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(partition, PW, CO_PW);
    return this;
  }

  /** Creates the Auditor on a new admin session and logs it in there; returns that session. */
  long auditor() throws HsmException {
    long au = hsm.openSession(0, 9, true);
    hsm.initRole(au, Role.AUDITOR, AU_PW);
    hsm.login(au, Role.AUDITOR, AU_PW);
    return au;
  }
}
