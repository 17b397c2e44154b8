package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.PO_PIN;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The remembered key-use decision ({@link KeyUseGrant}) equals the full one: across random
 * sequences of attribute changes, logouts and logins, partition policy changes, destroyed and
 * re-created keys and switches between keys, an operation on a session that has been using the key
 * all along gets the same answer (success, or the same return code) as a session that never used
 * it.
 */
class KeyUseGrantProperties {
  private static final long CU_APP = APP + 1;
  private static final long PO_APP = APP + 2;
  private static final byte[] IV = new byte[12];
  private static final byte[] DATA = new byte[64];

  enum Action {
    USE,
    USE_OTHER_KEY,
    TOGGLE_ENCRYPT,
    LOGOUT,
    LOGIN,
    TOGGLE_PER_KEY_AUTHORIZATION,
    DESTROY_AND_RECREATE
  }

  @Property(tries = 40)
  void aWarmSessionAnswersAsAFreshOne(@ForAll @Size(max = 30) List<Action> actions)
      throws Exception {
    try (Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions())) {
      World w = new World(hsm);
      for (Action a : actions) {
        w.apply(a);
        long cached = w.outcome(w.warm, w.key);
        long fresh = hsm.openSession(1, CU_APP, true);
        long uncached = w.outcome(fresh, w.key);
        hsm.closeSession(fresh);
        assertEquals(uncached, cached, "after " + a + " in " + actions);
      }
    }
  }

  /** A V1 partition, a Crypto User whose session stays warm, the CO and the Partition SO. */
  private static final class World {
    final Hsm hsm;
    final HsmCrypto crypto;
    final long co;
    final long po;
    final long warm;
    long key;
    long otherKey;
    boolean encrypt = true;
    boolean loggedIn = true;
    boolean perKeyAuthorization;

    World(Hsm hsm) throws HsmException {
      this.hsm = hsm;
      this.crypto = hsm.crypto();
      po = hsm.openSession(1, PO_APP, true);
      hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
      hsm.changePartitionPolicy(po, PartitionPolicies.PARTITION_VERSION, 1);
      co = hsm.openSession(1, APP, true);
      hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN));
      hsm.initRole(co, Role.CRYPTO_USER, pin("cu-initial-1"));
      warm = hsm.openSession(1, CU_APP, true);
      hsm.login(warm, Role.CRYPTO_USER, pin("cu-initial-1"));
      hsm.changePin(warm, pin("cu-initial-1"), pin("cu-secret-1"));
      key = newKey();
      otherKey = newKey();
    }

    long newKey() throws HsmException {
      encrypt = true;
      return crypto.generateKey(
          co,
          Mechanism.of(Ckm.AES_KEY_GEN),
          Attributes.builder()
              .set(Cka.TOKEN, true)
              .set(Cka.KEY_TYPE, Ckk.AES)
              .set(Cka.VALUE_LEN, 16L)
              .set(Cka.ENCRYPT, true)
              .build());
    }

    void apply(Action a) throws HsmException {
      switch (a) {
        case USE -> outcome(warm, key);
        case USE_OTHER_KEY -> outcome(warm, otherKey);
        case TOGGLE_ENCRYPT -> {
          encrypt = !encrypt;
          hsm.setAttributes(co, key, Attributes.builder().set(Cka.ENCRYPT, encrypt).build());
        }
        case LOGOUT -> {
          if (loggedIn) {
            hsm.logout(warm);
            loggedIn = false;
          }
        }
        case LOGIN -> {
          if (!loggedIn) {
            hsm.login(warm, Role.CRYPTO_USER, pin("cu-secret-1"));
            loggedIn = true;
          }
        }
        case TOGGLE_PER_KEY_AUTHORIZATION -> {
          perKeyAuthorization = !perKeyAuthorization;
          hsm.changePartitionPolicy(
              po, PartitionPolicies.PER_KEY_AUTHORIZATION, perKeyAuthorization ? 1 : 0);
        }
        case DESTROY_AND_RECREATE -> {
          hsm.destroyObject(co, key);
          key = newKey();
        }
      }
    }

    /** CKR_OK or the code the operation was refused with. */
    long outcome(long session, long handle) {
      try {
        crypto.encrypt(
            session, Mechanism.of(Ckm.AES_GCM, new GcmParams(IV, new byte[0], 128)), handle, DATA);
        return Ckr.OK;
      } catch (HsmException e) {
        return e.returnCode();
      }
    }
  }
}
