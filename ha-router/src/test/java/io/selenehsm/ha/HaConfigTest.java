package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.device.config.HaConfiguration.RecoveryMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HA groups declared in selene.conf, and HAOnly. */
class HaConfigTest {
  private static final String CONF =
      """
      VirtualToken = {
        VirtualToken00Label = payments;
        VirtualToken00SN = 1234500;
        VirtualToken00Members = 7100,7101,7102;
      }
      HAConfiguration = {
        HAOnly = 1;
        AutoReconnectInterval = 120;
        reconnAtt = 5;
        HALoadBalancing = pick_first;
        haStandbyMembers = 7102;
      }
      """;

  @Test
  void aDeclaredGroupBecomesAVirtualSlotAndHaOnlyHidesItsMembers() throws Exception {
    try (HaFixture fx =
        new HaFixture(CONF, new int[] {0, 0, 0}, new String[] {"blue", "blue", "blue"})) {
      HaGroups groups = HaGroups.register(fx.manager, fx.clock);
      try {
        HaGroup g = groups.groups().get(0);
        assertEquals("payments", g.label());
        assertEquals("1234500", g.serial());
        assertEquals(
            List.of(false, false, true), g.status().stream().map(HaMemberStatus::standby).toList());
        List<SlotInfo> visible = groups.visibleSlots();
        assertTrue(
            visible.stream()
                .anyMatch(
                    i -> i.kind() == SlotInfo.Kind.HA_VIRTUAL && "payments".equals(i.label())));
        for (int id : g.memberSlotIds()) {
          assertFalse(visible.stream().anyMatch(i -> i.slotId() == id), "member " + id + " hidden");
          assertTrue(
              fx.manager.slots().list().stream().anyMatch(i -> i.slotId() == id),
              "the plain listing still shows it");
        }
        assertEquals(g, fx.manager.slot(g.slotId()));
        assertEquals(
            LoadBalancing.PICK_FIRST, HaSettings.from(fx.manager.config().ha()).loadBalancing());
        long s = HaFixture.login(g);
        long key = HaFixture.aesKey(g, s, true);
        assertEquals(fx.tokenOuids("7100"), fx.tokenOuids("7102"), "standby members get replicas");
        g.encrypt(
            s,
            io.selenehsm.firmware.mech.Mechanism.of(
                io.selenehsm.firmware.mech.Ckm.AES_GCM,
                new io.selenehsm.firmware.mech.GcmParams(new byte[0], new byte[0], 128)),
            key,
            new byte[16]);
      } finally {
        groups.close();
      }
    }
  }

  @Test
  void theFailoverTimeoutAndTheRecoveryModeReachTheGroupSettings() throws Exception {
    HaSettings shipped = HaSettings.from(ClientConfig.parse("", "test").ha());
    assertEquals(Duration.ofSeconds(10), shipped.failoverTimeout(), "default haFailoverTimeout");
    assertEquals(RecoveryMode.ACTIVE_BASIC, shipped.recoveryMode(), "the vendor's default mode");
    assertFalse(shipped.sessionsSurviveGroupLoss());
    HaSettings set =
        HaSettings.from(
            ClientConfig.parse(
                    """
                    HAConfiguration = { haFailoverTimeout = 3; }
                    VirtualToken = { VirtualTokenActiveRecovery = activeEnhanced; }
                    """,
                    "test")
                .ha());
    assertEquals(Duration.ofSeconds(3), set.failoverTimeout());
    assertTrue(set.sessionsSurviveGroupLoss());
    for (String bad : List.of("0", "3601", "soon")) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  ClientConfig.parse(
                      "HAConfiguration = { haFailoverTimeout = " + bad + "; }", "test"));
      assertTrue(e.getMessage().contains("haFailoverTimeout"), e.getMessage());
    }
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ClientConfig.parse(
                    "VirtualToken = { VirtualTokenActiveRecovery = activeSometimes; }", "test"));
    assertTrue(e.getMessage().contains("VirtualTokenActiveRecovery"), e.getMessage());
  }
}
