package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.HaConfiguration;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaGroups;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hagroup}, {@code partition archive} and {@code partition clone} through {@link
 * SeleneCm#run} on in-memory devices; HA groups land in the selene.conf the shell was started with.
 */
class HaGroupCommandsTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 7100, factory=zeroized;
        Device01 = usb, 7101, factory=zeroized;
        Device02 = usb, 7102, factory=zeroized;
        Device03 = backup, 7300, factory=zeroized;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      HAConfiguration = {
        AutoReconnectInterval = 60;
      }
      """;
  private static final char[] PW = "password1".toCharArray();
  private static final String CO = "password2";

  @TempDir Path dir;
  private Path file;
  private DeviceManager manager;

  private record Run(int exitCode, String output) {
    List<String> results() {
      return output.lines().filter(l -> l.startsWith("Command Result : ")).toList();
    }
  }

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  /** Devices 7100-7102 get a partition each: {@code versions[i]} in {@code domains[i]}. */
  private void devices(int[] versions, String[] domains) throws Exception {
    file = dir.resolve("selene.conf");
    Files.writeString(file, CONF);
    manager = DeviceManager.inMemory(ClientConfig.parse(file));
    for (int i = 0; i < versions.length; i++) {
      provision(String.valueOf(7100 + i), versions[i], domains[i]);
    }
    DeviceSlot backup = manager.slots().adminSlot("7300").orElseThrow();
    long a = backup.openSession(1, true);
    backup.initHsm(a, "backup", PW, "backupdomain", null);
    backup.closeSession(a);
  }

  private void provision(String serial, int version, String domain) throws HsmException {
    DeviceSlot admin = manager.slots().adminSlot(serial).orElseThrow();
    DeviceSlot app = part(serial);
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", PW, domain, null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), version);
    admin.closeSession(a);
    long s = app.openSession(2, true);
    app.initPartition(s, "part" + serial, PW, domain, null);
    app.login(s, Role.PARTITION_SO, PW);
    app.initRole(s, Role.CRYPTO_OFFICER, PW);
    app.logout(s);
    app.login(s, Role.CRYPTO_OFFICER, PW);
    app.changePin(s, PW, CO.toCharArray());
    app.closeSession(s);
  }

  private DeviceSlot part(String serial) {
    return manager.slots().applicationSlot(serial, 1).orElseThrow();
  }

  private int backupSlot() {
    return manager.slots().adminSlot("7300").orElseThrow().slotId();
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
            () -> DeviceDirectory.over(manager, file));
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  private static List<String> ok(int n) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(Shell.NO_ERROR);
    }
    return l;
  }

  private static String error(long code) {
    return "Command Result : " + io.selenehsm.firmware.rc.ReturnCodes.format(code);
  }

  /** Token OUIDs on a member, read directly. */
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

  private long aesKeyOn(String serial) throws HsmException {
    DeviceSlot slot = part(serial);
    long s = slot.openSession(78, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO.toCharArray());
      return slot.generateKey(
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

  private String primarySmk(String serial) throws HsmException {
    DeviceSlot slot = part(serial);
    long s = slot.openSession(79, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO.toCharArray());
      return slot.smkInfo(s).primary();
    } finally {
      slot.closeSession(s);
    }
  }

  @Test
  void groupsAndSettingsArePersistedInSeleneConf() throws Exception {
    devices(new int[] {0, 0, 0}, new String[] {"blue", "blue", "blue"});
    Run r =
        run(
            "",
            "hagroup creategroup -label pay -serial 7100 -password " + CO,
            "hagroup addmember -group pay -serial 7101 -password " + CO,
            "hagroup addmember -group pay -serial 7102 -password " + CO,
            "hagroup haonly -enable",
            "hagroup recoverymode -mode activeEnhanced",
            "hagroup retry -count 5",
            "hagroup interval -interval 120",
            "hagroup listgroups");
    assertEquals(ok(8), r.results(), r.output());
    assertTrue(r.output().contains("created with group number 17100"), r.output());
    assertTrue(r.output().contains("HA Group Label:  pay"), r.output());
    ClientConfig written = ClientConfig.parse(file);
    assertEquals(1, written.virtualTokens().size());
    assertEquals("17100", written.virtualTokens().get(0).serial());
    assertEquals(List.of("7100", "7101", "7102"), written.virtualTokens().get(0).members());
    HaConfiguration ha = written.ha();
    assertTrue(ha.haOnly());
    assertEquals(HaConfiguration.RecoveryMode.ACTIVE_ENHANCED, ha.recoveryMode());
    assertEquals(5, ha.reconnectAttempts());
    assertEquals(Duration.ofSeconds(120), ha.autoReconnectInterval());

    Run bad =
        run(
            "",
            "hagroup retry -count 999",
            "hagroup interval -interval 5",
            "hagroup addmember -group nope -serial 7101 -password " + CO,
            "hagroup creategroup -label pay -serial 7101 -password " + CO,
            "hagroup haonly");
    assertEquals(
        List.of(
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD)),
        bad.results(),
        bad.output());
    assertTrue(bad.output().contains("reconnAtt"), bad.output());
    assertEquals(written, ClientConfig.parse(file), "refused edits leave the file as it was");

    // The next process reads the group from the file: the provider registers its virtual slot.
    try (DeviceManager next = DeviceManager.inMemory(ClientConfig.parse(file))) {
      for (String serial : List.of("7100", "7101", "7102")) {
        DeviceManager saved = manager;
        manager = next;
        provision(serial, 0, "blue");
        manager = saved;
      }
      HaGroups groups = HaGroups.register(next);
      HaGroup pay = groups.groups().get(0);
      assertEquals("pay", pay.label());
      assertEquals("17100", pay.serial());
      assertEquals(3, pay.status().size());
      assertTrue(
          groups.visibleSlots().stream()
              .noneMatch(i -> i.kind() == io.selenehsm.device.SlotInfo.Kind.APPLICATION),
          "HAOnly hides the members");
      groups.close();
    }
  }

  @Test
  void removeMemberAsksAndTheLastRemovalDeletesTheGroup() throws Exception {
    devices(new int[] {0, 0}, new String[] {"blue", "blue"});
    assertEquals(
        ok(2),
        run(
                "",
                "hagroup creategroup -label pay -serial 7100 -password " + CO,
                "hagroup addmember -group pay -serial 7101 -password " + CO)
            .results());
    Run cancelled = run("no\n", "hagroup removemember -group pay -serial 7101");
    assertEquals(List.of(error(Ckr.CANCEL)), cancelled.results(), cancelled.output());
    assertEquals(2, ClientConfig.parse(file).virtualTokens().get(0).members().size());
    Run removed =
        run(
            "proceed\n",
            "hagroup removemember -group pay -serial 7101",
            "hagroup removemember -group pay -serial 7100 -force",
            "hagroup listgroups");
    assertEquals(ok(3), removed.results(), removed.output());
    assertTrue(removed.output().contains("deleted"), removed.output());
    assertTrue(ClientConfig.parse(file).virtualTokens().isEmpty());
  }

  @Test
  void membersThatDoNotFitAreRefusedAndNothingIsWritten() throws Exception {
    devices(new int[] {0, 1, 0}, new String[] {"blue", "blue", "green"});
    assertEquals(
        ok(1), run("", "hagroup creategroup -label pay -serial 7100 -password " + CO).results());
    ClientConfig before = ClientConfig.parse(file);
    Run r =
        run(
            "",
            "hagroup addmember -group pay -serial 7101 -password " + CO,
            "hagroup addmember -group pay -serial 7102 -password " + CO,
            "hagroup addmember -group pay -serial 7102 -password wrong-password",
            "hagroup addmember -group pay -serial 9999 -password " + CO);
    assertEquals(
        List.of(
            error(Ckr.OPERATION_NOT_ALLOWED),
            error(Ckr.OPERATION_NOT_ALLOWED),
            error(Ckr.PIN_INCORRECT),
            error(Ckr.SLOT_ID_INVALID)),
        r.results(),
        r.output());
    assertTrue(r.output().contains("cannot mix V0 and V1"), r.output());
    assertTrue(r.output().contains("another cloning domain"), r.output());
    assertEquals(before, ClientConfig.parse(file));
  }

  @Test
  void aV1MemberTakesTheGroupsSmkWhenItJoins() throws Exception {
    devices(new int[] {1, 1}, new String[] {"blue", "blue"});
    String groupSmk = primarySmk("7100");
    String own = primarySmk("7101");
    assertNotEquals(groupSmk, own);
    Run r =
        run(
            "",
            "hagroup creategroup -label v1 -serial 7100 -password " + CO,
            "hagroup addmember -group v1 -serial 7101 -password " + CO);
    assertEquals(ok(2), r.results(), r.output());
    assertTrue(r.output().contains("took the group's SMK"), r.output());
    assertEquals(groupSmk, primarySmk("7101"));
  }

  @Test
  void synchronizeBringsEveryMemberToTheUnionOfObjects() throws Exception {
    devices(new int[] {0, 0, 0}, new String[] {"blue", "blue", "blue"});
    aesKeyOn("7100");
    aesKeyOn("7102");
    assertEquals(
        ok(3),
        run(
                "",
                "hagroup creategroup -label pay -serial 7100 -password " + CO,
                "hagroup addmember -group pay -serial 7101 -password " + CO,
                "hagroup addmember -group pay -serial 7102 -password " + CO)
            .results());
    Run r = run("", "hagroup synchronize -group pay -password " + CO);
    assertEquals(ok(1), r.results(), r.output());
    assertTrue(r.output().contains("2 token object(s) on each of 3 member(s)"), r.output());
    List<String> first = ouids("7100");
    assertEquals(2, first.size());
    assertEquals(first, ouids("7101"));
    assertEquals(first, ouids("7102"));
  }

  @Test
  void recoverForcesAProbeOfTheMembersOfALiveGroup() throws Exception {
    devices(new int[] {0, 0}, new String[] {"blue", "blue"});
    // A group this process serves, with no background recovery: only the command brings back.
    HaGroup pay =
        HaGroup.builder()
            .label("pay")
            .serial("17100")
            .member(part("7100"))
            .member(part("7101"))
            .settings(io.selenehsm.ha.HaSettings.defaults())
            .time(TimeSource.system().withoutScheduling())
            .register(manager.slots());
    try {
      long s = pay.openSession(5, true);
      pay.login(s, Role.CRYPTO_OFFICER, CO.toCharArray());
      io.selenehsm.device.DeviceFaults.unplug("7101");
      pay.generateKey(
          s,
          Mechanism.of(Ckm.AES_KEY_GEN),
          Attributes.builder()
              .set(Cka.KEY_TYPE, Ckk.AES)
              .set(Cka.VALUE_LEN, 32L)
              .set(Cka.TOKEN, true)
              .build());
      assertEquals(io.selenehsm.ha.MemberState.DOWN, pay.status().get(1).state());
      io.selenehsm.device.DeviceFaults.replug("7101");
      Run r = run("", "hagroup recover -group pay");
      assertEquals(ok(1), r.results(), r.output());
      assertTrue(r.output().contains("2 of 2 member(s) active"), r.output());
      assertEquals(io.selenehsm.ha.MemberState.ACTIVE, pay.status().get(1).state());
      assertEquals(ouids("7100"), ouids("7101"), "resynchronised as it rejoined");

      Run unknown = run("", "hagroup recover -group nope");
      assertEquals(List.of(error(Ckr.ARGUMENTS_BAD)), unknown.results(), unknown.output());
      pay.closeSession(s);
    } finally {
      pay.close();
    }
  }

  @Test
  void recoverWithoutALiveGroupProbesTheMembersTheFileNames() throws Exception {
    devices(new int[] {0, 0}, new String[] {"blue", "blue"});
    assertEquals(
        ok(2),
        run(
                "",
                "hagroup creategroup -label pay -serial 7100 -password " + CO,
                "hagroup addmember -group pay -serial 7101 -password " + CO)
            .results());
    io.selenehsm.device.DeviceFaults.unplug("7101");
    try {
      Run some = run("", "hagroup recover -group pay");
      assertEquals(ok(1), some.results(), some.output());
      assertTrue(some.output().contains("does not answer"), some.output());
      assertTrue(some.output().contains("1 answering member(s)"), some.output());
      io.selenehsm.device.DeviceFaults.unplug("7100");
      Run none = run("", "hagroup recover -group pay");
      assertEquals(List.of(error(Ckr.TOKEN_NOT_PRESENT)), none.results(), none.output());
    } finally {
      io.selenehsm.device.DeviceFaults.replug("7100");
      io.selenehsm.device.DeviceFaults.replug("7101");
    }
  }

  @Test
  void archiveBackupListRestoreAndAppend() throws Exception {
    devices(new int[] {0, 0}, new String[] {"blue", "blue"});
    aesKeyOn("7100");
    int src = part("7100").slotId();
    int dst = part("7101").slotId();
    String backup = " -slot " + backupSlot() + " -password " + new String(PW);
    Run b =
        run(
            "",
            "slot set -slot " + src,
            "role login -name co -password " + CO,
            "partition archive backup" + backup + " -container c1",
            "partition archive backup" + backup + " -container c1");
    assertEquals(
        List.of(Shell.NO_ERROR, Shell.NO_ERROR, Shell.NO_ERROR, error(Ckr.OBJECT_ALREADY_EXISTS)),
        b.results(),
        b.output());
    aesKeyOn("7100");
    Run append =
        run(
            "",
            "slot set -slot " + src,
            "role login -name co -password " + CO,
            "partition archive backup" + backup + " -container c1 -append",
            "partition archive list" + backup);
    assertEquals(ok(4), append.results(), append.output());
    assertTrue(append.output().contains("1 item(s) copied, 1 already there"), append.output());
    assertTrue(append.output().contains("c1"), append.output());
    Run restore =
        run(
            "proceed\n",
            "slot set -slot " + dst,
            "role login -name co -password " + CO,
            "partition archive restore" + backup + " -container c1");
    assertEquals(ok(3), restore.results(), restore.output());
    assertEquals(ouids("7100"), ouids("7101"));
    Run wrongSlot =
        run(
            "",
            "slot set -slot " + dst,
            "role login -name co -password " + CO,
            "partition archive list -slot " + src + " -password x");
    assertEquals(error(Ckr.SLOT_ID_INVALID), wrongSlot.results().get(2), wrongSlot.output());
  }

  @Test
  void cloneCopiesObjectsWithTheirOuidsWithinADomain() throws Exception {
    devices(new int[] {0, 0, 0}, new String[] {"blue", "blue", "green"});
    long key = aesKeyOn("7100");
    aesKeyOn("7100");
    int src = part("7100").slotId();
    Run one =
        run(
            "",
            "slot set -slot " + src,
            "role login -name co -password " + CO,
            "partition clone -objects "
                + key
                + " -slot "
                + part("7101").slotId()
                + " -password "
                + CO);
    assertEquals(ok(3), one.results(), one.output());
    assertEquals(1, ouids("7101").size());
    assertTrue(ouids("7100").containsAll(ouids("7101")));
    Run other =
        run(
            "",
            "slot set -slot " + src,
            "role login -name co -password " + CO,
            "partition clone -objects all -slot " + part("7102").slotId() + " -password " + CO,
            "partition clone -objects x,1 -slot " + part("7101").slotId() + " -password " + CO);
    assertEquals(
        List.of(
            Shell.NO_ERROR,
            Shell.NO_ERROR,
            error(Ckr.OPERATION_NOT_ALLOWED),
            error(Ckr.ARGUMENTS_BAD)),
        other.results(),
        other.output());
    assertTrue(other.output().contains("another cloning domain"), other.output());
    assertEquals(List.of(), ouids("7102"));
  }
}
