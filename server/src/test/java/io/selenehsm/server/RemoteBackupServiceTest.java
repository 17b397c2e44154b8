package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.HsmModel;
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
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.client.RemoteSlot;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ServerIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Remote Backup Service: a Backup HSM 7 attached to host B, served by B's device service over
 * mutual TLS on loopback, backs up and restores partitions of host A (an application that opens its
 * own devices and declares B as a network device). Both hosts run in this JVM; every call to the
 * Backup HSM crosses TLS through gRPC.
 */
class RemoteBackupServiceTest {
  private static final String BACKUP_SERIAL = "7300";
  private static final String OTHER_BACKUP_SERIAL = "7301";
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO = "password2".toCharArray();

  @TempDir Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private DeviceManager hostB;
  private SeleneServer serverB;
  private DeviceManager hostA;

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** Host B: two Backup HSMs and a USB HSM, served on TLS offering {@code offered}. */
  private void startHostB(List<String> offered) throws Exception {
    hostB =
        DeviceManager.inMemory(
            ClientConfig.parse(
                "Devices = {\n"
                    + " Device00 = backup, "
                    + BACKUP_SERIAL
                    + ", factory=zeroized;\n"
                    + " Device01 = backup, "
                    + OTHER_BACKUP_SERIAL
                    + ", factory=zeroized;\n"
                    + " Device02 = usb, 7400, factory=zeroized;\n"
                    + "}\n",
                "host B selene.conf"));
    opened.add(hostB::close);
    for (String serial : List.of(BACKUP_SERIAL, OTHER_BACKUP_SERIAL, "7400")) {
      DeviceSlot admin = hostB.slots().adminSlot(serial).orElseThrow();
      long a = admin.openSession(1, true);
      admin.initHsm(a, "hsm" + serial, PW, "backupdomain", null);
      admin.closeSession(a);
    }
    Path home = dir.resolve("hostB");
    serverB =
        SeleneServer.start(
            hostB,
            SeleneServer.Options.local(home)
                .withTcp(new SeleneServer.Tcp("127.0.0.1", 0))
                .withRemoteBackup(offered),
            TimeSource.system());
    opened.add(serverB);
  }

  /** A client identity for {@code name}, registered with host B's server when asked. */
  private Path[] client(String name, boolean registered) throws Exception {
    Path d = dir.resolve("clients").resolve(name);
    Path cert = d.resolve(name + "Cert.pem");
    Path key = d.resolve(name + "Key.pem");
    ClientIdentity id = ClientIdentity.create(name, cert, key);
    if (registered) {
      ClientRegistry.open(ServerIdentity.serverDir(dir.resolve("hostB")))
          .register(name, name + ".example.test", id.certificate());
    }
    return new Path[] {cert, key};
  }

  /** The configuration of a host with two USB HSMs that declares host B as a network device. */
  private ClientConfig hostAConfig(Path[] credentials) throws Exception {
    Path serverCert =
        ServerIdentity.loadOrCreate(ServerIdentity.serverDir(dir.resolve("hostB")), "127.0.0.1")
            .certificateFile();
    return ClientConfig.parse(
        "Devices = {\n"
            + " Device00 = usb, 7100, factory=zeroized;\n"
            + " Device01 = usb, 7101, factory=zeroized;\n"
            + " Device02 = network, 127.0.0.1:"
            + serverB.tcpPort()
            + ";\n"
            + "}\n"
            + "LunaSA Client = {\n"
            + " ClientCertFile = "
            + credentials[0]
            + ";\n"
            + " ClientPrivKeyFile = "
            + credentials[1]
            + ";\n"
            + " ServerCAFile = "
            + serverCert
            + ";\n"
            + "}\n",
        "host A selene.conf");
  }

  private void startHostA(String clientName, boolean registered) throws Exception {
    hostA = DeviceManager.inMemory(hostAConfig(client(clientName, registered)));
    opened.add(hostA::close);
    provision("7100");
    provision("7101");
  }

  private void provision(String serial) throws HsmException {
    DeviceSlot admin = hostA.slots().adminSlot(serial).orElseThrow();
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
    return hostA.slots().applicationSlot(serial, 1).orElseThrow();
  }

  /** The Backup HSM admin slots host A sees through the network device, by device serial. */
  private List<Slot> remoteBackupSlots() {
    return hostA.slots().all().stream()
        .filter(s -> s instanceof RemoteSlot)
        .filter(
            s ->
                s.info().kind() == SlotInfo.Kind.ADMIN
                    && HsmModel.BACKUP_HSM_7.displayName().equals(s.info().model()))
        .toList();
  }

  private Slot remoteBackupSlot() {
    List<Slot> slots = remoteBackupSlots();
    assertEquals(1, slots.size(), () -> "remote Backup HSM slots: " + hostA.slots().list());
    return slots.get(0);
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

  private static long coSession(Slot slot) throws HsmException {
    long s = slot.openSession(78, true);
    slot.login(s, Role.CRYPTO_OFFICER, CO);
    return s;
  }

  private static long soSession(Slot slot) throws HsmException {
    long s = slot.openSession(90, true);
    slot.login(s, Role.HSM_SO, PW);
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

  private BackupReport backup(Slot partition, Slot backupSlot, String container)
      throws HsmException {
    long s = coSession(partition);
    long bs = soSession(backupSlot);
    try {
      return partition.backupPartition(s, backupSlot, bs, container, false);
    } finally {
      partition.closeSession(s);
      backupSlot.closeSession(bs);
    }
  }

  private BackupReport restore(Slot partition, Slot backupSlot, String container)
      throws HsmException {
    long s = coSession(partition);
    long bs = soSession(backupSlot);
    try {
      return partition.restorePartition(s, backupSlot, bs, container);
    } finally {
      partition.closeSession(s);
      backupSlot.closeSession(bs);
    }
  }

  /** The containers on host B's Backup HSM, read on host B. */
  private List<String> containersOnHostB() throws HsmException {
    DeviceSlot admin = hostB.slots().adminSlot(BACKUP_SERIAL).orElseThrow();
    long s = soSession(admin);
    try {
      return admin.listBackups(s).stream().map(BackupContainerInfo::name).toList();
    } finally {
      admin.closeSession(s);
    }
  }

  private void setNetworkReplication(String serial, int value) throws HsmException {
    DeviceSlot admin = hostA.slots().adminSlot(serial).orElseThrow();
    long a = admin.openSession(1, true);
    try {
      admin.login(a, Role.HSM_SO, PW);
      admin.changeHsmPolicy(a, HsmPolicies.ALLOW_NETWORK_REPLICATION, value);
    } finally {
      admin.closeSession(a);
    }
  }

  @Test
  void aPartitionOfHostABacksUpOverTlsToHostBsBackupHsmAndRestoresIntoAnotherPartition()
      throws Exception {
    startHostB(List.of(BACKUP_SERIAL));
    startHostA("hostA", true);
    aesKeyOn("7100");
    aesKeyOn("7100");
    Slot remote = remoteBackupSlot();
    assertEquals(BACKUP_SERIAL, remote.info().deviceSerial());

    BackupReport b = backup(part("7100"), remote, "nightly");
    BackupReport r = restore(part("7101"), remote, "nightly");

    assertEquals(new BackupReport("nightly", 2, 0, 2), b);
    assertEquals(new BackupReport("nightly", 2, 0, 2), r);
    assertEquals(2, ouids("7101").size());
    assertEquals(ouids("7100"), ouids("7101"));
    assertEquals(List.of("nightly"), containersOnHostB());
    // The container names the source partition, as a local backup does.
    DeviceSlot admin = hostB.slots().adminSlot(BACKUP_SERIAL).orElseThrow();
    long s = soSession(admin);
    try {
      assertEquals("7100001", admin.listBackups(s).get(0).sourcePartitionSerial());
    } finally {
      admin.closeSession(s);
    }
  }

  @Test
  void networkReplicationOffOnHostAsHsmRefusesTheRemoteBackup() throws Exception {
    startHostB(List.of(BACKUP_SERIAL));
    startHostA("hostA", true);
    aesKeyOn("7100");
    setNetworkReplication("7100", 0);

    HsmException e =
        assertThrows(HsmException.class, () -> backup(part("7100"), remoteBackupSlot(), "nightly"));

    assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode(), e.getMessage());
    assertTrue(e.detail().contains("HSM policy 16"), e.detail());
    assertEquals(List.of(), containersOnHostB());
  }

  @Test
  void onlyTheBackupHsmsTheServiceOffersAreReachedAndNoOtherAdminSlot() throws Exception {
    startHostB(List.of(BACKUP_SERIAL));
    startHostA("hostA", true);

    List<Slot> remote = hostA.slots().all().stream().filter(s -> s instanceof RemoteSlot).toList();

    assertEquals(1, remote.size(), () -> "slots of host B seen on A: " + hostA.slots().list());
    assertEquals(BACKUP_SERIAL, remote.get(0).info().deviceSerial());
  }

  @Test
  void withoutAnRbsOfferHostBsBackupHsmsAreNotOfferedToNetworkClients() throws Exception {
    startHostB(List.of());
    startHostA("hostA", true);

    assertEquals(List.of(), remoteBackupSlots());
    assertFalse(
        hostA.slots().all().stream().anyMatch(s -> s instanceof RemoteSlot),
        () -> hostA.slots().list().toString());
  }

  @Test
  void anUnregisteredClientCannotReachTheBackupHsm() throws Exception {
    startHostB(List.of(BACKUP_SERIAL));
    ClientConfig config = hostAConfig(client("intruder", false));

    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                new ServedDevices()
                    .connect("127.0.0.1", serverB.tcpPort(), config, TimeSource.system()));
    assertEquals(Ckr.DEVICE_REMOVED, e.returnCode(), e.getMessage());
    // Declared in selene.conf, the unreachable device is left out; the local devices work.
    hostA = DeviceManager.inMemory(config);
    opened.add(hostA::close);
    assertEquals(List.of(), remoteBackupSlots());
    assertEquals(List.of(), containersOnHostB());
    assertEquals(0, serverB.clientCount(), "a refused handshake leaves no client behind");
  }

  @Test
  void aPartitionServedByOneServerBacksUpToABackupHsmOfAnother() throws Exception {
    startHostB(List.of(BACKUP_SERIAL));
    startHostA("hostA", true);
    Path homeC = dir.resolve("hostC");
    try (ServedHsm c = ServedHsm.start(homeC);
        DeviceManager attached = c.attach()) {
      Slot served = attached.slot(ServedHsm.PARTITION_SLOT);
      assertInstanceOf(RemoteSlot.class, served);
      long s = served.openSession(5, true);
      served.login(s, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
      served.generateKey(
          s,
          Mechanism.of(Ckm.AES_KEY_GEN),
          Attributes.builder()
              .set(Cka.KEY_TYPE, Ckk.AES)
              .set(Cka.VALUE_LEN, 16L)
              .set(Cka.TOKEN, true)
              .build());
      Slot remote = remoteBackupSlot();
      long bs = soSession(remote);
      try {
        BackupReport b = served.backupPartition(s, remote, bs, "fromC", false);
        assertEquals(new BackupReport("fromC", 1, 0, 1), b);
      } finally {
        remote.closeSession(bs);
        served.closeSession(s);
      }
    }
    assertEquals(List.of("fromC"), containersOnHostB());
  }
}
