package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGKILL loses nothing acknowledged: clients create token keys and data objects through a server
 * process from several threads, the server is killed at a random moment, and after a restart on the
 * same home every object whose creation returned is there, once, and usable. A call cut by the kill
 * must fail with a device error, never hang and never report success for nothing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServerKillTest {
  private static final int ROUNDS = 3;
  private static final int THREADS = 4;
  private static final Duration START = Duration.ofSeconds(60);
  private static final byte[] DATA = "kept across a kill".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private ServerProcess server;

  /** What a creating call returned: the object's label and kind, and a data object's value. */
  private record Acknowledged(String label, boolean key, byte[] value) {}

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyAcknowledgedObjectSurvivesASigkillOfTheServer() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    DurableHome hsm = DurableHome.provision(dir);
    Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    server = hsm.startServer();
    server.awaitReady(START);
    for (int round = 0; round < ROUNDS; round++) {
      int killAfterMillis = 150 + random.nextInt(1_000);
      int before = acknowledged.size();
      createUntilKilled(hsm, round, killAfterMillis, acknowledged);
      assertTrue(
          acknowledged.size() > before,
          "round " + round + " acknowledged nothing before the kill (seed " + seed + ")");
      server = hsm.startServer();
      server.awaitReady(START);
      verifyAll(hsm, acknowledged, "after round " + round + " (seed " + seed + ")");
    }
    assertEquals(0, server.terminate(Duration.ofSeconds(30)), server.report());
  }

  /** Creates objects from several threads until the server is SIGKILLed under them. */
  private void createUntilKilled(
      DurableHome hsm, int round, int killAfterMillis, Map<String, Acknowledged> acknowledged)
      throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    Map<String, Throwable> unexpected = new ConcurrentHashMap<>();
    try (DeviceManager client = hsm.open()) {
      assertTrue(client.isAttached(), "the client attaches to the server process");
      Slot p = client.slot(DurableHome.PARTITION_SLOT);
      long login = p.openSession(1, true);
      p.login(login, Role.CRYPTO_OFFICER, DurableHome.CO_PIN.toCharArray());
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String prefix = "r" + round + "-t" + t + "-";
        Thread w =
            new Thread(
                () -> createLoop(p, prefix, killed, acknowledged, unexpected), "creator-" + t);
        workers.add(w);
        w.start();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (acknowledged.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(killAfterMillis);
      killed.set(true);
      server.kill();
      for (Thread w : workers) {
        w.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!w.isAlive(), w.getName() + " hangs on a call to a killed server");
      }
    }
    assertTrue(unexpected.isEmpty(), "calls failed other than by the kill: " + unexpected);
  }

  private static void createLoop(
      Slot p,
      String prefix,
      AtomicBoolean killed,
      Map<String, Acknowledged> acknowledged,
      Map<String, Throwable> unexpected) {
    long session;
    try {
      session = p.openSession(1, true);
    } catch (HsmException e) {
      if (!killed.get()) {
        unexpected.put(prefix + "open", e);
      }
      return;
    }
    for (int n = 0; ; n++) {
      String label = prefix + n;
      boolean key = n % 2 == 0;
      byte[] value = (label + "-value").getBytes(StandardCharsets.UTF_8);
      try {
        if (key) {
          p.generateKey(session, Mechanism.of(Ckm.AES_KEY_GEN), ServerProcessTest.macKey(label));
        } else {
          p.createObject(session, dataObject(label, value));
        }
        acknowledged.put(label, new Acknowledged(label, key, value));
      } catch (HsmException e) {
        boolean cutByKill =
            e.returnCode() == Ckr.DEVICE_REMOVED || e.returnCode() == Ckr.DEVICE_ERROR;
        if (!killed.get() || !cutByKill) {
          unexpected.put(label, e);
        }
        return;
      } catch (RuntimeException e) {
        unexpected.put(label, e);
        return;
      }
    }
  }

  /** Every acknowledged object exists exactly once and does what it was made for. */
  private static void verifyAll(DurableHome hsm, Map<String, Acknowledged> acks, String when)
      throws HsmException {
    try (DeviceManager client = hsm.open()) {
      assertTrue(client.isAttached(), "the restarted server serves the home " + when);
      Slot p = client.slot(DurableHome.PARTITION_SLOT);
      long s = p.openSession(1, true);
      p.login(s, Role.CRYPTO_OFFICER, DurableHome.CO_PIN.toCharArray());
      List<String> lost = new ArrayList<>();
      for (Acknowledged a : acks.values()) {
        List<Long> found = p.findObjects(s, ServerProcessTest.label(a.label()));
        if (found.size() != 1) {
          lost.add(a.label() + " found " + found.size() + " times");
          continue;
        }
        long h = found.get(0);
        if (a.key()) {
          byte[] mac = p.sign(s, Mechanism.of(Ckm.SHA256_HMAC), h, DATA);
          p.verify(s, Mechanism.of(Ckm.SHA256_HMAC), h, DATA, mac);
        } else {
          assertArrayEquals(a.value(), p.getAttribute(s, h, Cka.VALUE), a.label() + " " + when);
        }
      }
      assertEquals(List.of(), lost, acks.size() + " acknowledged objects, " + when);
      p.closeSession(s);
    }
  }

  private static Attributes dataObject(String label, byte[] value) {
    return Attributes.builder()
        .set(Cka.CLASS, Cko.DATA)
        .set(Cka.TOKEN, true)
        .set(Cka.LABEL, label)
        .set(Cka.VALUE, value)
        .build();
  }
}
