package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keytool -keypasswd} as a process. On a V1 partition with per-key authorization (partition
 * policy 40) the entry password is the key's authorization data: keytool sets it at generation,
 * changes it knowing the old one, and a use through the KeyStore is checked against it. On a V0
 * partition entry passwords mean nothing, and keytool's password change is refused with a message
 * that says so instead of exiting 0 having changed nothing.
 */
class KeytoolKeypasswdIT {
  private static final String SERIAL = "2345678";
  private static final String SO_PIN = "SoPassw0rd";
  private static final String PO_PIN = "PoPassw0rd";
  private static final String CO_PIN = "CoPassw0rd2";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void perKeyAuthorizationPartitionChangesTheKeysAuthorizationData() throws Exception {
    Map<String, String> env = partition(1);
    Keytool keytool = new Keytool(tmp, env);
    Keytool.Run gen =
        keytool.run(
            30,
            store(
                List.of(
                    "-genkeypair",
                    "-alias",
                    "signer",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=per-key auth",
                    "-keypass",
                    "first-auth-1")));
    assertEquals(0, gen.exitCode(), gen.all());

    Keytool.Run change =
        keytool.run(
            30,
            store(
                List.of(
                    "-keypasswd",
                    "-alias",
                    "signer",
                    "-keypass",
                    "first-auth-1",
                    "-new",
                    "second-auth-2")));
    assertEquals(0, change.exitCode(), change.all());

    // The attack: changing it again with the old (now wrong) password is refused.
    Keytool.Run stale =
        keytool.run(
            30,
            store(
                List.of(
                    "-keypasswd",
                    "-alias",
                    "signer",
                    "-keypass",
                    "first-auth-1",
                    "-new",
                    "third-auth-3")));
    assertNotEquals(0, stale.exitCode(), stale.all());
    assertTrue(stale.all().contains("PIN_INCORRECT"), stale.all());

    // Using the key through keytool needs the new password.
    Keytool.Run csr =
        keytool.run(
            30,
            store(
                List.of(
                    "-certreq",
                    "-alias",
                    "signer",
                    "-keypass",
                    "second-auth-2",
                    "-file",
                    "signer.csr")));
    assertEquals(0, csr.exitCode(), csr.all());

    try (DeviceManager devices =
        DeviceManager.open(ClientConfig.parse(tmp.resolve("selene.conf")), tmp.resolve("home"))) {
      SeleneProvider provider = SeleneProvider.over(devices);
      try {
        KeyStore ks = KeyStore.getInstance("Selene", provider);
        ks.load(
            new ByteArrayInputStream("slot:0\n".getBytes(StandardCharsets.US_ASCII)),
            CO_PIN.toCharArray());
        assertInstanceOf(PrivateKey.class, ks.getKey("signer", "second-auth-2".toCharArray()));
        UnrecoverableKeyException old =
            assertThrows(
                UnrecoverableKeyException.class,
                () -> ks.getKey("signer", "first-auth-1".toCharArray()));
        assertEquals(Ckr.PIN_INCORRECT, ((SeleneCryptokiException) old.getCause()).getReturnCode());
        UnrecoverableKeyException none =
            assertThrows(UnrecoverableKeyException.class, () -> ks.getKey("signer", null));
        assertTrue(none.getMessage().contains("entry password"), none.getMessage());
        assertInstanceOf(
            PrivateKey.class,
            ks.getKey("signer", "second-auth-2".toCharArray()),
            "the key is intact after the refused attempts");
      } finally {
        provider.close();
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void partitionWithoutPerKeyAuthorizationRefusesThePasswordChange() throws Exception {
    Map<String, String> env = partition(0);
    Keytool keytool = new Keytool(tmp, env);
    Keytool.Run gen =
        keytool.run(
            30,
            store(
                List.of(
                    "-genkeypair",
                    "-alias",
                    "plain",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=no per-key auth",
                    "-keypass",
                    CO_PIN)));
    assertEquals(0, gen.exitCode(), gen.all());

    Keytool.Run change =
        keytool.run(
            30,
            store(
                List.of(
                    "-keypasswd",
                    "-alias",
                    "plain",
                    "-keypass",
                    CO_PIN,
                    "-new",
                    "a-new-password")));
    assertNotEquals(0, change.exitCode(), change.all());
    assertTrue(
        change.all().contains("entry passwords are not used on this partition"), change.all());
    assertTrue(change.all().contains("partition policy 40"), change.all());

    Keytool.Run list = keytool.run(30, store(List.of("-list", "-alias", "plain")));
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(list.stdout().contains("PrivateKeyEntry"), list.all());
  }

  /** A durable USB HSM 7 with a partition of {@code version}; closed again for keytool. */
  private Map<String, String> partition(int version) throws Exception {
    Path conf = tmp.resolve("selene.conf");
    Files.writeString(
        conf,
        """
        Devices = {
          Device00 = usb, %s, factory=zeroized;
        }
        """
            .formatted(SERIAL),
        StandardCharsets.UTF_8);
    Path home = tmp.resolve("home");
    try (DeviceManager devices = DeviceManager.open(ClientConfig.parse(conf), home)) {
      Slot admin = devices.slot(1);
      long a = admin.openSession(1, true);
      admin.initHsm(a, "hsm", SO_PIN.toCharArray(), "hsmdomain", null);
      admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
      admin.createPartition(a, 0, version);
      admin.logout(a);
      admin.closeSession(a);
      Slot part = devices.slot(0);
      long s = part.openSession(2, true);
      part.initPartition(s, "keypasswd", PO_PIN.toCharArray(), "partdomain", null);
      part.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
      part.initRole(s, Role.CRYPTO_OFFICER, "CoPassw0rd".toCharArray());
      part.logout(s);
      part.login(s, Role.CRYPTO_OFFICER, "CoPassw0rd".toCharArray());
      part.changePin(s, "CoPassw0rd".toCharArray(), CO_PIN.toCharArray());
      part.logout(s);
      part.closeSession(s);
      assertEquals(
          version,
          devices.slot(0).partitionPolicies().get(40),
          "per-key authorization follows the partition version");
    }
    Files.writeString(tmp.resolve("partition.txt"), "slot:0\n", StandardCharsets.US_ASCII);
    return Map.of("SELENE_CONF", conf.toString(), "SELENE_HOME", home.toString());
  }

  private List<String> store(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of(
            "-storetype",
            "Selene",
            "-keystore",
            tmp.resolve("partition.txt").toString(),
            "-storepass",
            CO_PIN,
            "-providername",
            "Selene",
            "-providerclass",
            "io.selenehsm.provider.SeleneProvider",
            "-providerpath",
            KeytoolIT.fatJar().toString()));
    return all;
  }
}
