package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.CommandTimeouts;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.client.RemoteDevices;
import io.selenehsm.server.client.ServerSlotIds;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.Pem;
import io.selenehsm.server.trust.ServerIdentity;
import io.selenehsm.server.wire.StatusReply;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network trust attacked over real mutual TLS on 127.0.0.1: a server with a TCP listener over a
 * PCIe HSM 7 with two partitions (A and B), and clients connecting as another host would, through
 * {@link ServedDevices#connect} and selene.conf files whose {@code LunaSA Client} section names
 * their certificate, key and the server certificate they pin. Registry edits are made through
 * another {@link ClientRegistry} instance, as {@code selenecm client ...} in another process makes
 * them.
 */
class NetworkTrustTest {
  private static final String SERIAL = "1234567";
  private static final String PARTITION_A = SERIAL + "001";
  private static final String PARTITION_B = SERIAL + "002";
  private static final char[] SO_PIN = "so-password-1".toCharArray();
  private static final char[] CO_PIN = "co-password-1".toCharArray();
  private static final long SETUP_APP = 99;

  @TempDir Path dir;
  private Path home;
  private DeviceManager devices;
  private SeleneServer server;
  private int slotA;
  private int slotB;
  private int adminSlot;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    home = dir.resolve("server-home");
    devices =
        DeviceManager.inMemory(
            ClientConfig.parse(
                "CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }\n"
                    + "Devices = {\n Device00 = pcie, "
                    + SERIAL
                    + ", factory=zeroized;\n}\n",
                "server selene.conf"));
    provision();
    server =
        SeleneServer.start(
            devices,
            SeleneServer.Options.local(home).withTcp(new SeleneServer.Tcp("127.0.0.1", 0)),
            TimeSource.system());
  }

  private void provision() throws HsmException {
    DeviceSlot admin = devices.slots().adminSlot(SERIAL).orElseThrow();
    adminSlot = admin.slotId();
    long a = admin.openSession(SETUP_APP, true);
    admin.initHsm(a, "trust-hsm", SO_PIN, "testdomain", null);
    admin.login(a, Role.HSM_SO, SO_PIN);
    for (int p = 1; p <= 2; p++) {
      DeviceSlot app = devices.slots().applicationSlot(SERIAL, p).orElseThrow();
      admin.createPartition(a, app.slotId(), 0);
      long s = app.openSession(SETUP_APP, true);
      app.initPartition(s, "part" + p, SO_PIN, "testdomain", null);
      app.login(s, Role.PARTITION_SO, SO_PIN);
      app.initRole(s, Role.CRYPTO_OFFICER, CO_PIN);
      app.closeSession(s);
      if (p == 1) {
        slotA = app.slotId();
      } else {
        slotB = app.slotId();
      }
    }
    admin.closeSession(a);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    server.close();
    devices.close();
  }

  private Path serverDir() {
    return ServerIdentity.serverDir(home);
  }

  /** The registry as another process (the admin shell) opens it. */
  private ClientRegistry shell() throws Exception {
    return ClientRegistry.open(serverDir());
  }

  private Path serverCert() {
    return serverDir().resolve(ServerIdentity.CERT_FILE);
  }

  private ClientIdentity identity(String name) throws Exception {
    Path d = dir.resolve("clients").resolve(name);
    return ClientIdentity.create(name, d.resolve("cert.pem"), d.resolve("key.pem"));
  }

  private Path certOf(String name) {
    return dir.resolve("clients").resolve(name).resolve("cert.pem");
  }

  private Path keyOf(String name) {
    return dir.resolve("clients").resolve(name).resolve("key.pem");
  }

  /** A registered client named {@code name} with {@code partitions} assigned. */
  private void registered(String name, String... partitions) throws Exception {
    ClientRegistry r = shell();
    r.register(name, name + ".example.test", identity(name).certificate());
    for (String p : partitions) {
      r.assignPartition(name, p);
    }
  }

  /** The client's selene.conf: the server as a network device, and its TLS files. */
  private ClientConfig clientConfig(Path cert, Path key, Path serverCa) throws Exception {
    return ClientConfig.parse(
        "CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }\n"
            + "Devices = {\n Device00 = network, 127.0.0.1:"
            + server.tcpPort()
            + ";\n}\n"
            + "LunaSA Client = {\n"
            + " ClientCertFile = "
            + cert
            + ";\n ClientPrivKeyFile = "
            + key
            + ";\n ServerCAFile = "
            + serverCa
            + ";\n ReceiveTimeout = 5000;\n}\n",
        "client selene.conf");
  }

  private ClientConfig configOf(String name) throws Exception {
    return clientConfig(certOf(name), keyOf(name), serverCert());
  }

  private AttachedDevices connect(ClientConfig config) throws HsmException {
    AttachedDevices d =
        new ServedDevices().connect("127.0.0.1", server.tcpPort(), config, TimeSource.system());
    opened.add(d);
    return d;
  }

  /** What the client application opens: its selene.conf's devices under its own home. */
  private DeviceManager openAsApplication(String name) throws Exception {
    DeviceManager m = DeviceManager.open(configOf(name), dir.resolve("home-" + name), n -> {});
    opened.add(m);
    return m;
  }

  /** Status as a same-host client (the admin shell) sees it: every client, every call. */
  private StatusReply localStatus() throws HsmException {
    try (AttachedDevices local =
        new ServedDevices()
            .attachLocal(home, ClientConfig.defaults(), TimeSource.system())
            .orElseThrow()) {
      return ((RemoteDevices) local).status(5_000);
    }
  }

  private int openSessions() throws HsmException {
    return devices.devices().get(0).read(h -> h.openSessionCount());
  }

  private static void assertRefusedConnection(HsmException e) {
    assertTrue(
        Set.of(Ckr.DEVICE_REMOVED, Ckr.TOKEN_NOT_PRESENT).contains(e.returnCode()),
        "refused with " + e.returnCode() + ": " + e.getMessage());
  }

  /** The server accepted no connection and ran no call. */
  private void assertServerRanNothing(int sessionsBefore) throws HsmException {
    assertEquals(0, server.clientCount(), "no client connection was admitted");
    assertEquals(sessionsBefore, openSessions());
    StatusReply status = localStatus();
    assertEquals(0, status.getCallsTotal(), "no call ran: " + status);
    assertEquals(0, status.getSessionsOpen());
  }

  private static long loggedIn(Slot slot) throws HsmException {
    long s = slot.openSession(1, true);
    slot.login(s, Role.CRYPTO_OFFICER, CO_PIN);
    return s;
  }

  private static void assertCode(long expected, HsmException e) {
    assertEquals(expected, e.returnCode(), e.getMessage());
  }

  @Test
  void anUnregisteredClientIsRefusedAtTheHandshakeAndTheServerRunsNothing() throws Exception {
    registered("web01", PARTITION_A);
    identity("stranger");
    int before = openSessions();

    HsmException e = assertThrows(HsmException.class, () -> connect(configOf("stranger")));
    assertRefusedConnection(e);
    // An application with that configuration opens, reports the server, and sees no slot of it.
    DeviceManager app = openAsApplication("stranger");
    assertEquals(List.of(), app.slots().list());

    assertServerRanNothing(before);
  }

  @Test
  void aClientSeesOnlyItsAssignedPartitionInTheListAndByDirectId() throws Exception {
    registered("web01", PARTITION_A);
    DeviceManager app = openAsApplication("web01");

    List<SlotInfo> listed = app.slots().list();
    assertEquals(1, listed.size(), listed.toString());
    SlotInfo only = listed.get(0);
    assertEquals(SlotInfo.Kind.APPLICATION, only.kind());
    assertEquals(SERIAL, only.deviceSerial());
    assertEquals(1, only.partitionId());
    Slot a = app.slot(only.slotId());
    long s = loggedIn(a);
    assertEquals(16, a.generateRandom(s, 16).length);
    assertCode(Ckr.SLOT_ID_INVALID, assertThrows(HsmException.class, () -> app.slot(1)));

    // Guessing the server's ids of partition B and of the admin slot reaches neither.
    AttachedDevices served = app.attached().get(0);
    for (int guessed : new int[] {slotB, adminSlot}) {
      Slot other = ServerSlotIds.guessed(served, guessed);
      HsmException refused = assertThrows(HsmException.class, () -> other.openSession(1, true));
      assertCode(Ckr.SLOT_ID_INVALID, refused);
      assertTrue(
          refused.getMessage().contains("not assigned to client web01"), refused.getMessage());
      assertFalse(other.info().tokenPresent(), "slot " + guessed + " is not shown as present");
    }
  }

  @Test
  void assignmentsAndRevocationsMadeElsewhereApplyAtTheNextCall() throws Exception {
    registered("web01", PARTITION_A);
    AttachedDevices served = connect(configOf("web01"));
    Slot a = ServerSlotIds.guessed(served, slotA);
    Slot b = ServerSlotIds.guessed(served, slotB);
    long sa = loggedIn(a);
    assertCode(Ckr.SLOT_ID_INVALID, assertThrows(HsmException.class, () -> b.openSession(1, true)));

    shell().assignPartition("web01", PARTITION_B);

    long sb = loggedIn(b);
    assertEquals(8, b.generateRandom(sb, 8).length);
    assertEquals(
        List.of(SERIAL + "/1", SERIAL + "/2"),
        served.slots(0).stream()
            .map(x -> x.slot().info())
            .map(i -> i.deviceSerial() + "/" + i.partitionId())
            .toList());

    shell().revokePartition("web01", PARTITION_A);

    assertCode(
        Ckr.SLOT_ID_INVALID, assertThrows(HsmException.class, () -> a.generateRandom(sa, 8)));
    assertCode(Ckr.SLOT_ID_INVALID, assertThrows(HsmException.class, () -> a.openSession(1, true)));
    assertEquals(8, b.generateRandom(sb, 8).length, "B stays reachable");
  }

  @Test
  void aDeletedClientsConcurrentCallsAreRefusedAtTheirNextBatch() throws Exception {
    registered("web01", PARTITION_A);
    AttachedDevices served = connect(configOf("web01"));
    Slot a = ServerSlotIds.guessed(served, slotA);
    long s = loggedIn(a);
    java.util.concurrent.atomic.AtomicBoolean deleted =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            threads.submit(
                () -> {
                  int ran = 0;
                  while (true) {
                    boolean sentAfterDeletion = deleted.get();
                    try {
                      assertEquals(8, a.generateRandom(s, 8).length);
                      assertFalse(sentAfterDeletion, "a call sent after the deletion ran");
                      ran++;
                    } catch (HsmException e) {
                      assertCode(Ckr.TOKEN_NOT_PRESENT, e);
                      assertTrue(e.getMessage().contains("no longer registered"), e.getMessage());
                      return ran;
                    }
                  }
                }));
      }
      Thread.sleep(200); // the threads' calls travel in batches meanwhile
      shell().delete("web01");
      deleted.set(true);
      for (java.util.concurrent.Future<Integer> f : done) {
        f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aDeletedClientsNextCallFindsTheTokenGone() throws Exception {
    registered("web01", PARTITION_A);
    AttachedDevices served = connect(configOf("web01"));
    Slot a = ServerSlotIds.guessed(served, slotA);
    long s = loggedIn(a);
    assertEquals(8, a.generateRandom(s, 8).length);

    shell().delete("web01");

    HsmException e = assertThrows(HsmException.class, () -> a.generateRandom(s, 8));
    assertCode(Ckr.TOKEN_NOT_PRESENT, e);
    assertTrue(e.getMessage().contains("no longer registered"), e.getMessage());
    assertCode(
        Ckr.TOKEN_NOT_PRESENT, assertThrows(HsmException.class, () -> a.openSession(1, true)));
    // A new connection with the same certificate is refused at the handshake.
    assertRefusedConnection(assertThrows(HsmException.class, () -> connect(configOf("web01"))));
  }

  /**
   * Forged credentials, each refused at the handshake with no call run. One server serves every
   * case: a server that refused a handshake waits its close grace before it stops, so one stop per
   * case would cost seconds each.
   */
  @Test
  void forgedCredentialsAndAWrongPinAreRefusedAtTheHandshake() throws Exception {
    registered("web01", PARTITION_A);
    int before = openSessions();

    aCertificateIssuedByAnAuthorityTheServerDoesNotKnowIsRefused();
    assertServerRanNothing(before);
    theServersOwnCertificateIsNoClientCredential();
    assertServerRanNothing(before);
    aRegisteredCertificateWithAnotherKeyIsRefused();
    assertServerRanNothing(before);
    aClientPinningAnotherServersCertificateRefusesThisServer();
    assertServerRanNothing(before);
  }

  private void aCertificateIssuedByAnAuthorityTheServerDoesNotKnowIsRefused() throws Exception {
    // A certificate for the registered client's name, issued by a CA: the server trusts
    // registered certificates only, whoever vouches for another one.
    KeyPair ca = ecPair();
    KeyPair leaf = ecPair();
    X509Certificate caCert = certificate("CN=Trusted Root", ca, "CN=Trusted Root", ca.getPublic());
    X509Certificate leafCert = certificate("CN=Trusted Root", ca, "CN=web01", leaf.getPublic());
    Path cert = dir.resolve("issued/cert.pem");
    Path key = dir.resolve("issued/key.pem");
    Files.createDirectories(cert.getParent());
    Files.writeString(
        cert, Pem.certificate(leafCert) + Pem.certificate(caCert), StandardCharsets.US_ASCII);
    writeKey(key, leaf.getPrivate());

    assertRefusedConnection(
        assertThrows(HsmException.class, () -> connect(clientConfig(cert, key, serverCert()))));
  }

  private void theServersOwnCertificateIsNoClientCredential() throws Exception {
    Path serverKey = serverDir().resolve(ServerIdentity.KEY_FILE);

    assertRefusedConnection(
        assertThrows(
            HsmException.class,
            () -> connect(clientConfig(serverCert(), serverKey, serverCert()))));
  }

  private void aRegisteredCertificateWithAnotherKeyIsRefused() throws Exception {
    X509Certificate stolen = Pem.readCertificate(certOf("web01"));
    PrivateKey wrongKey = ecPair().getPrivate();

    // The Selene client refuses to present a certificate with a key that is not its own...
    assertRefusedConnection(
        assertThrows(
            HsmException.class,
            () ->
                connect(
                    clientConfig(
                        certOf("web01"),
                        writeKey(dir.resolve("wrong-key.pem"), wrongKey),
                        serverCert()))));
    // ...so the attacker builds the handshake by hand: the server must refuse it.
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.tcpPort())
            .sslContext(
                GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(wrongKey, stolen)
                    .trustManager(Pem.readCertificate(serverCert()))
                    .build())
            .negotiationType(NegotiationType.TLS)
            .build();
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                new RemoteDevices(
                    channel,
                    () -> {},
                    "forged client",
                    CommandTimeouts.from(ClientConfig.defaults().luna()),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5)));
    channel.shutdownNow();
    assertRefusedConnection(e);
  }

  private void aClientPinningAnotherServersCertificateRefusesThisServer() throws Exception {
    ServerIdentity other = ServerIdentity.loadOrCreate(dir.resolve("other-server"), "127.0.0.1");

    HsmException e =
        assertThrows(
            HsmException.class,
            () -> connect(clientConfig(certOf("web01"), keyOf("web01"), other.certificateFile())));
    assertRefusedConnection(e);
  }

  @Test
  void aNetworkClientsStatusListsOnlyItself() throws Exception {
    registered("web01", PARTITION_A);
    registered("web02", PARTITION_B);
    RemoteDevices one = (RemoteDevices) connect(configOf("web01"));
    RemoteDevices two = (RemoteDevices) connect(configOf("web02"));
    ServerSlotIds.guessed(two, slotB).openSession(1, true);

    StatusReply seenByOne = one.status(5_000);
    assertEquals(
        List.of("web01"), seenByOne.getClientsList().stream().map(c -> c.getName()).toList());
    assertEquals(0, seenByOne.getSessionsOpen(), "other clients' sessions are not counted");
    assertEquals(List.of(SERIAL), one.deviceSerials());
    StatusReply seenByTwo = two.status(5_000);
    assertEquals(
        List.of("web02"), seenByTwo.getClientsList().stream().map(c -> c.getName()).toList());
    assertEquals(1, seenByTwo.getClients(0).getSessionsCount());

    // The admin shell on the server's host sees both.
    assertEquals(
        Set.of("web01", "web02"),
        localStatus().getClientsList().stream()
            .map(c -> c.getName())
            .filter(n -> n.startsWith("web"))
            .collect(java.util.stream.Collectors.toSet()));
  }

  private static KeyPair ecPair() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp256r1"));
    return kpg.generateKeyPair();
  }

  private static X509Certificate certificate(
      String issuer, KeyPair issuerKeys, String subject, java.security.PublicKey subjectKey)
      throws Exception {
    Instant now = Instant.now();
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name(subject),
                    subjectKey)
                .build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static byte[] pemKey(PrivateKey key) {
    String b64 =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return ("-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static Path writeKey(Path file, PrivateKey key) throws Exception {
    Files.write(file, pemKey(key));
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
