package io.selenehsm.firmware.clone;

import static io.selenehsm.firmware.clone.Devices.partition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCloning;
import io.selenehsm.firmware.clone.Devices.Part;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksExtractRequest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@code partition archive backup/restore} through a Backup HSM 7. */
class BackupTest {
  private Hsm backup;
  private long so;

  @BeforeEach
  void setUp() throws HsmException {
    backup = Devices.backupHsm("900");
    so = Devices.backupSo(backup);
  }

  private static void refused(long code, String fragment, Executable e) {
    HsmException x = assertThrows(HsmException.class, e);
    assertEquals(code, x.returnCode(), x.getMessage());
    assertTrue(x.getMessage().contains(fragment), x.getMessage());
  }

  /** Readable attributes of every token object, by OUID. */
  private static Map<String, Attributes> contents(Part p) throws HsmException {
    Map<String, Attributes> m = new TreeMap<>();
    for (long h :
        p.hsm().findObjects(p.session(), Attributes.builder().set(Cka.TOKEN, true).build())) {
      Attributes a = p.hsm().getAttributes(p.session(), h);
      m.put(HexFormat.of().formatHex(a.get(Cka.OUID)), a);
    }
    return m;
  }

  @Test
  void backupAndRestoreRoundTripEveryTokenObject() throws Exception {
    Part src = partition("100", 0, "blue");
    src.aesKey(true);
    src.ecPair();
    src.aesKey(false); // session objects are not backed up
    BackupReport b = HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "nightly", false);
    assertEquals(new BackupReport("nightly", 3, 0, 3), b);
    BackupContainerInfo info = backup.cloning().listBackups(so).get(0);
    assertEquals("nightly", info.name());
    assertEquals(PartitionKind.V0, info.sourceKind());
    assertEquals("100001", info.sourcePartitionSerial());

    Part dst = partition("200", 0, "blue");
    BackupReport r = HsmCloning.restore(backup, so, "nightly", dst.hsm(), dst.session(), 1);
    assertEquals(new BackupReport("nightly", 3, 0, 3), r);
    assertEquals(contents(src), contents(dst), "attributes and OUIDs survive the round trip");
    BackupReport again = HsmCloning.restore(backup, so, "nightly", dst.hsm(), dst.session(), 1);
    assertEquals(new BackupReport("nightly", 0, 3, 3), again, "a second restore adds nothing");
  }

  @Test
  void appendAddsOnlyObjectsTheContainerLacks() throws Exception {
    Part src = partition("100", 0, "blue");
    src.aesKey(true);
    src.aesKey(true);
    HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false);
    refused(
        Ckr.OBJECT_ALREADY_EXISTS,
        "-append",
        () -> HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false));
    src.ecPair();
    BackupReport appended = HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", true);
    assertEquals(new BackupReport("c1", 2, 2, 4), appended);
    assertEquals(4, backup.cloning().listBackups(so).get(0).itemCount());
    Part dst = partition("200", 0, "blue");
    HsmCloning.restore(backup, so, "c1", dst.hsm(), dst.session(), 1);
    assertEquals(contents(src), contents(dst));
  }

  @Test
  void appendingAnotherDomainsPartitionIsRefused() throws Exception {
    Part blue = partition("100", 0, "blue");
    blue.aesKey(true);
    Part green = partition("200", 0, "green");
    green.aesKey(true);
    HsmCloning.backup(blue.hsm(), blue.session(), 1, backup, so, "c1", false);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another domain",
        () -> HsmCloning.backup(green.hsm(), green.session(), 1, backup, so, "c1", true));
  }

  @Test
  void restoreNeedsTheSameDomainAndVersion() throws Exception {
    Part src = partition("100", 0, "blue");
    src.aesKey(true);
    HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false);
    Part other = partition("200", 0, "green");
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another cloning domain",
        () -> HsmCloning.restore(backup, so, "c1", other.hsm(), other.session(), 1));
    Part v1 = partition("300", 1, "blue");
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "V1 partitions clone only",
        () -> HsmCloning.restore(backup, so, "c1", v1.hsm(), v1.session(), 1));
    assertEquals(0, other.hsm().partitionInfo(1).objectCount());
    assertEquals(0, v1.hsm().partitionInfo(1).objectCount());
  }

  @Test
  void aV1PartitionBacksUpOnlyItsSmk() throws Exception {
    Part src = partition("100", 1, "blue");
    src.aesKey(true);
    BackupReport b = HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "smk", false);
    assertEquals(1, b.copied(), "only the SMK, not the key object");
    Part dst = partition("200", 1, "blue");
    HsmCloning.restore(backup, so, "smk", dst.hsm(), dst.session(), 1);
    assertArrayEquals(
        src.hsm().cloning().smkFingerprint(1).orElseThrow(),
        dst.hsm().cloning().smkFingerprint(1).orElseThrow());
    assertEquals(0, dst.hsm().partitionInfo(1).objectCount());
    // The restored SMK opens the source's SKS blobs on the target.
    long key = src.aesKey(true);
    byte[] blob = src.hsm().sks().extract(src.session(), SksExtractRequest.of(key));
    assertEquals(1, dst.hsm().sks().insert(dst.session(), blob, null).length);
    Part v0 = partition("300", 0, "blue");
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "V1 partitions clone only",
        () -> HsmCloning.restore(backup, so, "smk", v0.hsm(), v0.session(), 1));
  }

  @Test
  void aDeviceWithoutSksCannotBackUpAV1Partition() throws Exception {
    Part src = partition("100", 1, "blue");
    src.hsm().cloning().attachSmkVault(io.selenehsm.firmware.SmkVault.NONE);
    refused(
        Ckr.KEY_NEEDED,
        "no SMK",
        () -> HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "smk", false));
  }

  @Test
  void onlyABackupHsmSoKeepsContainers() throws Exception {
    Part src = partition("100", 0, "blue");
    src.aesKey(true);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "not a Backup HSM",
        () -> HsmCloning.backup(src.hsm(), src.session(), 1, src.hsm(), src.admin(), "c1", false));
    backup.logout(so);
    refused(
        Ckr.USER_NOT_LOGGED_IN,
        "so login",
        () -> HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false));
    backup.login(so, io.selenehsm.firmware.role.Role.HSM_SO, Devices.PW);
    refused(
        Ckr.ARGUMENTS_BAD,
        "container name",
        () -> HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "bad/name", false));
    refused(
        Ckr.OBJECT_HANDLE_INVALID,
        "no backup container",
        () ->
            backup
                .cloning()
                .fetchBackup(
                    so,
                    "missing",
                    src.hsm().cloning().securityOf(1),
                    src.hsm().cloning().cloningTarget(src.session())));
  }

  @Test
  void containersSurviveARestartAndCanBeDeleted() throws Exception {
    Part src = partition("100", 0, "blue");
    src.aesKey(true);
    HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false);
    backup.restart();
    long again = backup.openSession(0, 1, true);
    backup.login(again, io.selenehsm.firmware.role.Role.HSM_SO, Devices.PW);
    assertEquals(1, backup.cloning().listBackups(again).size());
    backup.cloning().deleteBackup(again, "c1");
    assertEquals(0, backup.cloning().listBackups(again).size());
  }

  @Test
  void restrictedRestoreAdmitsNoLessSecureTarget() throws Exception {
    Part src = partition("100", 0, "blue");
    src.aesKey(true);
    HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false);
    backup.changeHsmPolicy(so, HsmPolicies.RESTRICTED_RESTORE, 1);
    Part dst = partition("200", 0, "blue");
    assertEquals(
        1,
        HsmCloning.restore(backup, so, "c1", dst.hsm(), dst.session(), 1).copied(),
        "a target on the same firmware and protocol is as secure");
    FirmwareVersion current = FirmwareVersion.current();
    TargetSecurity old = new TargetSecurity(new FirmwareVersion(7, 4, 2), 3, PartitionKind.PRE_7_7);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "older than 7.7.0",
        () ->
            backup
                .cloning()
                .fetchBackup(so, "c1", old, src.hsm().cloning().cloningTarget(src.session())));
    backup.changeHsmPolicy(so, HsmPolicies.RESTRICTED_RESTORE, 0);
    assertEquals(
        1,
        backup
            .cloning()
            .fetchBackup(so, "c1", old, src.hsm().cloning().cloningTarget(src.session()))
            .size(),
        "policy 55 off");

    // The rule itself, over firmware and protocol versions the emulation cannot run.
    FirmwareVersion newer = new FirmwareVersion(7, 8, 0);
    TargetSecurity here = new TargetSecurity(current, CloningPayload.PROTOCOL, PartitionKind.V0);
    RestoreRule.check(true, current, CloningPayload.PROTOCOL, here);
    RestoreRule.check(true, new FirmwareVersion(6, 2, 4), 1, here);
    RestoreRule.check(false, newer, 5, old);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "older than the backed-up partition's 7.8.0",
        () -> RestoreRule.check(true, newer, CloningPayload.PROTOCOL, here));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "protocol",
        () -> RestoreRule.check(true, current, CloningPayload.PROTOCOL + 1, here));
  }
}
