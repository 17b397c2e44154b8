package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Test devices: an HSM with one initialized partition and a Crypto Officer session. */
final class Devices {
  static final char[] PW = "password1".toCharArray();
  static final char[] CO_PW = "password2".toCharArray();

  private Devices() {}

  /** One application partition of a fresh in-memory HSM, logged in as Crypto Officer. */
  record Part(Hsm hsm, int id, long session, long admin) {
    long aesKey(boolean token) throws HsmException {
      return hsm.crypto()
          .generateKey(
              session,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, Ckk.AES)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.ENCRYPT, true)
                  .set(Cka.DECRYPT, true)
                  .set(Cka.TOKEN, token)
                  .set(Cka.LABEL, "aes")
                  .build());
    }

    long[] ecPair() throws Exception {
      Attributes pub =
          Attributes.builder()
              .set(Cka.TOKEN, true)
              .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
              .build();
      Attributes priv =
          Attributes.builder()
              .set(Cka.TOKEN, true)
              .set(Cka.SIGN, true)
              .set(Cka.LABEL, "ec")
              .build();
      return hsm.crypto().generateKeyPair(session, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pub, priv);
    }
  }

  /** Options for {@link #partition}: HSM and partition policies set before anything exists. */
  record Setup(
      String serial,
      HsmModel model,
      int version,
      String domain,
      Map<Integer, Integer> hsmPolicies,
      Map<Integer, Integer> partitionPolicies) {
    static Setup of(String serial, int version, String domain) {
      return new Setup(serial, HsmModel.USB_HSM_7, version, domain, Map.of(), Map.of());
    }

    Setup hsmPolicy(int id, int value) {
      Map<Integer, Integer> m = new java.util.HashMap<>(hsmPolicies);
      m.put(id, value);
      return new Setup(serial, model, version, domain, m, partitionPolicies);
    }

    Setup partitionPolicy(int id, int value) {
      Map<Integer, Integer> m = new java.util.HashMap<>(partitionPolicies);
      m.put(id, value);
      return new Setup(serial, model, version, domain, hsmPolicies, m);
    }
  }

  /** The cloning target descriptor of {@code p}'s partition. */
  static byte[] to(Part p) throws HsmException {
    return p.hsm().cloning().cloningTarget(p.session());
  }

  /**
   * A descriptor of {@code p}'s device tagged with {@code domain}: what a caller who knows that
   * domain (but not the target's) can build.
   */
  static byte[] taggedAs(Part p, String domain) throws HsmException {
    CloningTarget t = CloningTarget.decode(to(p));
    return new CloningTarget(
            t.serial(),
            t.publicKey(),
            CloningTarget.tag(
                DomainKey.derive(domain.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                t.serial(),
                t.publicKey()))
        .encode();
  }

  static Part partition(Setup setup) throws HsmException {
    Hsm hsm = Hsm.open(HsmOptions.inMemory(setup.serial(), setup.model()));
    long admin = hsm.openSession(0, 1, true);
    hsm.initHsm(admin, "hsm", PW, "hsmdomain", null);
    hsm.login(admin, Role.HSM_SO, PW);
    for (Map.Entry<Integer, Integer> e : setup.hsmPolicies().entrySet()) {
      hsm.changeHsmPolicy(admin, e.getKey(), e.getValue());
    }
    hsm.createPartition(admin, 1, setup.version());
    long s = hsm.openSession(1, 2, true);
    hsm.initPartition(s, "part", PW, setup.domain(), null);
    hsm.login(s, Role.PARTITION_SO, PW);
    for (Map.Entry<Integer, Integer> e : setup.partitionPolicies().entrySet()) {
      hsm.changePartitionPolicy(s, e.getKey(), e.getValue());
    }
    hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(s, PW, CO_PW);
    return new Part(hsm, 1, s, admin);
  }

  static Part partition(String serial, int version, String domain) throws HsmException {
    return partition(Setup.of(serial, version, domain));
  }

  /** A Backup HSM 7 with its SO logged in; returns the admin session. */
  static Hsm backupHsm(String serial) throws HsmException {
    return Hsm.open(HsmOptions.inMemory(serial, HsmModel.BACKUP_HSM_7));
  }

  static long backupSo(Hsm backup) throws HsmException {
    long admin = backup.openSession(0, 1, true);
    backup.initHsm(admin, "backup", PW, "backupdomain", null);
    backup.login(admin, Role.HSM_SO, PW);
    return admin;
  }
}
