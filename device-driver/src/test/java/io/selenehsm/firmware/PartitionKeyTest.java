package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.PO_PIN;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.store.FlashStore;
import io.selenehsm.firmware.store.FlashStores;
import io.selenehsm.firmware.store.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition key (POK) at work: activation by the first login after power-on, re-wrapping when
 * role secrets change, and the device KEK under an external master key.
 */
class PartitionKeyTest {
  private static final GcmParams GCM = new GcmParams(new byte[0], new byte[0], 128);

  @TempDir Path tmp;

  @Test
  void afterARestartTokenKeysAreFindableButSealedUntilARoleLogsIn() throws Exception {
    Path dir = tmp.resolve("dev");
    try (Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      long co = EngineFixtures.coSession(hsm, 1, APP);
      hsm.createObject(co, publicAesKey("shared"));
    }
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      long pub = hsm.openSession(1, APP + 1, true);
      List<Long> found =
          hsm.findObjects(pub, Attributes.builder().set(Cka.LABEL, "shared").build());
      assertEquals(1, found.size(), "public attributes stay findable without a login");
      HsmException e = assertThrows(HsmException.class, () -> hsm.getAttributes(pub, found.get(0)));
      assertEquals(Ckr.USER_NOT_LOGGED_IN, e.returnCode());
      assertTrue(e.getMessage().contains("sealed under its partition key"), e.getMessage());

      long co = EngineFixtures.coSession(hsm, 1, APP);
      hsm.logout(co);
      assertEquals(
          "shared",
          hsm.getAttributes(pub, found.get(0)).string(Cka.LABEL),
          "once a role logged in, the partition stays activated after its logout");
      long again = EngineFixtures.coSession(hsm, 1, APP + 2);
      assertNotNull(
          hsm.crypto().encrypt(again, Mechanism.of(Ckm.AES_GCM, GCM), found.get(0), new byte[16]));
    }
  }

  @Test
  void deactivationClosesThePartitionAtTheLastLogout() throws Exception {
    try (Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.durableOptions(tmp.resolve("dev")))) {
      long co = EngineFixtures.coSession(hsm, 1, APP);
      long key = hsm.createObject(co, publicAesKey("k"));
      long pub = hsm.openSession(1, APP + 1, true);
      hsm.quorum().deactivate(co);
      assertEquals(
          "k",
          hsm.getAttributes(pub, key).string(Cka.LABEL),
          "still open while the Crypto Officer is logged in");
      hsm.logout(co);
      HsmException e = assertThrows(HsmException.class, () -> hsm.getAttributes(pub, key));
      assertEquals(Ckr.USER_NOT_LOGGED_IN, e.returnCode());
      assertTrue(hsm.partition(1).pok == null, "the partition key left memory");

      hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN));
      assertNotNull(
          hsm.crypto().encrypt(co, Mechanism.of(Ckm.AES_GCM, GCM), key, new byte[4]),
          "a login activates it again");
    }
  }

  @Test
  void aPartitionSoResetOfTheCryptoOfficerKeepsItsKeysReachable() throws Exception {
    Path dir = tmp.resolve("dev");
    byte[] ct;
    byte[] iv;
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      EngineFixtures.initHsm(hsm);
      long so = hsm.openSession(Hsm.ADMIN_PARTITION, APP, true);
      hsm.login(so, Role.HSM_SO, pin(EngineFixtures.SO_PIN));
      hsm.changeHsmPolicy(so, HsmPolicies.SO_CAN_RESET_PARTITION_PIN, 1);
      hsm.closeSession(so);
      EngineFixtures.createAndInitPartition(hsm, 1);
      EngineFixtures.initCo(hsm, 1);
      long co = EngineFixtures.coSession(hsm, 1, APP);
      long key = hsm.createObject(co, publicAesKey("k"));
      HsmCrypto.Encrypted enc =
          hsm.crypto().encrypt(co, Mechanism.of(Ckm.AES_GCM, GCM), key, new byte[] {1, 2, 3});
      ct = enc.ciphertext();
      iv = enc.generatedIv();
    }
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      long po = hsm.openSession(1, APP, true);
      hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
      hsm.resetPin(po, Role.CRYPTO_OFFICER, pin("co-reset-12"));
    }
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      long co = hsm.openSession(1, APP, true);
      assertThrows(HsmException.class, () -> hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN)));
      hsm.login(co, Role.CRYPTO_OFFICER, pin("co-reset-12"));
      hsm.changePin(co, pin("co-reset-12"), pin("co-after-12")); // forced after a reset
      long key = hsm.findObjects(co, Attributes.builder().set(Cka.LABEL, "k").build()).get(0);
      assertArrayEquals(
          new byte[] {1, 2, 3},
          hsm.crypto()
              .decrypt(
                  co, Mechanism.of(Ckm.AES_GCM, new GcmParams(iv, new byte[0], 128)), key, ct));
    }
  }

  @Test
  void aChangedCryptoUserPasswordOpensThePartitionAfterRestart() throws Exception {
    Path dir = tmp.resolve("dev");
    try (Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      long co = EngineFixtures.coSession(hsm, 1, APP);
      hsm.initRole(co, Role.CRYPTO_USER, pin("cu-initial-1"));
      hsm.createObject(co, publicAesKey("k"));
      hsm.logout(co);
      hsm.login(co, Role.CRYPTO_USER, pin("cu-initial-1"));
      hsm.changePin(co, pin("cu-initial-1"), pin("cu-changed-1"));
    }
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      long cu = hsm.openSession(1, APP, true);
      hsm.login(cu, Role.CRYPTO_USER, pin("cu-changed-1"));
      long key = hsm.findObjects(cu, Attributes.builder().set(Cka.LABEL, "k").build()).get(0);
      assertNotNull(hsm.crypto().encrypt(cu, Mechanism.of(Ckm.AES_GCM, GCM), key, new byte[8]));
    }
  }

  @Test
  void theKekIsWrappedUnderTheMasterKeyAndRefusedWithoutIt() throws Exception {
    Path dir = tmp.resolve("dev");
    MasterKey master = masterKey("m1");
    try (Hsm hsm =
        EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir).withMasterKey(master))) {
      assertFalse(hsm.isHalted());
    }
    byte[] kekFile = Files.readAllBytes(dir.resolve("kek"));
    assertEquals('S', kekFile[0], "the kek file holds the wrapped form");

    HsmException none =
        assertThrows(HsmException.class, () -> Hsm.open(EngineFixtures.durableOptions(dir)));
    assertEquals(Ckr.DEVICE_ERROR, none.returnCode());
    assertTrue(none.getMessage().contains(MasterKey.ENV_VAR), none.getMessage());

    HsmException wrong =
        assertThrows(
            HsmException.class,
            () -> Hsm.open(EngineFixtures.durableOptions(dir).withMasterKey(masterKey("m2"))));
    assertTrue(wrong.getMessage().contains("is not the one"), wrong.getMessage());
    assertArrayEquals(kekFile, Files.readAllBytes(dir.resolve("kek")), "refusals change nothing");

    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir).withMasterKey(master))) {
      EngineFixtures.coSession(hsm, 1, APP);
    }
  }

  @Test
  void aPlainKekIsWrappedWhenAMasterKeyIsSuppliedLater() throws Exception {
    Path dir = tmp.resolve("dev");
    try (Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      assertFalse(hsm.isHalted());
    }
    assertEquals(32, Files.size(dir.resolve("kek")));
    MasterKey master = masterKey("m");
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir).withMasterKey(master))) {
      EngineFixtures.coSession(hsm, 1, APP);
    }
    assertTrue(Files.size(dir.resolve("kek")) > 32, "now wrapped");
    assertThrows(HsmException.class, () -> Hsm.open(EngineFixtures.durableOptions(dir)));
  }

  @Test
  void aShortMasterKeyFileIsRefusedByName() throws Exception {
    Path file = tmp.resolve("short.key");
    Files.write(file, new byte[16]);
    HsmException e = assertThrows(HsmException.class, () -> MasterKey.fromFile(file));
    assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
    HsmException missing =
        assertThrows(HsmException.class, () -> MasterKey.fromFile(tmp.resolve("absent.key")));
    assertTrue(
        missing.getMessage().contains("cannot read the master key file"), missing.getMessage());
  }

  @Test
  void aStateDirectoryOfThePreviousFormatIsRefusedWithHowToRecreateIt() throws Exception {
    Path dir = tmp.resolve("dev");
    try (Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      assertFalse(hsm.isHalted());
    }
    // What an earlier Selene left: the same store without the format marker.
    try (FlashStore store = FlashStores.open(dir, new SecureRandom())) {
      store.commit(new FlashStore.Batch().delete(Hsm.FORMAT_KEY));
    }
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      assertTrue(hsm.isHalted());
      HsmException e = assertThrows(HsmException.class, () -> hsm.openSession(1, APP, true));
      assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
      assertTrue(e.getMessage().contains("earlier Selene"), e.getMessage());
      assertTrue(e.getMessage().contains("factory reset"), e.getMessage());
      hsm.factoryReset();
      assertFalse(hsm.isHalted(), "a factory reset re-creates the device");
    }
  }

  private static Attributes publicAesKey(String label) {
    byte[] v = new byte[32];
    new SecureRandom().nextBytes(v);
    return Attributes.builder()
        .set(Cka.CLASS, Cko.SECRET_KEY)
        .set(Cka.KEY_TYPE, Ckk.AES)
        .set(Cka.TOKEN, true)
        .set(Cka.PRIVATE, false)
        .set(Cka.SENSITIVE, true)
        .set(Cka.ENCRYPT, true)
        .set(Cka.DECRYPT, true)
        .set(Cka.LABEL, label)
        .set(Cka.VALUE, v)
        .build();
  }

  private MasterKey masterKey(String name) throws Exception {
    byte[] secret = new byte[48];
    new SecureRandom().nextBytes(secret);
    Path file = tmp.resolve(name + ".key");
    Files.write(file, secret);
    return MasterKey.fromFile(file);
  }
}
