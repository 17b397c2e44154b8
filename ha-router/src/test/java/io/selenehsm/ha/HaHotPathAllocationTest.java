package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.role.Role;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The single-part fast path through a group stays cheap: a sign routed by kind (member choice
 * without allocation, one handle map and one translated call per member call) allocates little
 * beyond the same sign made on the member directly. Measured with the JVM's per-thread allocation
 * counter, median of several rounds so a stray allocation elsewhere on the thread cannot decide.
 */
class HaHotPathAllocationTest {
  private static final int WARM_UP = 20_000;
  private static final int CALLS = 20_000;
  private static final int ROUNDS = 5;

  /** What routing may add per call: the member call, its handle map and translated call value. */
  private static final long ROUTING_BUDGET_BYTES = 256;

  private static final byte[] DATA = new byte[32];

  @FunctionalInterface
  private interface Sign {
    byte[] sign() throws Exception;
  }

  @Test
  void aSignThroughTheGroupAllocatesLittleMoreThanOnAMember() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (HaFixture fx = HaFixture.v0(2)) {
      HaGroup g = fx.group(HaSettings.defaults().withLoadBalancing(LoadBalancing.PICK_FIRST));
      long s = HaFixture.login(g);
      Mechanism cmac = Mechanism.of(Ckm.AES_CMAC);
      long key =
          g.generateKey(
              s,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, Ckk.AES)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.SIGN, true)
                  .set(Cka.VERIFY, true)
                  .set(Cka.TOKEN, true)
                  .build());
      DeviceSlot member = fx.member(0);
      long ms = member.openSession(HaFixture.APP + 1, true);
      member.login(ms, Role.CRYPTO_OFFICER, HaFixture.CO_PW);
      long memberKey = g.copiesByMember().get(g.status().get(0).serial()).get(0);
      assertArrayEquals(
          member.sign(ms, cmac, memberKey, DATA), g.sign(s, cmac, key, DATA), "same key, same MAC");

      long direct = bytesPerCall(threads, () -> member.sign(ms, cmac, memberKey, DATA));
      long routed = bytesPerCall(threads, () -> g.sign(s, cmac, key, DATA));
      System.out.printf(
          "single-part AES-CMAC sign, bytes allocated per call: member %d, HA group %d (+%d)%n",
          direct, routed, routed - direct);
      assertTrue(
          routed - direct <= ROUTING_BUDGET_BYTES,
          "routing through the group allocates "
              + (routed - direct)
              + " bytes per sign beyond the member's own "
              + direct);
    }
  }

  private static long bytesPerCall(com.sun.management.ThreadMXBean threads, Sign sign)
      throws Exception {
    long id = Thread.currentThread().getId();
    for (int i = 0; i < WARM_UP; i++) {
      sign.sign();
    }
    long[] rounds = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < CALLS; i++) {
        sign.sign();
      }
      rounds[r] = (threads.getThreadAllocatedBytes(id) - before) / CALLS;
    }
    Arrays.sort(rounds);
    return rounds[ROUNDS / 2];
  }
}
