package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.SeleneServer;
import io.selenehsm.server.client.RemoteSlot;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ServerIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code partition archive} in the shell against a Backup HSM of another host: host B serves its
 * Backup HSM 7 over mutual TLS (the Remote Backup Service), host A declares it as a network device,
 * and the shell backs up one of A's partitions there and restores it into another.
 */
class RemoteBackupShellTest {
  private static final char[] PW = "password1".toCharArray();
  private static final String CO = "password2";

  @TempDir Path dir;
  private DeviceManager hostB;
  private SeleneServer serverB;
  private DeviceManager hostA;
  private Path file;

  private record Run(int exitCode, String output) {
    List<String> results() {
      return output.lines().filter(l -> l.startsWith("Command Result : ")).toList();
    }
  }

  @BeforeEach
  void hosts() throws Exception {
    hostB =
        DeviceManager.inMemory(
            ClientConfig.parse(
                "Devices = {\n Device00 = backup, 7300, factory=zeroized;\n}\n", "host B"));
    DeviceSlot backup = hostB.slots().adminSlot("7300").orElseThrow();
    long a = backup.openSession(1, true);
    backup.initHsm(a, "rbs-backup", PW, "backupdomain", null);
    backup.closeSession(a);
    Path homeB = dir.resolve("hostB");
    serverB =
        SeleneServer.start(
            hostB,
            SeleneServer.Options.local(homeB)
                .withTcp(new SeleneServer.Tcp("127.0.0.1", 0))
                .withRemoteBackup(List.of("7300")),
            TimeSource.system());
    Path serverDir = ServerIdentity.serverDir(homeB);
    Path cert = dir.resolve("client/hostACert.pem");
    Path key = dir.resolve("client/hostAKey.pem");
    ClientRegistry.open(serverDir)
        .register(
            "hostA", "hosta.example.test", ClientIdentity.create("hostA", cert, key).certificate());
    Path serverCert = ServerIdentity.loadOrCreate(serverDir, "127.0.0.1").certificateFile();
    file = dir.resolve("selene.conf");
    Files.writeString(
        file,
        "Devices = {\n"
            + "  Device00 = usb, 7100, factory=zeroized;\n"
            + "  Device01 = usb, 7101, factory=zeroized;\n"
            + "  Device02 = network, 127.0.0.1:"
            + serverB.tcpPort()
            + ";\n"
            + "}\n"
            + "CardReader = {\n  LunaG5Slots = 0;\n  LunaG7Slots = 0;\n}\n"
            + "LunaSA Client = {\n"
            + "  ClientCertFile = "
            + cert
            + ";\n  ClientPrivKeyFile = "
            + key
            + ";\n  ServerCAFile = "
            + serverCert
            + ";\n}\n");
    hostA = DeviceManager.inMemory(ClientConfig.parse(file));
    provision("7100");
    provision("7101");
  }

  @AfterEach
  void stop() {
    if (hostA != null) {
      hostA.close();
    }
    serverB.close();
    hostB.close();
  }

  private void provision(String serial) throws HsmException {
    DeviceSlot admin = hostA.slots().adminSlot(serial).orElseThrow();
    DeviceSlot app = part(serial);
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", PW, "blue", null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), 0);
    admin.closeSession(a);
    long s = app.openSession(2, true);
    app.initPartition(s, "part" + serial, PW, "blue", null);
    app.login(s, Role.PARTITION_SO, PW);
    app.initRole(s, Role.CRYPTO_OFFICER, PW);
    app.logout(s);
    app.login(s, Role.CRYPTO_OFFICER, PW);
    app.changePin(s, PW, CO.toCharArray());
    app.closeSession(s);
  }

  private DeviceSlot part(String serial) {
    return hostA.slots().applicationSlot(serial, 1).orElseThrow();
  }

  private int remoteBackupSlot() {
    List<Slot> remote = hostA.slots().all().stream().filter(s -> s instanceof RemoteSlot).toList();
    assertEquals(1, remote.size(), () -> hostA.slots().list().toString());
    return remote.get(0).slotId();
  }

  private void aesKeyOn(String serial) throws HsmException {
    DeviceSlot slot = part(serial);
    long s = slot.openSession(78, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO.toCharArray());
      slot.generateKey(
          s,
          Mechanism.of(Ckm.AES_KEY_GEN),
          Attributes.builder()
              .set(Cka.KEY_TYPE, Ckk.AES)
              .set(Cka.VALUE_LEN, 32L)
              .set(Cka.TOKEN, true)
              .build());
    } finally {
      slot.closeSession(s);
    }
  }

  private List<String> ouids(String serial) throws HsmException {
    DeviceSlot slot = part(serial);
    long s = slot.openSession(77, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO.toCharArray());
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

  private Run run(String stdin, String... commands) {
    List<String> args = new ArrayList<>();
    for (String c : commands) {
      args.add("-c");
      args.add(c);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        SeleneCm.run(
            args.toArray(String[]::new),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            out,
            () -> DeviceDirectory.over(hostA, file));
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theShellBacksUpToAndRestoresFromAnotherHostsBackupHsm() throws Exception {
    aesKeyOn("7100");
    aesKeyOn("7100");
    String backup = " -slot " + remoteBackupSlot() + " -password " + new String(PW);

    Run b =
        run(
            "",
            "slot set -slot " + part("7100").slotId(),
            "role login -name co -password " + CO,
            "partition archive backup" + backup + " -container offsite",
            "partition archive list" + backup);
    Run r =
        run(
            "",
            "slot set -slot " + part("7101").slotId(),
            "role login -name co -password " + CO,
            "partition archive restore" + backup + " -container offsite -force");

    assertEquals(
        List.of(Shell.NO_ERROR, Shell.NO_ERROR, Shell.NO_ERROR, Shell.NO_ERROR),
        b.results(),
        b.output());
    assertTrue(b.output().contains("2 item(s) copied"), b.output());
    assertTrue(b.output().contains("offsite") && b.output().contains("7100001"), b.output());
    assertEquals(List.of(Shell.NO_ERROR, Shell.NO_ERROR, Shell.NO_ERROR), r.results(), r.output());
    assertTrue(r.output().contains("2 item(s) restored"), r.output());
    assertEquals(ouids("7100"), ouids("7101"));
  }

  @Test
  void theShellReportsTheRefusalWhenNetworkReplicationIsOff() throws Exception {
    aesKeyOn("7100");
    DeviceSlot admin = hostA.slots().adminSlot("7100").orElseThrow();
    long a = admin.openSession(1, true);
    admin.login(a, Role.HSM_SO, PW);
    admin.changeHsmPolicy(a, HsmPolicies.ALLOW_NETWORK_REPLICATION, 0);
    admin.closeSession(a);
    String backup = " -slot " + remoteBackupSlot() + " -password " + new String(PW);

    Run b =
        run(
            "",
            "slot set -slot " + part("7100").slotId(),
            "role login -name co -password " + CO,
            "partition archive backup" + backup + " -container offsite",
            "partition archive list" + backup);

    assertEquals(
        "Command Result : " + ReturnCodes.format(Ckr.OPERATION_NOT_ALLOWED),
        b.results().get(2),
        b.output());
    assertTrue(b.output().contains("HSM policy 16"), b.output());
    assertTrue(b.output().contains("holds no backup containers"), b.output());
  }
}
