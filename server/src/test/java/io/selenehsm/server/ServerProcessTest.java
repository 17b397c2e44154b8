package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selene-server} as a process of its own: it says where it listens and when it is ready,
 * clients of this host attach through its socket by themselves, SIGTERM stops it cleanly, a second
 * server on the same devices is refused, and a socket left by a killed server misleads nobody.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServerProcessTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final byte[] DATA = "signed by a served key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private DurableHome hsm;
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void provision() throws Exception {
    hsm = DurableHome.provision(dir);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private ServerProcess server(String... args) throws Exception {
    ServerProcess p = hsm.startServer(args);
    started.add(p);
    return p;
  }

  private DeviceManager client() throws Exception {
    DeviceManager dm = hsm.open();
    started.add(dm);
    return dm;
  }

  @Test
  void theServerSaysWhereItListensServesAttachedClientsAndStopsCleanlyOnSigterm() throws Exception {
    ServerProcess server = server();
    long pid = server.awaitReady(START);
    assertEquals(server.process.pid(), pid, server.report());
    assertTrue(
        server.output().contains("selene-server: listening on unix:" + hsm.socket()),
        server.report());
    assertTrue(Files.exists(hsm.socket()));

    DeviceManager client = client();
    assertTrue(client.isAttached(), "a client of the same home attaches to the server");
    assertTrue(client.devices().isEmpty(), "the attached client runs no engine of its own");
    Slot p = client.slot(DurableHome.PARTITION_SLOT);
    long s = p.openSession(1, true);
    p.login(s, Role.CRYPTO_OFFICER, DurableHome.CO_PIN.toCharArray());
    long key = p.generateKey(s, Mechanism.of(Ckm.AES_KEY_GEN), macKey("before-sigterm"));
    byte[] mac = p.sign(s, Mechanism.of(Ckm.SHA256_HMAC), key, DATA);

    // The client is still connected and logged in when the server is told to stop.
    assertEquals(0, server.terminate(STOP), server.report());
    assertTrue(server.output().contains("selene-server: stopped"), server.report());
    assertFalse(Files.exists(hsm.socket()), "SIGTERM removes the socket");
    HsmException gone = assertThrows(HsmException.class, () -> p.generateRandom(s, 8));
    assertEquals(Ckr.DEVICE_REMOVED, gone.returnCode(), gone.getMessage());

    // The devices were closed: this process can open them, and the key is on them.
    try (DeviceManager local = hsm.open()) {
      assertFalse(local.isAttached());
      Slot lp = local.slot(DurableHome.PARTITION_SLOT);
      long ls = lp.openSession(1, true);
      lp.login(ls, Role.CRYPTO_OFFICER, DurableHome.CO_PIN.toCharArray());
      List<Long> found = lp.findObjects(ls, label("before-sigterm"));
      assertEquals(1, found.size());
      assertArrayEquals(mac, lp.sign(ls, Mechanism.of(Ckm.SHA256_HMAC), found.get(0), DATA));
    }
  }

  @Test
  void aSecondServerOnTheSameHomeIsRefusedAndNamesTheFirst() throws Exception {
    ServerProcess first = server();
    long firstPid = first.awaitReady(START);
    ServerProcess second = server();
    assertEquals(1, second.awaitExit(START), second.report());
    String refusal = second.errors();
    assertTrue(refusal.contains("another server already serves " + hsm.home), refusal);
    assertTrue(refusal.contains(hsm.socket().toString()), refusal);
    assertTrue(refusal.contains("process " + firstPid + "@"), refusal);
    assertFalse(
        second.output().stream().anyMatch(l -> l.contains("ready")),
        "the refused server never says it is ready: " + second.report());

    // The first server was not disturbed.
    assertTrue(first.process.isAlive());
    assertTrue(Files.exists(hsm.socket()));
    try (DeviceManager client = hsm.open()) {
      assertTrue(client.isAttached());
      assertEquals(List.of(DurableHome.SERIAL), client.attached().get(0).deviceSerials());
    }
    assertEquals(0, first.terminate(STOP), first.report());
  }

  @Test
  void aSocketLeftByAKilledServerStopsNeitherAClientNorANewServer() throws Exception {
    ServerProcess killed = server();
    killed.awaitReady(START);
    DeviceManager before = client();
    Slot p = before.slot(DurableHome.PARTITION_SLOT);
    long s = p.openSession(1, true);
    p.login(s, Role.CRYPTO_OFFICER, DurableHome.CO_PIN.toCharArray());
    p.generateKey(s, Mechanism.of(Ckm.AES_KEY_GEN), macKey("before-sigkill"));
    before.close();

    killed.kill();
    assertTrue(Files.exists(hsm.socket()), "SIGKILL leaves the socket file behind");

    // Nobody answers on the stale socket: the client opens the devices itself, without waiting.
    long t0 = System.nanoTime();
    try (DeviceManager local = hsm.open()) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertFalse(local.isAttached(), "nothing to attach to");
      assertTrue(millis < 5_000, "opening past a stale socket took " + millis + " ms");
      assertEquals(1, findAsOfficer(local, "before-sigkill").size());
    }

    // A new server takes the stale socket's place, and clients attach to it.
    ServerProcess next = server();
    next.awaitReady(START);
    try (DeviceManager client = hsm.open()) {
      assertTrue(client.isAttached());
      assertEquals(1, findAsOfficer(client, "before-sigkill").size());
    }
    assertEquals(0, next.terminate(STOP), next.report());
    assertFalse(Files.exists(hsm.socket()));
  }

  private static List<Long> findAsOfficer(DeviceManager dm, String label) throws HsmException {
    Slot p = dm.slot(DurableHome.PARTITION_SLOT);
    long s = p.openSession(1, true);
    try {
      p.login(s, Role.CRYPTO_OFFICER, DurableHome.CO_PIN.toCharArray());
      return p.findObjects(s, label(label));
    } finally {
      p.closeSession(s);
    }
  }

  static Attributes macKey(String label) {
    return Attributes.builder()
        .set(Cka.TOKEN, true)
        .set(Cka.VALUE_LEN, 32L)
        .set(Cka.SIGN, true)
        .set(Cka.VERIFY, true)
        .set(Cka.LABEL, label)
        .build();
  }

  static Attributes label(String label) {
    return Attributes.builder().set(Cka.LABEL, label).build();
  }
}
