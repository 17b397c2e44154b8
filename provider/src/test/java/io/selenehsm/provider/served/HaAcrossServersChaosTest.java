package io.selenehsm.provider.served;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.VirtualTokenDeclaration;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaMemberStatus;
import io.selenehsm.ha.HaSettings;
import io.selenehsm.ha.MemberState;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ServerIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA across server processes: three {@code selene-server} processes, each with its own SELENE_HOME
 * holding one USB HSM 7 (one cloning domain) and a mutual-TLS listener on a fixed loopback port;
 * this JVM is their registered network client, with a selene.conf that declares the three network
 * devices and the HA group over their partitions (members by device serial). Worker threads sign
 * (ECDSA, RSA), encrypt (AES-GCM) and create token keys through the group's virtual slot while a
 * chaos thread SIGKILLs a random server and restarts it on the same home and port every few
 * seconds, never killing the last server that is up and serving the group.
 *
 * <p>Asserted: every key whose creation returned is found through the group and on every member
 * once all are back; no single-part operation failed while a member was up (the set of servers up
 * at each failure comes from this test's own bookkeeping of the processes). {@code
 * -Dha.servers.chaos.seed=N} replays a kill schedule, {@code -Dha.servers.chaos.seconds=S} sets the
 * load period.
 */
class HaAcrossServersChaosTest {
  private static final List<String> SERIALS = List.of("7200", "7201", "7202");
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO = "password2".toCharArray();
  private static final String CLIENT = "chaos-client";
  private static final long APP = 41;
  private static final int WORKERS = 3;
  private static final byte[] DATA =
      "signed and sealed under chaos".getBytes(StandardCharsets.UTF_8);

  /** One failed operation: what it was, which servers were up then, and the error. */
  private record Failure(String operation, Set<String> serversUp, String error) {}

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void acknowledgedKeysSurviveServersKilledAndRestartedUnderLoad(@TempDir Path dir)
      throws Exception {
    long seed = Long.getLong("ha.servers.chaos.seed", System.nanoTime());
    Duration load = Duration.ofSeconds(Long.getLong("ha.servers.chaos.seconds", 30));
    System.out.println("HA across servers: seed " + seed);
    Random random = new Random(seed);

    Path clientDir = dir.resolve("client");
    ClientIdentity client =
        ClientIdentity.create(CLIENT, clientDir.resolve("cert.pem"), clientDir.resolve("key.pem"));
    List<Integer> ports = freePorts(SERIALS.size());
    List<ServerProcess> servers = new ArrayList<>();
    for (int i = 0; i < SERIALS.size(); i++) {
      servers.add(provisionedServer(dir, SERIALS.get(i), ports.get(i), client));
    }
    DeviceManager devices = null;
    HaGroup group = null;
    try {
      startAll(servers);
      StringBuilder pinned = new StringBuilder();
      for (ServerProcess s : servers) {
        pinned.append(
            Files.readString(
                ServerIdentity.serverDir(s.home).resolve(ServerIdentity.CERT_FILE),
                StandardCharsets.US_ASCII));
      }
      Files.writeString(clientDir.resolve("servers.pem"), pinned, StandardCharsets.US_ASCII);
      ClientConfig config = ClientConfig.parse(writeClientConfig(clientDir, ports));
      devices = DeviceManager.open(config, dir.resolve("client-home"), notice -> {});
      assertEquals(
          SERIALS,
          devices.slots().list().stream()
              .filter(i -> i.kind() == SlotInfo.Kind.APPLICATION)
              .map(SlotInfo::deviceSerial)
              .toList(),
          "the three network devices' partitions, and nothing else");
      group = group(config, devices);

      long setup = group.openSession(APP, true);
      group.login(setup, Role.CRYPTO_OFFICER, CO);
      long[] ec =
          group.generateKeyPair(
              setup,
              Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
              Attributes.builder()
                  .set(Cka.TOKEN, true)
                  .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
                  .build(),
              Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
      long[] rsa =
          group.generateKeyPair(
              setup,
              Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
              Attributes.builder().set(Cka.TOKEN, true).set(Cka.MODULUS_BITS, 2048L).build(),
              Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
      long aes = aesKey(group, setup, "chaos-setup-aes");

      Set<String> up = ConcurrentHashMap.newKeySet();
      up.addAll(SERIALS);
      AtomicBoolean stop = new AtomicBoolean();
      List<String> acknowledged = new CopyOnWriteArrayList<>();
      ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
      Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
      HaGroup g = group;
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        long workerSeed = random.nextLong();
        Thread t =
            new Thread(
                () -> {
                  Random r = new Random(workerSeed);
                  long s;
                  try {
                    s = g.openSession(APP, true);
                  } catch (HsmException e) {
                    failures.add(new Failure("open session", Set.copyOf(up), e.toString()));
                    return;
                  }
                  for (int n = 0; !stop.get(); n++) {
                    int kind = r.nextInt(10);
                    String what =
                        kind < 2 ? "create" : kind < 5 ? "ecdsa" : kind < 7 ? "rsa" : "aes-gcm";
                    try {
                      if (kind < 2) {
                        String label = "chaos-" + worker + "-" + n;
                        aesKey(g, s, label);
                        acknowledged.add(label);
                      } else if (kind < 5) {
                        g.sign(s, Mechanism.of(Ckm.ECDSA_SHA256), ec[1], DATA);
                      } else if (kind < 7) {
                        g.sign(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), rsa[1], DATA);
                      } else {
                        g.encrypt(
                            s,
                            Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128)),
                            aes,
                            DATA);
                      }
                      done.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
                    } catch (HsmException e) {
                      failures.add(new Failure(what, Set.copyOf(up), e.toString()));
                    }
                  }
                },
                "chaos-worker-" + w);
        workers.add(t);
      }
      List<String> schedule = new CopyOnWriteArrayList<>();
      Thread chaos =
          new Thread(
              () -> {
                try {
                  killAndRestart(servers, g, up, stop, random, schedule);
                } catch (Exception e) {
                  schedule.add("chaos stopped: " + e);
                }
              },
              "chaos-servers");
      long started = System.nanoTime();
      workers.forEach(Thread::start);
      chaos.start();
      Thread.sleep(load.toMillis());
      stop.set(true);
      for (Thread t : workers) {
        t.join(60_000);
      }
      chaos.join(120_000);
      double seconds = (System.nanoTime() - started) / 1e9;
      for (ServerProcess s : servers) {
        if (!s.alive()) {
          s.start();
          up.add(s.serial);
        }
      }
      List<HaMemberStatus> settled = awaitAllActive(group, Duration.ofSeconds(60));

      // Every acknowledged key, through the group and on every member's own partition.
      List<String> lostThroughGroup = new ArrayList<>();
      long check = group.openSession(APP, true);
      for (String label : acknowledged) {
        if (group.findObjects(check, Attributes.builder().set(Cka.LABEL, label).build()).size()
            != 1) {
          lostThroughGroup.add(label);
        }
      }
      Map<String, List<String>> lostOnMember = new TreeMap<>();
      for (String serial : SERIALS) {
        Set<String> held = labelsOnMember(devices, serial);
        lostOnMember.put(serial, acknowledged.stream().filter(l -> !held.contains(l)).toList());
      }
      List<Failure> whileUp = failures.stream().filter(f -> !f.serversUp().isEmpty()).toList();
      List<Failure> singlePartWhileUp =
          whileUp.stream().filter(f -> !f.operation().equals("create")).toList();
      long kills = schedule.stream().filter(l -> l.contains("SIGKILL")).count();

      System.out.printf(
          "HA across servers: %.1f s of load, %s operations done, %d keys acknowledged,"
              + " %d servers killed and restarted; acknowledged keys lost = %d (on members: %s);"
              + " single-part operations failed while a server was up = %d; creations failed"
              + " while a server was up = %d; failures with no server up = %d%n",
          seconds,
          new TreeMap<>(done),
          acknowledged.size(),
          kills,
          lostThroughGroup.size(),
          lostOnMember.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue().size())
              .toList(),
          singlePartWhileUp.size(),
          whileUp.size() - singlePartWhileUp.size(),
          failures.size() - whileUp.size());
      schedule.forEach(line -> System.out.println("  " + line));
      whileUp.stream().limit(10).forEach(f -> System.out.println("  failed: " + f));
      if (!whileUp.isEmpty()) {
        group.events().stream().limit(60).forEach(e -> System.out.println("  event " + e));
      }

      assertTrue(kills >= 2, "the chaos thread killed servers: " + schedule);
      assertTrue(
          settled.stream().allMatch(s -> s.state() == MemberState.ACTIVE),
          "every member rejoined: " + settled);
      assertEquals(List.of(), lostThroughGroup, "acknowledged keys lost (seed " + seed + ")");
      lostOnMember.forEach(
          (serial, lost) ->
              assertEquals(List.of(), lost, "acknowledged keys missing on member " + serial));
      assertEquals(
          List.of(),
          singlePartWhileUp.stream().limit(5).toList(),
          singlePartWhileUp.size()
              + " single-part operation(s) failed while a server was up (seed "
              + seed
              + ")");
      assertEquals(
          List.of(), whileUp, "creations failed while a server was up (seed " + seed + ")");
    } finally {
      if (group != null) {
        group.close();
      }
      if (devices != null) {
        devices.close();
      }
      for (ServerProcess s : servers) {
        s.close();
      }
    }
  }

  /**
   * Every 2 to 4 s, SIGKILLs a random server among those whose loss leaves another server that is
   * up and active in the group, then restarts it on the same home and port after up to 1.5 s.
   */
  private static void killAndRestart(
      List<ServerProcess> servers,
      HaGroup group,
      Set<String> up,
      AtomicBoolean stop,
      Random random,
      List<String> schedule)
      throws Exception {
    long t0 = System.nanoTime();
    while (!stop.get()) {
      sleepUnless(stop, 2_000 + random.nextInt(2_000));
      if (stop.get()) {
        return;
      }
      Map<String, MemberState> states = new TreeMap<>();
      group.status().forEach(m -> states.put(memberSerial(servers, m), m.state()));
      List<ServerProcess> victims = new ArrayList<>();
      for (ServerProcess candidate : servers) {
        boolean anotherServes =
            servers.stream()
                .anyMatch(
                    o ->
                        o != candidate
                            && o.alive()
                            && up.contains(o.serial)
                            && states.get(o.serial) == MemberState.ACTIVE);
        if (candidate.alive() && anotherServes) {
          victims.add(candidate);
        }
      }
      if (victims.isEmpty()) {
        schedule.add(elapsed(t0) + " no server may be killed now: " + states);
        continue;
      }
      ServerProcess victim = victims.get(random.nextInt(victims.size()));
      up.remove(victim.serial);
      victim.kill();
      schedule.add(elapsed(t0) + " SIGKILL " + victim.serial + " (group saw " + states + ")");
      Thread.sleep(random.nextInt(1_500));
      victim.start();
      up.add(victim.serial);
      schedule.add(elapsed(t0) + " restarted " + victim.serial);
    }
  }

  /** The device serial of a member, whose status names its partition (device serial + 001). */
  private static String memberSerial(List<ServerProcess> servers, HaMemberStatus m) {
    return servers.stream()
        .map(s -> s.serial)
        .filter(s -> m.serial().equals(s) || m.serial().equals(s + "001"))
        .findFirst()
        .orElse(m.serial());
  }

  private static String elapsed(long t0) {
    return String.format("%6.1f s", (System.nanoTime() - t0) / 1e9);
  }

  private static void sleepUnless(AtomicBoolean stop, long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!stop.get() && System.currentTimeMillis() < end) {
      Thread.sleep(50);
    }
  }

  private static List<HaMemberStatus> awaitAllActive(HaGroup g, Duration bound)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    List<HaMemberStatus> st = g.status();
    while (!st.stream().allMatch(m -> m.state() == MemberState.ACTIVE)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      st = g.status();
    }
    return st;
  }

  private static long aesKey(Slot g, long session, String label) throws HsmException {
    return g.generateKey(
        session,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.ENCRYPT, true)
            .set(Cka.DECRYPT, true)
            .set(Cka.TOKEN, true)
            .set(Cka.LABEL, label)
            .build());
  }

  /** Labels of the token objects on a member, read through its own (network) slot. */
  private static Set<String> labelsOnMember(DeviceManager devices, String serial)
      throws HsmException {
    Slot slot = devices.slots().partitionSlot(serial, 1).orElseThrow();
    long s = slot.openSession(APP + 1, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, CO);
      Set<String> labels = new HashSet<>();
      for (long h : slot.findObjects(s, Attributes.builder().set(Cka.TOKEN, true).build())) {
        labels.add(new String(slot.getAttribute(s, h, Cka.LABEL), StandardCharsets.UTF_8));
      }
      return labels;
    } finally {
      slot.closeSession(s);
    }
  }

  /**
   * The group the client's selene.conf declares (label, serial, members by device serial, HA
   * settings), built over the network members it names. The file's AutoReconnectInterval cannot go
   * below the vendor's 60 s, longer than this test runs, so a restarted member is probed every
   * second instead.
   */
  private static HaGroup group(ClientConfig config, DeviceManager devices) throws HsmException {
    VirtualTokenDeclaration decl = config.virtualTokens().get(0);
    HaGroup.Builder b =
        HaGroup.builder()
            .label(decl.label())
            .serial(decl.serial())
            .settings(
                HaSettings.from(config.ha()).withAutoReconnectInterval(Duration.ofSeconds(1)));
    for (String member : decl.members()) {
      b.member(devices.slots().partitionSlot(member, 1).orElseThrow());
    }
    return b.register(devices.slots());
  }

  private static Path writeClientConfig(Path clientDir, List<Integer> ports) throws IOException {
    StringBuilder conf =
        new StringBuilder(
            """
            CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }
            Luna = { DefaultTimeOut = 10000; KeypairGenTimeOut = 20000;\
             CloningCommandTimeout = 20000; }
            Devices = {
            """);
    for (int i = 0; i < ports.size(); i++) {
      conf.append(" Device0").append(i).append(" = network, 127.0.0.1:").append(ports.get(i));
      conf.append(";\n");
    }
    conf.append("}\n")
        .append(
            """
            LunaSA Client = {
              ClientCertFile = %s;
              ClientPrivKeyFile = %s;
              ServerCAFile = %s;
              ReceiveTimeout = 5000;
            }
            VirtualToken = {
              VirtualToken00Label = chaos;
              VirtualToken00SN = 17200;
              VirtualToken00Members = %s;
            }
            HAConfiguration = {
              HAOnly = 1;
              reconnAtt = -1;
              ProbeTimeout = 3;
              haFailoverTimeout = 5;
            }
            """
                .formatted(
                    clientDir.resolve("cert.pem"),
                    clientDir.resolve("key.pem"),
                    clientDir.resolve("servers.pem"),
                    String.join(",", SERIALS)));
    Path file = clientDir.resolve("selene.conf");
    Files.writeString(file, conf, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * A server's home with its USB HSM 7 initialized (domain "chaos", a V0 partition with a Crypto
   * Officer), and the client registered with the partition assigned, as the server's operator does
   * with {@code selenecm client register} and {@code client assignpartition}.
   */
  private static ServerProcess provisionedServer(
      Path dir, String serial, int port, ClientIdentity client) throws Exception {
    Path home = dir.resolve("server-" + serial);
    Files.createDirectories(home);
    Path conf = home.resolve("selene.conf");
    Files.writeString(
        conf,
        "CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }\n"
            + "Devices = {\n Device00 = usb, "
            + serial
            + ", factory=zeroized;\n}\n",
        StandardCharsets.UTF_8);
    try (DeviceManager m = DeviceManager.open(ClientConfig.parse(conf), home, notice -> {})) {
      DeviceSlot admin = m.slots().adminSlot(serial).orElseThrow();
      DeviceSlot app = m.slots().applicationSlot(serial, 1).orElseThrow();
      long a = admin.openSession(1, true);
      admin.initHsm(a, "hsm" + serial, PW, "chaos", null);
      admin.login(a, Role.HSM_SO, PW);
      admin.createPartition(a, app.slotId(), 0);
      long s = app.openSession(2, true);
      app.initPartition(s, "p" + serial, PW, "chaos", null);
      app.login(s, Role.PARTITION_SO, PW);
      app.initRole(s, Role.CRYPTO_OFFICER, PW);
      app.logout(s);
      app.login(s, Role.CRYPTO_OFFICER, PW);
      app.changePin(s, PW, CO);
    }
    ClientRegistry registry = ClientRegistry.open(ServerIdentity.serverDir(home));
    registry.register(CLIENT, "localhost", client.certificate());
    registry.assignPartition(CLIENT, serial + "001");
    return new ServerProcess(serial, home, conf, port);
  }

  private static void startAll(List<ServerProcess> servers) throws Exception {
    List<Thread> starters = new ArrayList<>();
    ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
    for (ServerProcess s : servers) {
      Thread t =
          new Thread(
              () -> {
                try {
                  s.start();
                } catch (Exception e) {
                  errors.add(e);
                }
              },
              "start-" + s.serial);
      starters.add(t);
      t.start();
    }
    for (Thread t : starters) {
      t.join(120_000);
    }
    if (!errors.isEmpty()) {
      throw errors.peek();
    }
  }

  /** Loopback ports free now; the servers bind them for the whole test, restarts included. */
  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
