package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.role.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * keytool against a device served by a separate {@code selene-server} process: the server holds
 * SELENE_HOME, the partition is set up by a client attached to it, keytool (two more processes with
 * the same SELENE_HOME) attaches by itself, and the key it made is on the server's device.
 */
class ServedKeytoolIT {
  private static final String PIN = DurablePartition.CO_PIN;
  private static final String READY = "selene-server: ready";
  private static final String UNIX = "selene-server: listening on unix:";

  @TempDir Path tmp;
  private Process server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void keytoolMakesAndListsAKeyOnTheServersDevice() throws Exception {
    Path conf = tmp.resolve("selene.conf");
    Files.writeString(
        conf,
        "Devices = {\n  Device00 = usb, " + DurablePartition.SERIAL + ", factory=zeroized;\n}\n",
        StandardCharsets.UTF_8);
    Path home = tmp.resolve("home");
    Files.createDirectories(home);
    Map<String, String> env =
        Map.of("SELENE_CONF", conf.toString(), "SELENE_HOME", home.toString());

    List<String> banner = new ArrayList<>();
    server = startServer(env, banner);
    Path socket =
        Path.of(
            banner.stream()
                .filter(l -> l.startsWith(UNIX))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no unix listener in " + banner))
                .substring(UNIX.length()));
    assertEquals(home.resolve("selene-server.sock").toAbsolutePath(), socket, banner.toString());
    assertTrue(Files.exists(socket));

    ClientConfig config = ClientConfig.parse(conf);
    // HSM and partition set up by an administrator's process attached to the server.
    try (DeviceManager admin = DeviceManager.open(config, home)) {
      assertTrue(admin.isAttached(), "the server holds SELENE_HOME: " + admin);
      DurablePartition.initialise(admin);
    }

    Path descriptor = tmp.resolve("partition.txt");
    Files.writeString(descriptor, "slot:" + DurablePartition.PARTITION_SLOT + "\n");
    Keytool keytool = new Keytool(tmp, env);
    Keytool.Run gen =
        keytool.run(
            60,
            store(
                descriptor,
                List.of(
                    "-genkeypair",
                    "-alias",
                    "served-ec",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-sigalg",
                    "SHA256withECDSA",
                    "-dname",
                    "CN=served.localhost",
                    "-validity",
                    "30")));
    assertEquals(0, gen.exitCode(), gen.all());
    Keytool.Run list = keytool.run(60, store(descriptor, List.of("-list")));
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(list.stdout().contains("Your keystore contains 1 entry"), list.all());
    assertTrue(
        list.stdout()
            .lines()
            .anyMatch(l -> l.startsWith("served-ec,") && l.contains("PrivateKeyEntry")),
        list.all());

    // Another client of the same server sees the key keytool made, sensitive, on the device.
    try (DeviceManager check = DeviceManager.open(config, home)) {
      assertTrue(check.isAttached(), check.toString());
      assertEquals(1, privateKeys(check, "served-ec"));
    }

    server.toHandle().destroy(); // SIGTERM
    assertTrue(server.waitFor(30, TimeUnit.SECONDS), "selene-server did not stop on SIGTERM");
    // A clean stop: exit 0, socket removed, device closed (it opens again in this process) and
    // the key on its flash.
    assertEquals(0, server.exitValue(), "selene-server exit status");
    assertFalse(Files.exists(socket), "the socket was removed");
    try (DeviceManager local = DeviceManager.open(config, home)) {
      assertFalse(local.isAttached(), "no server holds the home any more");
      assertEquals(1, privateKeys(local, "served-ec"));
    }
  }

  /** Starts selene-server from the shaded jar and waits for its ready line. */
  private static Process startServer(Map<String, String> env, List<String> banner)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                // As the build's tests: role secrets at the cheap test cost of the KDF.
                "-Dselene.test.cheapKdf=true",
                "-cp",
                KeytoolIT.fatJar().toString(),
                "io.selenehsm.server.ServerMain")
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (IOException e) {
                // the process ended; its output is complete
              }
            },
            "selene-server-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l != null) {
        banner.add(l);
        if (l.startsWith(READY)) {
          return p;
        }
      } else if (!p.isAlive()) {
        break;
      }
    }
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    throw new AssertionError("selene-server did not get ready: " + banner);
  }

  private static int privateKeys(DeviceManager devices, String label) throws Exception {
    Slot slot = devices.slot(DurablePartition.PARTITION_SLOT);
    long s = slot.openSession(9, false);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, PIN.toCharArray());
      List<Long> keys =
          slot.findObjects(
              s,
              Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).set(Cka.LABEL, label).build());
      for (long k : keys) {
        assertTrue(slot.getAttributes(s, k).bool(Cka.SENSITIVE, false), "key stays sensitive");
      }
      return keys.size();
    } finally {
      slot.closeSession(s);
    }
  }

  /** The keystore options, with the provider loaded by class name from the shaded jar. */
  private static List<String> store(Path descriptor, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of(
            "-storetype",
            "Selene",
            "-keystore",
            descriptor.toString(),
            "-storepass",
            PIN,
            "-keypass",
            PIN,
            "-providername",
            "Selene",
            "-providerclass",
            "io.selenehsm.provider.SeleneProvider",
            "-providerpath",
            KeytoolIT.fatJar().toString()));
    return all;
  }
}
