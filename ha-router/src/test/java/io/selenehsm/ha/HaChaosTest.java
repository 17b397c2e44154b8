package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several threads generate keys, sign and encrypt through one HA slot for a fixed number of
 * operations while a controller unplugs, fails, hangs and restores members at random, always
 * leaving at least one healthy active member. Afterwards every acknowledged key is on every member,
 * all members hold the same objects with the same OUIDs, and no single-part operation failed. Set
 * {@code -Dha.chaos.seed=N} to replay a run.
 */
class HaChaosTest {
  private static final int WORKERS = 4;
  private static final int OPS_PER_WORKER = 500;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void acknowledgedKeysSurviveRandomMemberFaults() throws Exception {
    long seed = Long.getLong("ha.chaos.seed", System.nanoTime());
    System.out.println("HA chaos seed: " + seed);
    Random random = new Random(seed);
    try (HaFixture fx = HaFixture.v0(3)) {
      HaGroup g = fx.group();
      long loginSession = HaFixture.login(g);
      long[] pair =
          g.generateKeyPair(
              loginSession,
              Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
              Attributes.builder()
                  .set(Cka.TOKEN, true)
                  .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
                  .build(),
              Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
      List<Long> keys = new CopyOnWriteArrayList<>();
      List<String> acknowledged = new CopyOnWriteArrayList<>();
      keys.add(HaFixture.aesKey(g, loginSession, true));
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger ops = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        long workerSeed = random.nextLong();
        Thread t =
            new Thread(
                () -> {
                  Random r = new Random(workerSeed);
                  try {
                    long s = g.openSession(HaFixture.APP, true);
                    for (int i = 0; i < OPS_PER_WORKER; i++) {
                      int kind = r.nextInt(10);
                      String what = kind < 2 ? "generate" : kind < 6 ? "sign" : "encrypt";
                      try {
                        if (kind < 2) {
                          long k = HaFixture.aesKey(g, s, true);
                          acknowledged.add(
                              HexFormat.of().formatHex(g.getAttribute(s, k, Cka.OUID)));
                          keys.add(k);
                        } else if (kind < 6) {
                          g.sign(s, Mechanism.of(Ckm.ECDSA_SHA256), pair[1], new byte[32]);
                        } else {
                          long k = keys.get(r.nextInt(keys.size()));
                          g.encrypt(
                              s,
                              Mechanism.of(
                                  Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128)),
                              k,
                              new byte[64]);
                        }
                      } catch (HsmException e) {
                        failures.add(what + ": " + e.getMessage());
                      }
                      ops.incrementAndGet();
                    }
                    g.closeSession(s);
                  } catch (HsmException e) {
                    failures.add("session: " + e.getMessage());
                  } finally {
                    done.incrementAndGet();
                  }
                },
                "ha-chaos-worker-" + w);
        workers.add(t);
        t.start();
      }

      List<String> schedule = new ArrayList<>();
      int n = fx.serials.size();
      boolean[] faulted = new boolean[n];
      // A restored member restarted: its sessions are gone until the group notices and re-admits
      // it, so it counts as healthy only once it has been seen out of the group and back.
      boolean[] stale = new boolean[n];
      boolean[] seenOut = new boolean[n];
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (done.get() < WORKERS && System.nanoTime() < deadline) {
        Thread.sleep(5);
        List<HaMemberStatus> st = g.status();
        for (int j = 0; j < n; j++) {
          if (stale[j] && st.get(j).state() != MemberState.ACTIVE) {
            seenOut[j] = true;
          } else if (stale[j] && seenOut[j]) {
            stale[j] = false;
          }
        }
        int i = random.nextInt(n);
        String serial = fx.serials.get(i);
        if (faulted[i]) {
          if (random.nextBoolean()) {
            DeviceFaults.restore(serial);
            faulted[i] = false;
            stale[i] = true;
            seenOut[i] = st.get(i).state() != MemberState.ACTIVE;
            schedule.add(ops.get() + ": restore " + serial);
          }
        } else if (usableOthers(st, faulted, stale, i) >= 1) {
          int f = random.nextInt(3);
          faulted[i] = true;
          if (f == 0) {
            DeviceFaults.unplug(serial);
            schedule.add(ops.get() + ": unplug " + serial);
          } else if (f == 1) {
            DeviceFaults.fail(serial);
            schedule.add(ops.get() + ": fail " + serial);
          } else {
            Duration d = Duration.ofMillis(50 + random.nextInt(2500));
            DeviceFaults.hang(serial, d);
            schedule.add(ops.get() + ": hang " + serial + " " + d.toMillis() + " ms");
          }
        }
        fx.clock.advance(HaFixture.INTERVAL);
      }
      for (Thread t : workers) {
        t.join(TimeUnit.SECONDS.toMillis(20));
      }
      List<String> stillFaulted = new ArrayList<>();
      for (int i = 0; i < faulted.length; i++) {
        if (faulted[i]) {
          stillFaulted.add(fx.serials.get(i));
        }
      }
      fx.heal(g, stillFaulted);
      System.out.println(
          "HA chaos: "
              + ops.get()
              + " operations, "
              + acknowledged.size()
              + " keys acknowledged, "
              + schedule.size()
              + " fault actions, seed "
              + seed);
      schedule.forEach(line -> System.out.println("  " + line));
      System.out.println("  events: " + g.events().size() + ", final " + g.status());

      assertEquals(WORKERS * OPS_PER_WORKER, ops.get(), "every worker finished");
      if (!failures.isEmpty()) {
        g.events().stream().limit(40).forEach(e -> System.out.println("  event " + e));
      }
      assertEquals(
          List.of(),
          failures.stream().limit(5).toList(),
          failures.size() + " operation(s) failed while a member was healthy (seed " + seed + ")");
      assertTrue(
          g.status().stream().allMatch(st -> st.state() == MemberState.ACTIVE),
          g.status().toString());
      List<String> reference = fx.tokenOuids(fx.serials.get(0));
      for (String serial : fx.serials) {
        List<String> onMember = fx.tokenOuids(serial);
        assertEquals(reference, onMember, "member " + serial + " (seed " + seed + ")");
        for (String ouid : acknowledged) {
          assertTrue(
              onMember.contains(ouid),
              "acknowledged key " + ouid + " missing on " + serial + " (seed " + seed + ")");
        }
      }
      List<Long> viaGroup =
          g.findObjects(loginSession, Attributes.builder().set(Cka.TOKEN, true).build());
      assertEquals(reference.size(), viaGroup.size(), "the group knows exactly what members hold");
      assertEquals(
          acknowledged.size() + 3,
          viaGroup.size(),
          "the pair, the first key and every acknowledged key, nothing else");
    }
  }

  /** Members other than {@code i} that are not faulted, not stale and serve in the group. */
  private static int usableOthers(
      List<HaMemberStatus> st, boolean[] faulted, boolean[] stale, int i) {
    int n = 0;
    for (int j = 0; j < faulted.length; j++) {
      if (j != i && !faulted[j] && !stale[j] && st.get(j).state() == MemberState.ACTIVE) {
        n++;
      }
    }
    return n;
  }
}
