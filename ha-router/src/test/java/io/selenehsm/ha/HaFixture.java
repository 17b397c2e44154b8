package io.selenehsm.ha;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/** In-memory USB HSMs with an initialized partition each, and groups over them. */
final class HaFixture implements AutoCloseable {
  static final char[] PW = "password1".toCharArray();
  static final char[] CO_PW = "password2".toCharArray();
  static final long APP = 7;
  static final Duration INTERVAL = Duration.ofSeconds(60);

  final DeviceManager manager;
  final List<String> serials = new ArrayList<>();
  final FakeTime clock = new FakeTime();
  private final List<HaGroup> groups = new ArrayList<>();

  /** The command timeouts (milliseconds) most tests use: a hang costs at most 1.5 s. */
  static final String SHORT_TIMEOUTS =
      "Luna = { DefaultTimeOut = 1500; KeypairGenTimeOut = "
          + "3000; CloningCommandTimeout = 3000; }\n";

  /** {@code versions[i]} and {@code domains[i]} set up member i; serials 7100, 7101... */
  HaFixture(String extraConfig, int[] versions, String[] domains) throws HsmException {
    this(SHORT_TIMEOUTS, extraConfig, versions, domains);
  }

  /** As above, with the {@code Luna} section (command timeouts) given. */
  HaFixture(String lunaSection, String extraConfig, int[] versions, String[] domains)
      throws HsmException {
    StringBuilder conf = new StringBuilder(lunaSection).append("Devices = {\n");
    for (int i = 0; i < versions.length; i++) {
      String serial = String.valueOf(7100 + i);
      serials.add(serial);
      conf.append(" Device0")
          .append(i)
          .append(" = usb, ")
          .append(serial)
          .append(", factory=zeroized;\n");
    }
    conf.append("}\n").append(extraConfig);
    try {
      manager = DeviceManager.inMemory(ClientConfig.parse(conf.toString(), "test"));
    } catch (io.selenehsm.device.config.ConfigException e) {
      throw new IllegalArgumentException(e);
    }
    for (int i = 0; i < versions.length; i++) {
      provision(serials.get(i), versions[i], domains[i]);
    }
  }

  static HaFixture v0(int n) throws HsmException {
    int[] v = new int[n];
    String[] d = new String[n];
    java.util.Arrays.fill(d, "blue");
    return new HaFixture("", v, d);
  }

  static HaFixture v1(int n) throws HsmException {
    int[] v = new int[n];
    java.util.Arrays.fill(v, 1);
    String[] d = new String[n];
    java.util.Arrays.fill(d, "blue");
    return new HaFixture("", v, d);
  }

  /** A member's SMK fingerprints, read through its own slot as Crypto Officer. */
  io.selenehsm.firmware.sks.SmkInfo smkInfo(String serial) throws HsmException {
    DeviceSlot slot = member(serial);
    long s = slot.openSession(4243, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO_PW);
      return slot.smkInfo(s);
    } finally {
      slot.closeSession(s);
    }
  }

  private void provision(String serial, int version, String domain) throws HsmException {
    DeviceSlot admin = manager.slots().adminSlot(serial).orElseThrow();
    DeviceSlot app = member(serial);
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", PW, domain, null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), version);
    admin.closeSession(a);
    long s = app.openSession(2, true);
    app.initPartition(s, "part", PW, domain, null);
    app.login(s, Role.PARTITION_SO, PW);
    app.initRole(s, Role.CRYPTO_OFFICER, PW);
    app.logout(s);
    app.login(s, Role.CRYPTO_OFFICER, PW);
    app.changePin(s, PW, CO_PW);
    app.closeSession(s);
  }

  DeviceSlot member(String serial) {
    return manager.slots().applicationSlot(serial, 1).orElseThrow();
  }

  DeviceSlot member(int i) {
    return member(serials.get(i));
  }

  HaGroup group(HaSettings settings) throws HsmException {
    HaGroup.Builder b =
        HaGroup.builder().label("ha").serial("99001").settings(settings).time(clock);
    serials.forEach(s -> b.member(member(s)));
    HaGroup g = b.register(manager.slots());
    groups.add(g);
    return g;
  }

  HaGroup group() throws HsmException {
    return group(HaSettings.defaults());
  }

  /** Member slots as the last {@link #group(HaSettings, FaultPoint)} sees them, by index. */
  final List<io.selenehsm.device.Slot> wrapped = new ArrayList<>();

  /** A group whose member calls pass through {@code faults}. */
  HaGroup group(HaSettings settings, FaultPoint faults) throws HsmException {
    HaGroup.Builder b =
        HaGroup.builder().label("ha").serial("99001").settings(settings).time(clock);
    wrapped.clear();
    for (String s : serials) {
      io.selenehsm.device.Slot w = faults.wrap(member(s));
      wrapped.add(w);
      b.member(w);
    }
    HaGroup g = b.register(manager.slots());
    groups.add(g);
    return g;
  }

  static long login(HaGroup g) throws HsmException {
    long s = g.openSession(APP, true);
    g.login(s, Role.CRYPTO_OFFICER, CO_PW);
    return s;
  }

  static long aesKey(HaGroup g, long s, boolean token) throws HsmException {
    return g.generateKey(
        s,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.ENCRYPT, true)
            .set(Cka.DECRYPT, true)
            .set(Cka.TOKEN, token)
            .build());
  }

  /** OUIDs (hex, sorted, with repeats) of the token objects on a member, read directly. */
  List<String> tokenOuids(String serial) throws HsmException {
    DeviceSlot slot = member(serial);
    long s = slot.openSession(4242, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO_PW);
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

  /** Token OUIDs of every member, by serial. */
  TreeMap<String, List<String>> allTokenOuids() throws HsmException {
    TreeMap<String, List<String>> m = new TreeMap<>();
    for (String s : serials) {
      m.put(s, tokenOuids(s));
    }
    return m;
  }

  /** Restores the given members and lets recovery run until all are active (bounded). */
  void heal(HaGroup g, List<String> faulted) {
    faulted.forEach(DeviceFaults::restore);
    for (int i = 0;
        i < 10 && g.status().stream().anyMatch(st -> st.state() != MemberState.ACTIVE);
        i++) {
      for (HaMemberStatus st : g.status()) {
        if (st.state() == MemberState.OUT) {
          try {
            g.recoverMember(st.serial());
          } catch (HsmException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      clock.advance(INTERVAL);
    }
  }

  @Override
  public void close() {
    groups.forEach(HaGroup::close);
    manager.close();
  }
}
