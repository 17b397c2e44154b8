package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vendor's role rules, role by command, against the engine. Each row runs on a fresh device
 * (HSM SO and Auditor on the admin partition; Partition SO, Crypto Officer, Crypto User and Limited
 * Crypto Officer on partition 1, which holds a private token key and a public token data object
 * made by the Crypto Officer) and expects success (0) or the refusal's return code.
 *
 * <p>The rules, from the administration guide: the HSM SO initialises the HSM, sets HSM policies
 * and creates partitions, but does not reach partition contents; with an Auditor, only the Auditor
 * configures audit logging; the Partition SO sets partition policies and manages the Crypto
 * Officer, but uses no keys; the Crypto Officer does cryptography and key management and backs up;
 * the Crypto User uses existing keys and creates and backs up public objects only; the Limited
 * Crypto Officer does a subset of the Crypto Officer's work and never clones. CKA_TRUSTED is set by
 * the (partition) SO (PKCS#11). Every role changes its own secret.
 */
class RoleTableTest {
  private static final long OK = 0;
  private static final String LCO_PIN = "lco-secret-1";

  /** What a row does in a session logged in as its role. */
  @FunctionalInterface
  interface Command {
    void run(World w, long session) throws HsmException;
  }

  private static final Map<String, Command> COMMANDS = new java.util.LinkedHashMap<>();

  static {
    COMMANDS.put(
        "change a partition policy",
        (w, s) -> w.hsm.changePartitionPolicy(s, PartitionPolicies.START_END_DATES, 1));
    COMMANDS.put(
        "reset the Crypto User's password",
        (w, s) -> w.hsm.resetPin(s, Role.CRYPTO_USER, pin("cu-reset-1")));
    COMMANDS.put(
        "create a private token key",
        (w, s) -> w.hsm.createObject(s, EngineFixtures.aesKey("new private", true)));
    COMMANDS.put(
        "create a public token object",
        (w, s) -> w.hsm.createObject(s, EngineFixtures.dataObject("new public", true)));
    COMMANDS.put(
        "generate a session key",
        (w, s) ->
            w.hsm
                .crypto()
                .generateKey(
                    s,
                    Mechanism.of(Ckm.AES_KEY_GEN),
                    Attributes.builder()
                        .set(Cka.KEY_TYPE, Ckk.AES)
                        .set(Cka.VALUE_LEN, 16L)
                        .build()));
    COMMANDS.put(
        "encrypt with an existing key",
        (w, s) -> w.hsm.crypto().encrypt(s, Mechanism.of(Ckm.AES_ECB), w.privateKey, new byte[16]));
    COMMANDS.put("destroy a private token key", (w, s) -> w.hsm.destroyObject(s, w.privateKey));
    COMMANDS.put(
        "clone a private key out",
        (w, s) ->
            w.hsm
                .cloning()
                .cloneObjectOut(s, w.privateKey, w.hsm.cloning().cloningTarget(s), false));
    COMMANDS.put(
        "clone a public object out",
        (w, s) ->
            w.hsm
                .cloning()
                .cloneObjectOut(s, w.publicObject, w.hsm.cloning().cloningTarget(s), false));
    COMMANDS.put(
        "back up the partition",
        (w, s) -> w.hsm.cloning().archiveOut(s, w.hsm.cloning().cloningTarget(s)));
    COMMANDS.put(
        "mark a key trusted",
        (w, s) ->
            w.hsm.setAttributes(
                s, w.privateKey, Attributes.builder().set(Cka.TRUSTED, true).build()));
    COMMANDS.put(
        "change an HSM policy",
        (w, s) -> w.hsm.changeHsmPolicy(s, HsmPolicies.ALLOW_REMOTE_PED, 0));
    COMMANDS.put("create a partition", (w, s) -> w.hsm.createPartition(s, 2, 0));
    COMMANDS.put("configure audit logging", (w, s) -> w.hsm.audit().configure(s, "evmask all"));
    COMMANDS.put(
        "change its own password",
        (w, s) -> w.hsm.changePin(s, pin(w.pins.get(w.roleOf(s))), pin("changed-secret-9")));
  }

  private static final long NLI = Ckr.USER_NOT_LOGGED_IN;
  private static final long NA = Ckr.USER_NOT_AUTHORIZED;
  private static final long HIDDEN = Ckr.OBJECT_HANDLE_INVALID;

  /** Columns: PO, CO, CU, LCO (partition 1). */
  private static final Object[][] PARTITION_TABLE = {
    {"change a partition policy", OK, NA, NA, NA},
    {"reset the Crypto User's password", NA, OK, NA, NA},
    {"create a private token key", NLI, OK, NA, NA},
    {"create a public token object", NLI, OK, OK, OK},
    {"generate a session key", NLI, OK, OK, OK},
    {"encrypt with an existing key", HIDDEN, OK, OK, OK},
    {"destroy a private token key", HIDDEN, OK, NA, NA},
    {"clone a private key out", NLI, OK, NA, NA},
    {"clone a public object out", NLI, OK, OK, NA},
    {"back up the partition", NLI, OK, NA, NA},
    {"mark a key trusted", OK, Ckr.ATTRIBUTE_READ_ONLY, NA, NA},
    {"change its own password", OK, OK, OK, OK},
  };

  /** Columns: HSM SO, Auditor (admin partition). */
  private static final Object[][] ADMIN_TABLE = {
    {"change an HSM policy", OK, NA},
    {"create a partition", OK, NA},
    {"configure audit logging", NA, OK},
    {"change its own password", OK, OK},
  };

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    Role[] partitionRoles = {
      Role.PARTITION_SO, Role.CRYPTO_OFFICER, Role.CRYPTO_USER, Role.LIMITED_CRYPTO_OFFICER
    };
    for (Object[] row : PARTITION_TABLE) {
      for (int i = 0; i < partitionRoles.length; i++) {
        rows.add(Arguments.of(partitionRoles[i], row[0], row[i + 1]));
      }
    }
    Role[] adminRoles = {Role.HSM_SO, Role.AUDITOR};
    for (Object[] row : ADMIN_TABLE) {
      for (int i = 0; i < adminRoles.length; i++) {
        rows.add(Arguments.of(adminRoles[i], row[0], row[i + 1]));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} may {1}: {2}")
  @MethodSource("rows")
  void theEngineFollowsTheRoleTable(Role role, String command, long expected) throws Exception {
    World w = new World();
    long s = w.loggedIn(role);
    long got = OK;
    try {
      COMMANDS.get(command).run(w, s);
    } catch (HsmException e) {
      got = e.returnCode();
      if (expected != got) {
        throw new AssertionError(
            role.shortName()
                + " / "
                + command
                + ": expected "
                + name(expected)
                + ", got "
                + e.getMessage(),
            e);
      }
    }
    assertEquals(name(expected), name(got), role.shortName() + " / " + command);
    if (expected != OK && w.privateKey != 0 && role.isCryptoRole()) {
      // A refused command leaves the stored objects as they were.
      assertNotEquals(0, w.hsm.getAttributes(s, w.privateKey).size());
    }
  }

  private static String name(long code) {
    return code == OK ? "allowed" : ReturnCodes.nameOf(code);
  }

  /** One device with every role set up and two token objects made by the Crypto Officer. */
  static final class World {
    final Hsm hsm;
    final Map<Role, String> pins = new EnumMap<>(Role.class);
    final Map<Long, Role> sessionRoles = new java.util.HashMap<>();
    final long privateKey;
    final long publicObject;
    private long nextApp = 100;

    World() throws HsmException {
      hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
      long admin = hsm.openSession(Hsm.ADMIN_PARTITION, nextApp++, true);
      hsm.initRole(admin, Role.AUDITOR, pin(EngineFixtures.AU_PIN));
      hsm.closeSession(admin);
      pins.put(Role.HSM_SO, EngineFixtures.SO_PIN);
      pins.put(Role.AUDITOR, EngineFixtures.AU_PIN);
      pins.put(Role.PARTITION_SO, EngineFixtures.PO_PIN);
      pins.put(Role.CRYPTO_OFFICER, EngineFixtures.CO_PIN);
      long co = EngineFixtures.coSession(hsm, 1, nextApp++);
      hsm.initRole(co, Role.CRYPTO_USER, pin("cu-initial-1"));
      hsm.initRole(co, Role.LIMITED_CRYPTO_OFFICER, pin("lco-initial-1"));
      privateKey =
          hsm.createObject(
              co,
              EngineFixtures.aesKey("officer key", true).toBuilder()
                  .set(Cka.EXTRACTABLE, true)
                  .build());
      publicObject = hsm.createObject(co, EngineFixtures.dataObject("officer data", true));
      hsm.closeSession(co);
      firstLogin(Role.CRYPTO_USER, "cu-initial-1", EngineFixtures.CU_PIN);
      firstLogin(Role.LIMITED_CRYPTO_OFFICER, "lco-initial-1", LCO_PIN);
    }

    /** The forced change after the Crypto Officer set the password (policy 21). */
    private void firstLogin(Role role, String initial, String chosen) throws HsmException {
      long s = hsm.openSession(1, nextApp++, true);
      hsm.login(s, role, pin(initial));
      hsm.changePin(s, pin(initial), pin(chosen));
      hsm.closeSession(s);
      pins.put(role, chosen);
    }

    long loggedIn(Role role) throws HsmException {
      long s = hsm.openSession(role.isAdmin() ? Hsm.ADMIN_PARTITION : 1, nextApp++, true);
      hsm.login(s, role, pin(pins.get(role)));
      sessionRoles.put(s, role);
      return s;
    }

    Role roleOf(long session) {
      return sessionRoles.get(session);
    }
  }

  static {
    // Every command of the tables exists, so a typo cannot turn a row into a vacuous pass.
    for (Object[][] table : new Object[][][] {PARTITION_TABLE, ADMIN_TABLE}) {
      for (Object[] row : table) {
        if (!COMMANDS.containsKey((String) row[0])) {
          throw new IllegalStateException("no command named " + row[0]);
        }
      }
    }
  }
}
