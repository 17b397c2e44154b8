package io.selenehsm.firmware.attack;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;

/**
 * The attacker's workbench for the key-management attack tests: an in-memory HSM with one
 * initialized partition, a Crypto Officer session (the attacker holds the CO's API, as an
 * application would) and helpers that make keys the way applications do.
 */
final class AttackBench {
  final Hsm hsm;
  final HsmCrypto crypto;
  final long co;

  private AttackBench(Hsm hsm, long co) {
    this.hsm = hsm;
    this.crypto = hsm.crypto();
    this.co = co;
  }

  static AttackBench open() throws HsmException {
    Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    return new AttackBench(hsm, EngineFixtures.coSession(hsm, 1, EngineFixtures.APP));
  }

  /** As {@link #open} on an HSM in FIPS mode (HSM policy 12 off before the partition exists). */
  static AttackBench openFips() throws HsmException {
    Hsm hsm = Hsm.open(EngineFixtures.memoryOptions());
    EngineFixtures.initHsm(hsm);
    long admin = hsm.openSession(Hsm.ADMIN_PARTITION, EngineFixtures.APP, true);
    hsm.login(admin, Role.HSM_SO, EngineFixtures.pin(EngineFixtures.SO_PIN));
    hsm.changeHsmPolicy(admin, HsmPolicies.ALLOW_NON_FIPS, 0);
    hsm.closeSession(admin);
    EngineFixtures.createAndInitPartition(hsm, 1);
    EngineFixtures.initCo(hsm, 1);
    return new AttackBench(hsm, EngineFixtures.coSession(hsm, 1, EngineFixtures.APP));
  }

  /** Sets a partition policy as the Partition SO, in a session of its own. */
  void partitionPolicy(int id, int value) throws HsmException {
    long po = poSession();
    try {
      hsm.changePartitionPolicy(po, id, value);
    } finally {
      hsm.closeSession(po);
    }
  }

  long poSession() throws HsmException {
    long po = hsm.openSession(1, EngineFixtures.APP + 1, true);
    hsm.login(po, Role.PARTITION_SO, EngineFixtures.pin(EngineFixtures.PO_PIN));
    return po;
  }

  /** An AES key generated with the default template plus {@code extra}. */
  long aes(int bytes, Attributes.Builder extra) throws HsmException {
    return crypto.generateKey(
        co,
        Mechanism.of(Ckm.AES_KEY_GEN),
        extra.set(Cka.KEY_TYPE, Ckk.AES).set(Cka.VALUE_LEN, (long) bytes).build());
  }

  /** An AES-256 key with the default template: uncommitted, sensitive, not extractable. */
  long defaultAes() throws HsmException {
    return aes(32, Attributes.builder());
  }

  /** The kind of key an attacker wants: sensitive, but extractable so it may be wrapped. */
  long sensitiveExtractable(int bytes) throws HsmException {
    return aes(bytes, Attributes.builder().set(Cka.EXTRACTABLE, true));
  }

  static Mechanism kw() throws HsmException {
    return Mechanism.of(Ckm.AES_KEY_WRAP);
  }

  static Mechanism ecb() throws HsmException {
    return Mechanism.of(Ckm.AES_ECB);
  }

  static Mechanism cbcPad() throws HsmException {
    return Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(new byte[16]));
  }

  static Attributes.Builder secretTemplate(long keyType) {
    return Attributes.builder().set(Cka.CLASS, Cko.SECRET_KEY).set(Cka.KEY_TYPE, keyType);
  }

  boolean bool(long handle, long type) throws HsmException {
    return Attributes.builder()
        .set(type, hsm.getAttribute(co, handle, type))
        .build()
        .bool(type, false);
  }
}
