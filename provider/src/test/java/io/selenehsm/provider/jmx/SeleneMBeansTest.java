package io.selenehsm.provider.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client reads the provider's views through the platform MBean server, as JConsole would. */
class SeleneMBeansTest {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  @Test
  void devicePartitionAndSessionsAreReadableAndGoAwayOnClose() throws Exception {
    SeleneFixture f = SeleneFixture.create().loggedIn();
    long app = f.provider().applicationId();
    ObjectName device = SeleneObjectNames.device(app, SeleneFixture.DEVICE_SERIAL);
    ObjectName partition = SeleneObjectNames.partition(app, f.partitionSlot());
    ObjectName sessions = SeleneObjectNames.sessions(app);
    try {
      Set<ObjectName> names = SERVER.queryNames(SeleneObjectNames.allOf(app), null);
      assertTrue(names.containsAll(Set.of(device, partition, sessions)), names.toString());
      assertTrue(names.stream().allMatch(n -> n.getDomain().equals("io.selenehsm")));

      // Plain attribute reads: what a JMX client with no Selene class on its path sees.
      assertEquals(SeleneFixture.DEVICE_SERIAL, SERVER.getAttribute(device, "Serial"));
      assertEquals("USB", SERVER.getAttribute(device, "Kind"));
      assertEquals(Boolean.TRUE, SERVER.getAttribute(device, "Present"));
      assertEquals("healthy", SERVER.getAttribute(device, "Condition"));
      assertEquals(1, SERVER.getAttribute(device, "PartitionCount"));
      assertTrue((Integer) SERVER.getAttribute(device, "OpenSessionCount") >= 1);
      assertEquals(SeleneFixture.PARTITION_LABEL, SERVER.getAttribute(partition, "Label"));

      enableUtilizationMetrics(f);
      PartitionMXBean p = JMX.newMXBeanProxy(SERVER, partition, PartitionMXBean.class);
      long before = p.getObjectCount();
      long usedBefore = p.getUsedBytes();
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", f.provider());
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      ((SeleneKey) pair.getPrivate()).makePersistent("jmx-key");
      Signature s = Signature.getInstance("SHA256withECDSA", f.provider());
      s.initSign(pair.getPrivate());
      s.update("counted".getBytes(StandardCharsets.UTF_8));
      s.sign();

      assertEquals(before + 1, p.getObjectCount(), "the persisted private key is counted");
      assertTrue(p.getUsedBytes() > usedBefore);
      assertTrue(p.getStorageUtilizationPercent() > 0 && p.getStorageUtilizationPercent() < 100);
      assertEquals(1L, p.getRequestCounts().get("SIGN"));
      assertEquals(1L, p.getRequestCounts().get("KEY_GENERATE"));
      TabularData raw = (TabularData) SERVER.getAttribute(partition, "RequestCounts");
      assertEquals(6, raw.size(), "one row per counter");

      SessionsMXBean sm = JMX.newMXBeanProxy(SERVER, sessions, SessionsMXBean.class);
      assertEquals(app, sm.getApplicationId());
      assertEquals(0, sm.getSessionsInUse(), "no operation is running");
      assertTrue(sm.getIdleSessions() >= 1, "the signature's session was kept for reuse");
      assertTrue(
          Arrays.stream(sm.getSlots())
              .anyMatch(
                  l ->
                      l.startsWith("slot " + f.partitionSlot() + ":")
                          && l.endsWith("CRYPTO_OFFICER")),
          Arrays.toString(sm.getSlots()));

      DeviceFaults.unplug(SeleneFixture.DEVICE_SERIAL);
      try {
        assertEquals(Boolean.FALSE, SERVER.getAttribute(device, "Present"));
        assertEquals(
            -1,
            SERVER.getAttribute(device, "OpenSessionCount"),
            "an unplugged device reads as -1, without failing the client");
      } finally {
        DeviceFaults.restore(SeleneFixture.DEVICE_SERIAL);
      }
    } finally {
      f.close();
    }
    assertFalse(SERVER.isRegistered(device), "closing the provider unregisters its views");
    assertFalse(SERVER.isRegistered(partition));
    assertTrue(SERVER.queryNames(SeleneObjectNames.allOf(app), null).isEmpty());
  }

  private static void enableUtilizationMetrics(SeleneFixture f) throws Exception {
    Slot admin = f.slot(f.adminSlot());
    long a = admin.openSession(99, true);
    try {
      admin.login(a, Role.HSM_SO, SeleneFixture.SO_PIN.toCharArray());
      admin.changeHsmPolicy(a, HsmPolicies.ALLOW_UTILIZATION_METRICS, 1);
    } finally {
      admin.closeSession(a);
    }
  }

  @Test
  void anHaGroupShowsItsMembersAndTheFailoverEvent(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("selene.conf");
    Files.writeString(
        conf,
        """
        CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }
        Devices = {
          Device00 = usb, 7200, factory=zeroized, home=%s;
          Device01 = usb, 7201, factory=zeroized, home=%s;
        }
        VirtualToken = {
          VirtualToken00Label = jmx-payments;
          VirtualToken00SN = 17200;
          VirtualToken00Members = 7200,7201;
        }
        """
            .formatted(dir.resolve("d0"), dir.resolve("d1")));
    char[] pw = "password1".toCharArray();
    try (DeviceManager m = DeviceManager.open(ClientConfig.parse(conf), dir.resolve("home"))) {
      for (String serial : new String[] {"7200", "7201"}) {
        DeviceSlot admin = m.slots().adminSlot(serial).orElseThrow();
        DeviceSlot app = m.slots().applicationSlot(serial, 1).orElseThrow();
        long a = admin.openSession(1, true);
        admin.initHsm(a, "hsm", pw, "blue", null);
        admin.login(a, Role.HSM_SO, pw);
        admin.createPartition(a, app.slotId(), 0);
        long s = app.openSession(2, true);
        app.initPartition(s, "p" + serial, pw, "blue", null);
        app.login(s, Role.PARTITION_SO, pw);
        app.initRole(s, Role.CRYPTO_OFFICER, pw);
        app.logout(s);
        app.login(s, Role.CRYPTO_OFFICER, pw);
        app.changePin(s, pw, "password2".toCharArray());
      }
    }
    SeleneProvider provider = (SeleneProvider) new SeleneProvider().configure(conf.toString());
    ObjectName group;
    try {
      provider.getSlotManager().login("jmx-payments", "password2");
      group = SeleneObjectNames.haGroup(provider.applicationId(), "jmx-payments");
      HaGroupMXBean g = JMX.newMXBeanProxy(SERVER, group, HaGroupMXBean.class);
      assertEquals("jmx-payments", g.getLabel());
      assertEquals(2, g.getMemberCount());
      assertEquals(2, g.getActiveMemberCount());
      assertTrue(SERVER.isRegistered(SeleneObjectNames.device(provider.applicationId(), "7201")));

      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", provider);
      kpg.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = kpg.generateKeyPair();
      DeviceFaults.unplug("7200");
      try {
        for (int i = 0; i < 3; i++) {
          Signature signer = Signature.getInstance("SHA256withECDSA", provider);
          signer.initSign(pair.getPrivate());
          signer.update(new byte[] {(byte) i});
          signer.sign();
        }
        assertEquals(1, g.getActiveMemberCount(), Arrays.toString(g.getMembers()));
        assertTrue(
            Arrays.stream(g.getMembers()).anyMatch(l -> !l.contains("ACTIVE")),
            Arrays.toString(g.getMembers()));
        assertTrue(
            Arrays.stream(g.getRecentEvents()).anyMatch(e -> e.startsWith("MEMBER_FAILED")),
            Arrays.toString(g.getRecentEvents()));
      } finally {
        DeviceFaults.restore("7200");
      }
    } finally {
      provider.close();
    }
    assertFalse(SERVER.isRegistered(group));
  }
}
