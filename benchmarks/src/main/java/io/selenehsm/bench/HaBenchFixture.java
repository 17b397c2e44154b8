package io.selenehsm.bench;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.FakeTime;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Three in-memory USB HSM 7s (serials 7100-7102) with one V0 partition each in one domain, and the
 * slot an HA benchmark runs on: a member's own partition slot ({@code direct}) or an HA group over
 * the first two ({@code ha2}) or all three ({@code ha3}) members. The route's session is logged in
 * as Crypto Officer.
 */
final class HaBenchFixture implements AutoCloseable {
  static final char[] PW = "password1".toCharArray();
  static final char[] CO_PW = "password2".toCharArray();
  static final long APP = 42;
  static final List<String> ROUTES = List.of("direct", "ha2", "ha3");

  /** DER OBJECT IDENTIFIER prime256v1. */
  private static final byte[] P256_OID = {
    0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07
  };

  final DeviceManager manager;
  final List<DeviceSlot> members = new ArrayList<>();
  final Slot slot;
  final HaGroup group;
  final long session;

  /** The group's time: recovery probes run only when a benchmark advances it. */
  final FakeTime time = new FakeTime();

  HaBenchFixture(String route, LoadBalancing balancing) throws HsmException {
    StringBuilder conf =
        new StringBuilder("CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }\n" + "Devices = {\n");
    for (int i = 0; i < 3; i++) {
      conf.append(" Device0")
          .append(i)
          .append(" = usb, ")
          .append(7100 + i)
          .append(", factory=zeroized;\n");
    }
    conf.append("}\n");
    try {
      manager = DeviceManager.inMemory(ClientConfig.parse(conf.toString(), "ha-bench"));
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < 3; i++) {
      members.add(provision(String.valueOf(7100 + i)));
    }
    int size =
        switch (route) {
          case "direct" -> 0;
          case "ha2" -> 2;
          case "ha3" -> 3;
          default -> throw new IllegalArgumentException("route is direct, ha2 or ha3: " + route);
        };
    if (size == 0) {
      group = null;
      slot = members.get(0);
    } else {
      HaGroup.Builder b =
          HaGroup.builder()
              .label(route)
              .serial("99" + size)
              .settings(HaSettings.defaults().withLoadBalancing(balancing))
              .time(time);
      for (int i = 0; i < size; i++) {
        b.member(members.get(i));
      }
      group = b.build(900 + size);
      slot = group;
    }
    session = slot.openSession(APP, true);
    slot.login(session, Role.CRYPTO_OFFICER, CO_PW);
  }

  private DeviceSlot provision(String serial) throws HsmException {
    DeviceSlot admin = manager.slots().adminSlot(serial).orElseThrow();
    DeviceSlot app = manager.slots().applicationSlot(serial, 1).orElseThrow();
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", PW, "bench", null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), 0);
    admin.closeSession(a);
    long s = app.openSession(2, true);
    app.initPartition(s, "bench" + serial, PW, "bench", null);
    app.login(s, Role.PARTITION_SO, PW);
    app.initRole(s, Role.CRYPTO_OFFICER, PW);
    app.logout(s);
    app.login(s, Role.CRYPTO_OFFICER, PW);
    app.changePin(s, PW, CO_PW);
    app.closeSession(s);
    return app;
  }

  /** A token key pair on the route (replicated to every member when it is a group). */
  long[] ecPair() throws HsmException {
    return slot.generateKeyPair(
        session,
        Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
        Attributes.builder().set(Cka.TOKEN, true).set(Cka.EC_PARAMS, P256_OID).build(),
        Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
  }

  long[] rsaPair() throws HsmException {
    return slot.generateKeyPair(
        session,
        Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
        Attributes.builder().set(Cka.TOKEN, true).set(Cka.MODULUS_BITS, 2048L).build(),
        Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
  }

  long aesKey() throws HsmException {
    return slot.generateKey(
        session,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.TOKEN, true)
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.ENCRYPT, true)
            .set(Cka.DECRYPT, true)
            .build());
  }

  @Override
  public void close() {
    if (group != null) {
      group.close();
    }
    manager.close();
  }
}
