package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaSettings;
import io.selenehsm.ha.MemberState;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@code SeleneKey.makePersistent} through an HA group when every member is lost in the middle
 * (after the maker copied the key, before it was cloned out): the call fails, no member holds the
 * persisted key once they are back, and the same call then succeeds with one copy on each.
 */
class HaMakePersistentTest {
  private static final char[] PW = "password1".toCharArray();
  private static final String CO = "password2";
  private static final List<String> SERIALS = List.of("7100", "7101", "7102");

  @Test
  void makePersistentFailsWithoutTraceWhenEveryMemberIsLostMidwayAndARetrySucceeds()
      throws Exception {
    StringBuilder conf =
        new StringBuilder("CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }\n" + "Devices = {\n");
    for (int i = 0; i < SERIALS.size(); i++) {
      conf.append(" Device0")
          .append(i)
          .append(" = usb, ")
          .append(SERIALS.get(i))
          .append(", factory=zeroized;\n");
    }
    conf.append("}\n");
    try (DeviceManager m = DeviceManager.inMemory(ClientConfig.parse(conf.toString(), "test"))) {
      for (String serial : SERIALS) {
        provision(m, serial);
      }
      AtomicBoolean armed = new AtomicBoolean();
      HaGroup.Builder b =
          HaGroup.builder()
              .label("payments")
              .serial("17100")
              .settings(HaSettings.defaults().withLoadBalancing(LoadBalancing.PICK_FIRST));
      for (String serial : SERIALS) {
        DeviceSlot real = part(m, serial);
        // The maker's clone-out, once armed, finds every member gone.
        b.member(serial.equals("7100") ? losingAllOn(real, "cloneObjectOut", armed) : real);
      }
      HaGroup group = b.register(m.slots());
      SeleneProvider provider = SeleneProvider.over(m);
      try {
        provider.getSlotManager().login("payments", CO);
        KeyGenerator kg = KeyGenerator.getInstance("AES", provider);
        kg.init(256);
        SeleneKey sessionKey = (SeleneKey) kg.generateKey();
        armed.set(true);
        SeleneCryptokiException e =
            assertThrows(
                SeleneCryptokiException.class, () -> sessionKey.makePersistent("persisted"));
        assertEquals(Ckr.TOKEN_NOT_PRESENT, e.getReturnCode(), e.getMessage());

        SERIALS.forEach(DeviceFaults::restore);
        for (int i = 0;
            i < 50 && group.status().stream().anyMatch(st -> st.state() != MemberState.ACTIVE);
            i++) {
          group.recover();
          Thread.sleep(20);
        }
        for (String serial : SERIALS) {
          assertEquals(List.of(), persisted(m, serial), "no trace on " + serial);
        }

        SeleneKey again = (SeleneKey) kg.generateKey(); // the old session key died with the loss
        again.makePersistent("persisted");
        List<String> first = persisted(m, SERIALS.get(0));
        assertEquals(1, first.size());
        for (String serial : SERIALS) {
          assertEquals(first, persisted(m, serial), "one copy, same OUID, on " + serial);
        }
      } finally {
        provider.close();
        group.close();
      }
    }
  }

  private static Slot losingAllOn(DeviceSlot real, String method, AtomicBoolean armed) {
    return (Slot)
        Proxy.newProxyInstance(
            Slot.class.getClassLoader(),
            new Class<?>[] {Slot.class},
            (proxy, mth, args) -> {
              if (mth.getName().equals(method) && armed.compareAndSet(true, false)) {
                SERIALS.forEach(DeviceFaults::unplug);
              }
              try {
                return mth.invoke(real, args);
              } catch (InvocationTargetException x) {
                throw x.getCause();
              }
            });
  }

  private static DeviceSlot part(DeviceManager m, String serial) {
    return m.slots().applicationSlot(serial, 1).orElseThrow();
  }

  private static void provision(DeviceManager m, String serial) throws Exception {
    DeviceSlot admin = m.slots().adminSlot(serial).orElseThrow();
    DeviceSlot app = part(m, serial);
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", PW, "blue", null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), 0);
    admin.closeSession(a);
    long s = app.openSession(2, true);
    app.initPartition(s, "p" + serial, PW, "blue", null);
    app.login(s, Role.PARTITION_SO, PW);
    app.initRole(s, Role.CRYPTO_OFFICER, PW);
    app.logout(s);
    app.login(s, Role.CRYPTO_OFFICER, PW);
    app.changePin(s, PW, CO.toCharArray());
    app.closeSession(s);
  }

  /** OUIDs of the token objects labelled "persisted" on a member, read through its own slot. */
  private static List<String> persisted(DeviceManager m, String serial) throws Exception {
    DeviceSlot slot = part(m, serial);
    long s = slot.openSession(4242, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO.toCharArray());
      List<String> out = new ArrayList<>();
      for (long h :
          slot.findObjects(
              s, Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "persisted").build())) {
        out.add(HexFormat.of().formatHex(slot.getAttribute(s, h, Cka.OUID)));
      }
      out.sort(null);
      assertTrue(out.size() <= 1, out.toString());
      return out;
    } finally {
      slot.closeSession(s);
    }
  }
}
