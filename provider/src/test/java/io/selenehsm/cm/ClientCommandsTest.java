package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.RegisteredClient;
import io.selenehsm.server.trust.ServerIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client} and {@code ntls} through {@link SeleneCm#run} against a temporary SELENE_HOME with
 * one in-memory USB HSM 7 whose partition is created first; the registry the commands edit is the
 * one the device service of that SELENE_HOME reads.
 */
class ClientCommandsTest {
  private static final String CONF =
      """
      Devices = {
        Device00 = usb, 7100, factory=zeroized;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;
  private static final char[] PW = "password1".toCharArray();

  @TempDir Path home;
  private DeviceManager manager;
  private String partitionSerial;

  private record Run(int exitCode, String output) {
    List<String> results() {
      return output.lines().filter(l -> l.startsWith("Command Result : ")).toList();
    }
  }

  @BeforeEach
  void devices() throws Exception {
    Path file = home.resolve("selene.conf");
    Files.writeString(file, CONF);
    manager = DeviceManager.inMemory(ClientConfig.parse(file));
    DeviceSlot admin = manager.slots().adminSlot("7100").orElseThrow();
    DeviceSlot app = manager.slots().applicationSlot("7100", 1).orElseThrow();
    long a = admin.openSession(1, true);
    admin.initHsm(a, "hsm", PW, "domain", null);
    admin.login(a, Role.HSM_SO, PW);
    admin.createPartition(a, app.slotId(), 1);
    admin.closeSession(a);
    partitionSerial =
        manager.slots().list().stream()
            .filter(s -> s.kind() == SlotInfo.Kind.APPLICATION && s.tokenSerial() != null)
            .map(SlotInfo::tokenSerial)
            .findFirst()
            .orElseThrow();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Run run(String stdin, String... commands) {
    List<String> args = new ArrayList<>();
    for (String c : commands) {
      args.add("-c");
      args.add(c);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        SeleneCm.run(
            args.toArray(String[]::new),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            out,
            () -> DeviceDirectory.over(manager, home.resolve("selene.conf"), home));
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  private static String ok() {
    return Shell.NO_ERROR;
  }

  private static String error(long code) {
    return "Command Result : " + io.selenehsm.firmware.rc.ReturnCodes.format(code);
  }

  /** A client host's certificate, made as its deploy would make it. */
  private ClientIdentity clientCert(String name) throws Exception {
    Path d = home.resolve("elsewhere/" + name);
    return ClientIdentity.create(name, d.resolve(name + "Cert.pem"), d.resolve(name + "Key.pem"));
  }

  private Path certFile(String name) {
    return home.resolve("elsewhere/" + name + "/" + name + "Cert.pem");
  }

  private ClientRegistry registry() throws Exception {
    return ClientRegistry.open(ServerIdentity.serverDir(home));
  }

  @Test
  void registerAssignShowListRevokeDelete() throws Exception {
    ClientIdentity web = clientCert("web01");

    Run r =
        run(
            "",
            "client register -client web01 -hostname web01.example.test -certfile "
                + certFile("web01"),
            "client assignPartition -client web01 -partition " + partitionSerial,
            "client show -client web01",
            "client list");

    assertEquals(List.of(ok(), ok(), ok(), ok()), r.results(), r.output());
    assertEquals(0, r.exitCode());
    assertTrue(r.output().contains(web.fingerprint()), r.output());
    assertTrue(r.output().contains("web01.example.test"), r.output());
    RegisteredClient stored = registry().byName("web01").orElseThrow();
    assertEquals(Set.of(partitionSerial), stored.partitions());
    assertEquals(web.fingerprint(), stored.fingerprint());
    assertEquals(registry().byCertificate(web.certificate()).orElseThrow(), stored);

    Run revoke =
        run(
            "",
            "client revokepartition -client web01 -partition " + partitionSerial,
            "client delete -client web01 -force",
            "client list");

    assertEquals(List.of(ok(), ok(), ok()), revoke.results(), revoke.output());
    assertTrue(revoke.output().contains("No client is registered."), revoke.output());
    assertTrue(registry().list().isEmpty());
  }

  @Test
  void shortOptionsAsTheVendorsShellTakesThem() throws Exception {
    clientCert("app02");

    Run r =
        run(
            "",
            "client register -c app02 -h 10.0.0.2 -certfile " + certFile("app02"),
            "client assignpartition -c app02 -p " + partitionSerial);

    assertEquals(List.of(ok(), ok()), r.results(), r.output());
    assertEquals(Set.of(partitionSerial), registry().byName("app02").orElseThrow().partitions());
  }

  @Test
  void deleteAsksUnlessForcedAndACancelKeepsTheClient() throws Exception {
    clientCert("web01");
    run("", "client register -client web01 -hostname web01 -certfile " + certFile("web01"));

    Run cancelled = run("no\n", "client delete -client web01");
    assertEquals(List.of(error(Ckr.CANCEL)), cancelled.results(), cancelled.output());
    assertTrue(cancelled.output().contains("deregistered"), cancelled.output());
    assertTrue(registry().byName("web01").isPresent());

    Run confirmed = run("proceed\n", "client delete -client web01");
    assertEquals(List.of(ok()), confirmed.results(), confirmed.output());
    assertFalse(registry().byName("web01").isPresent());
  }

  @Test
  void refusals() throws Exception {
    clientCert("web01");
    Path junk = Files.writeString(home.resolve("junk.pem"), "not a certificate");
    String register =
        "client register -client web01 -hostname web01 -certfile " + certFile("web01");

    Run r =
        run(
            "",
            register,
            // the same name again, in another case, with another certificate
            "client register -client WEB01 -hostname web01 -certfile " + clientCertPath("other"),
            // the same certificate under another name
            "client register -client web02 -hostname web02 -certfile " + certFile("web01"),
            "client register -client web03 -hostname web03 -certfile " + junk,
            "client register -client web04 -hostname web04 -certfile " + home.resolve("absent"),
            "client show -client nobody",
            "client delete -client nobody -force",
            "client assignpartition -client nobody -partition " + partitionSerial,
            "client assignpartition -client web01 -partition 999999999",
            "client revokepartition -client web01 -partition " + partitionSerial,
            "client register -client 'two words' -hostname h -certfile " + certFile("web01"));

    assertEquals(
        List.of(
            ok(),
            error(Ckr.OPERATION_NOT_ALLOWED),
            error(Ckr.OPERATION_NOT_ALLOWED),
            error(Ckr.CERTIFICATE_DATA_INVALID),
            error(Ckr.CERTIFICATE_DATA_INVALID),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.ARGUMENTS_BAD),
            error(Ckr.OPERATION_NOT_ALLOWED),
            error(Ckr.ARGUMENTS_BAD)),
        r.results(),
        r.output());
    String out = r.output();
    assertTrue(out.contains("is registered already"), out);
    assertTrue(out.contains("registered already, as client web01"), out);
    assertTrue(out.contains("junk.pem"), out);
    assertTrue(out.contains("no client named nobody"), out);
    assertTrue(out.contains("no application partition has serial 999999999"), out);
    assertTrue(out.contains(partitionSerial), out);
    assertTrue(out.contains("is not assigned to client web01"), out);
    // Nothing a refusal touched changed the one registered client.
    List<RegisteredClient> all = registry().list();
    assertEquals(1, all.size());
    assertEquals(Set.of(), all.get(0).partitions());
  }

  private Path clientCertPath(String name) throws Exception {
    clientCert(name);
    return certFile(name);
  }

  @Test
  void ntlsCertificateCreatesTheServerIdentityOnceAndShowsItsFingerprint() throws Exception {
    Run first = run("", "ntls certificate");
    Run second = run("", "ntls certificate");

    ServerIdentity id = ServerIdentity.loadOrCreate(ServerIdentity.serverDir(home), "unused");
    assertEquals(List.of(ok()), first.results(), first.output());
    assertEquals(List.of(ok()), second.results(), second.output());
    assertTrue(first.output().contains("were created"), first.output());
    assertFalse(second.output().contains("were created"), second.output());
    assertTrue(first.output().contains(id.fingerprint()), first.output());
    assertTrue(second.output().contains(id.fingerprint()), second.output());
    assertTrue(
        second.output().contains(id.certificateFile().toAbsolutePath().toString()),
        second.output());
  }

  @Test
  void theFamilyListsItsCommands() {
    Run r = run("", "client", "ntls");

    assertEquals(List.of(ok(), ok()), r.results(), r.output());
    for (String c :
        List.of(
            "register",
            "list",
            "show",
            "delete",
            "assignpartition",
            "revokepartition",
            "certificate")) {
      assertTrue(r.output().contains(c), c + " in " + r.output());
    }
  }
}
