package io.selenehsm.firmware.lifecycle;

import static io.selenehsm.firmware.EngineFixtures.aesKey;
import static io.selenehsm.firmware.EngineFixtures.dataObject;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures.Command;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmInfo;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.lifecycle.DeviceModel.Cred;
import io.selenehsm.firmware.lifecycle.DeviceModel.Part;
import io.selenehsm.firmware.lifecycle.DeviceModel.SeedRow;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyDefinition;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.FakeTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One engine under test plus the model of what must exist on it. Each method is one action of the
 * stateful property: it predicts the outcome from the model, runs the command on the engine, checks
 * the return code, and updates the model. {@link #checkInvariants()} compares everything the engine
 * reports against the model after every step.
 *
 * <p>Every action opens its own sessions under a fresh application id and closes them, so login
 * state never leaks from one step into the next.
 */
final class EngineWorld implements AutoCloseable {
  static final long OK = -1;

  /** Which secret a login attempt offers. */
  enum Secret {
    RIGHT,
    WRONG,
    EMPTY,
    NONE
  }

  final HsmOptions options;
  final FakeTime clock;
  final DeviceModel model;
  Hsm hsm;
  private long nextApp = 100;
  private int nextSecret = 1;
  private int nextObject = 1;
  final List<String> events = new ArrayList<>();

  EngineWorld(HsmOptions options, FakeTime clock) throws HsmException {
    this.options = options.withTime(clock);
    this.clock = clock;
    this.hsm = Hsm.open(this.options);
    this.model = new DeviceModel(options.model().maxPartitions(), !options.shipZeroized());
  }

  @Override
  public String toString() {
    return "EngineWorld{stm="
        + model.stm
        + ", initialized="
        + model.initialized
        + ", partitions="
        + model.partitions.keySet()
        + "}";
  }

  private String newSecret() {
    return "secret-" + (nextSecret++) + "-Ab";
  }

  private long app() {
    return nextApp++;
  }

  // ------------------------------------------------------------------ expectations

  /** Runs {@code c} and checks it answers {@code expected} ({@link #OK} for success). */
  static void expect(long expected, String what, Command c) {
    long actual = OK;
    String message = "succeeded";
    try {
      c.run();
    } catch (HsmException e) {
      actual = e.returnCode();
      message = e.getMessage();
    }
    if (actual != expected) {
      throw new AssertionError(
          what
              + ": expected "
              + name(expected)
              + " but got "
              + name(actual)
              + " ("
              + message
              + ")");
    }
  }

  private static String name(long code) {
    return code == OK ? "success" : ReturnCodes.nameOf(code);
  }

  private void closeApp(int partition, long app) {
    hsm.closeAllSessions(partition, app);
  }

  /** Opens a session and logs in with the right secret; the model says this must work. */
  private long loggedIn(int partition, long app, Role role, String secret) throws HsmException {
    long s = hsm.openSession(partition, app, true);
    hsm.login(s, role, pin(secret));
    resetFailuresAfterGoodLogin(partition, role);
    return s;
  }

  private void resetFailuresAfterGoodLogin(int partition, Role role) {
    Cred c = credential(partition, role);
    // In Secure Transport Mode a good SO login keeps the count: the STM verification string
    // must still show a failed attempt made while the HSM travelled.
    if (c != null && !(role == Role.HSM_SO && model.stm)) {
      c.failures = 0;
    }
  }

  private Cred credential(int partition, Role role) {
    if (role == Role.HSM_SO) {
      return model.so;
    }
    if (role == Role.AUDITOR) {
      return model.auditor;
    }
    Part p = model.partitions.get(partition);
    if (p == null) {
      return null;
    }
    return switch (role) {
      case PARTITION_SO -> p.po;
      case CRYPTO_OFFICER -> p.co;
      case CRYPTO_USER -> p.cu;
      default -> null;
    };
  }

  // ------------------------------------------------------------------ HSM lifecycle actions

  void hardInit(String label) throws HsmException {
    long app = app();
    long s = hsm.openSession(Hsm.ADMIN_PARTITION, app, true);
    String soPin = newSecret();
    long expected =
        model.stm ? Ckr.OPERATION_NOT_ALLOWED : model.initialized ? Ckr.USER_NOT_LOGGED_IN : OK;
    expect(expected, "hard init", () -> hsm.initHsm(s, label, pin(soPin), "dom-" + label, null));
    if (expected == OK) {
      model.hardInit(label, soPin, "dom-" + label);
      events.add("hard init");
    }
    closeApp(0, app);
  }

  /** Soft init by the logged-in HSM SO giving the right (or a wrong) current password. */
  void softInit(String label, boolean rightPassword) throws HsmException {
    long app = app();
    long s = loggedIn(0, app, Role.HSM_SO, model.so.pin);
    if (rightPassword) {
      expect(OK, "soft init", () -> hsm.initHsm(s, label, pin(model.so.pin), null, null));
      model.softInit(label);
      events.add("soft init");
    } else {
      model.so.failures++;
      expect(
          Ckr.PIN_INCORRECT,
          "soft init with a wrong SO password",
          () -> hsm.initHsm(s, label, pin("not-the-so-password"), null, null));
    }
    closeApp(0, app);
  }

  void zeroize() throws HsmException {
    long app = app();
    long s = hsm.openSession(Hsm.ADMIN_PARTITION, app, true);
    expect(OK, "zeroize", () -> hsm.zeroize(s));
    model.apply(SeedRow.ZEROIZE);
    events.add("zeroize");
    closeApp(0, app);
  }

  void factoryReset() {
    expect(OK, "factory reset", hsm::factoryReset);
    model.apply(SeedRow.FACTORY_RESET);
    events.add("factory reset");
  }

  void stmTransport(boolean loginFirst) throws HsmException {
    long app = app();
    long s;
    long expected;
    if (model.stm) {
      s = hsm.openSession(0, app, true);
      expected = Ckr.OPERATION_NOT_ALLOWED;
    } else if (model.initialized && loginFirst) {
      s = loggedIn(0, app, Role.HSM_SO, model.so.pin);
      expected = OK;
    } else {
      s = hsm.openSession(0, app, true);
      expected = model.initialized ? Ckr.USER_NOT_LOGGED_IN : OK;
    }
    expect(expected, "stm transport", () -> hsm.stmTransport(s));
    if (expected == OK) {
      model.stm = true;
      events.add("stm transport");
    }
    closeApp(0, app);
  }

  void stmRecover(boolean loginFirst, String userString) throws HsmException {
    long app = app();
    long s;
    long expected;
    if (userString.isBlank()) {
      s = hsm.openSession(0, app, true);
      expected = Ckr.ARGUMENTS_BAD;
    } else if (!model.stm) {
      s = hsm.openSession(0, app, true);
      expected = Ckr.OPERATION_NOT_ALLOWED;
    } else if (model.initialized && loginFirst) {
      // The HSM SO may log in while the HSM is in transport mode.
      s = loggedIn(0, app, Role.HSM_SO, model.so.pin);
      expected = OK;
    } else {
      s = hsm.openSession(0, app, true);
      expected = model.initialized ? Ckr.USER_NOT_LOGGED_IN : OK;
    }
    expect(expected, "stm recover", () -> hsm.stmRecover(s, userString));
    if (expected == OK) {
      model.stm = false;
      events.add("stm recover");
    }
    closeApp(0, app);
  }

  void changeHsmPolicy(int id, int value) throws HsmException {
    long app = app();
    long s = loggedIn(0, app, Role.HSM_SO, model.so.pin);
    PolicyDefinition def = HsmPolicies.byId(id).orElseThrow();
    int capability = hsm.model().capability(id);
    long expected;
    if (!def.accepts(value) || value > capability) {
      expected = Ckr.DATA_INVALID;
    } else if (id == HsmPolicies.MAX_PARTITIONS && value < model.partitions.size()) {
      expected = Ckr.OPERATION_NOT_ALLOWED;
    } else {
      expected = OK;
    }
    expect(
        expected,
        "change HSM policy " + id + " to " + value,
        () -> hsm.changeHsmPolicy(s, id, value));
    if (expected == OK && model.hsmPolicies.get(id) != value) {
      if (def.destructive()) {
        model.apply(SeedRow.DESTRUCTIVE_POLICY);
        events.add("destructive HSM policy");
      }
      model.hsmPolicies.put(id, value);
    }
    closeApp(0, app);
  }

  // ------------------------------------------------------------------ partitions

  void createPartition(int id, int version) throws HsmException {
    long app = app();
    long s = loggedIn(0, app, Role.HSM_SO, model.so.pin);
    int limit = Math.min(model.maxPartitions, model.hsmPolicies.get(HsmPolicies.MAX_PARTITIONS));
    long expected =
        model.partitions.containsKey(id)
            ? Ckr.OBJECT_ALREADY_EXISTS
            : model.partitions.size() >= limit ? Ckr.OPERATION_NOT_ALLOWED : OK;
    expect(expected, "create partition " + id, () -> hsm.createPartition(s, id, version));
    if (expected == OK) {
      model.partitions.put(id, new Part(version));
      events.add("create partition");
    }
    closeApp(0, app);
  }

  void deletePartition(int id) throws HsmException {
    long app = app();
    long s = loggedIn(0, app, Role.HSM_SO, model.so.pin);
    long expected = model.partitions.containsKey(id) ? OK : Ckr.TOKEN_NOT_PRESENT;
    expect(expected, "delete partition " + id, () -> hsm.deletePartition(s, id));
    model.partitions.remove(id);
    closeApp(0, app);
  }

  /** Hard init of an uninitialized partition, or soft init by its logged-in Partition SO. */
  void initPartition(int id, String label) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s;
    String poPin;
    if (p.initialized()) {
      s = loggedIn(id, app, Role.PARTITION_SO, p.po.pin);
      poPin = p.po.pin;
    } else {
      s = hsm.openSession(id, app, true);
      poPin = newSecret();
    }
    expect(OK, "init partition " + id, () -> hsm.initPartition(s, label, pin(poPin), "pdom", null));
    events.add(p.initialized() ? "partition soft init" : "partition hard init");
    p.init(label, poPin);
    closeApp(id, app);
  }

  void changePartitionPolicy(int id, int policy, int value) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s = loggedIn(id, app, Role.PARTITION_SO, p.po.pin);
    PolicyDefinition def = PartitionPolicies.byId(policy).orElseThrow();
    boolean toV0 =
        policy == PartitionPolicies.PARTITION_VERSION && value == 0 && p.policies.get(policy) != 0;
    int version =
        policy == PartitionPolicies.PARTITION_VERSION
            ? value
            : p.policies.get(PartitionPolicies.PARTITION_VERSION);
    int perKey =
        policy == PartitionPolicies.PER_KEY_AUTHORIZATION
            ? value
            : toV0 ? 0 : p.policies.get(PartitionPolicies.PER_KEY_AUTHORIZATION);
    long expected;
    if (!def.accepts(value)) {
      expected = Ckr.DATA_INVALID;
    } else if (p.policies.get(policy) == value) {
      expected = OK;
    } else if (perKey != 0 && version == 0) {
      expected = Ckr.DATA_INVALID;
    } else {
      expected = OK;
    }
    expect(
        expected,
        "change partition " + id + " policy " + policy + " to " + value,
        () -> hsm.changePartitionPolicy(s, policy, value));
    if (expected == OK && p.policies.get(policy) != value) {
      p.policies.put(policy, value);
      if (toV0) {
        p.policies.put(PartitionPolicies.PER_KEY_AUTHORIZATION, 0);
      }
      if (def.destructive() || toV0) {
        p.destroyContents();
        events.add("destructive partition policy");
      }
    }
    closeApp(id, app);
  }

  // ------------------------------------------------------------------ roles

  void initAuditor() throws HsmException {
    long app = app();
    long s = hsm.openSession(0, app, true);
    String au = newSecret();
    long expected =
        model.stm ? Ckr.OPERATION_NOT_ALLOWED : model.auditor != null ? Ckr.USER_NOT_LOGGED_IN : OK;
    expect(expected, "init auditor", () -> hsm.initRole(s, Role.AUDITOR, pin(au)));
    if (expected == OK) {
      model.auditor = new Cred(au, false);
      model.auditorLockedUntil = 0;
    }
    closeApp(0, app);
  }

  void initCo(int id) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s = loggedIn(id, app, Role.PARTITION_SO, p.po.pin);
    String co = newSecret();
    long expected = p.co != null ? Ckr.OPERATION_NOT_ALLOWED : OK;
    expect(expected, "init co on " + id, () -> hsm.initRole(s, Role.CRYPTO_OFFICER, pin(co)));
    if (expected == OK) {
      p.co = new Cred(co, model.forcedChange(p));
    }
    closeApp(id, app);
  }

  void initCu(int id) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s = hsm.openSession(id, app, true);
    if (!coLogin(id, p, s)) {
      closeApp(id, app);
      return;
    }
    String cu = newSecret();
    long expected =
        p.co.mustChange ? Ckr.PIN_EXPIRED : p.cu != null ? Ckr.OPERATION_NOT_ALLOWED : OK;
    expect(expected, "init cu on " + id, () -> hsm.initRole(s, Role.CRYPTO_USER, pin(cu)));
    if (expected == OK) {
      p.cu = new Cred(cu, model.forcedChange(p));
    }
    closeApp(id, app);
  }

  /** Logs the session in as CO with the right password; false (checked) when the CO is locked. */
  private boolean coLogin(int id, Part p, long s) {
    long expected = p.co.locked ? Ckr.PIN_LOCKED : OK;
    expect(expected, "co login on " + id, () -> hsm.login(s, Role.CRYPTO_OFFICER, pin(p.co.pin)));
    if (expected == OK) {
      p.co.failures = 0;
    }
    return expected == OK;
  }

  /** A login attempt with the right, a wrong, an empty or no secret, checked against the model. */
  void login(Role role, int partition, Secret secret) throws HsmException {
    int slot = role.isAdmin() ? 0 : partition;
    Part p = role.isAdmin() ? null : model.partitions.get(partition);
    Cred c = credential(slot, role);
    long app = app();
    long s = hsm.openSession(slot, app, true);
    String offered =
        switch (secret) {
          case RIGHT -> c == null ? "whatever-secret" : c.pin;
          case WRONG -> "wrong-secret-" + nextSecret++;
          case EMPTY -> "";
          case NONE -> null;
        };
    long now = clock.millis();
    long expected;
    Runnable onFailure = () -> {};
    if (role != Role.HSM_SO && model.stm) {
      expected = Ckr.OPERATION_NOT_ALLOWED;
    } else if (secret == Secret.EMPTY || secret == Secret.NONE) {
      expected = Ckr.ARGUMENTS_BAD;
    } else if (p != null && !p.initialized()) {
      expected = Ckr.USER_PIN_NOT_INITIALIZED;
    } else if (c == null) {
      expected = Ckr.USER_PIN_NOT_INITIALIZED;
    } else if (role == Role.AUDITOR && model.auditorLockedUntil > now) {
      expected = Ckr.AUDIT_LOGIN_TIMEOUT_IN_PROGRESS;
    } else if (c.locked) {
      expected = Ckr.PIN_LOCKED;
    } else if (secret == Secret.RIGHT) {
      expected = OK;
      if (!(role == Role.HSM_SO && model.stm)) {
        c.failures = 0;
      }
      if (role == Role.AUDITOR) {
        model.auditorLockedUntil = 0;
      }
    } else {
      c.failures++;
      if (role == Role.HSM_SO) {
        if (c.failures >= Hsm.SO_LOGIN_LIMIT) {
          expected = Ckr.SO_LOGIN_FAILURE_THRESHOLD;
          onFailure =
              () -> {
                model.apply(SeedRow.ZEROIZE);
                events.add("SO login threshold zeroized the HSM");
              };
        } else {
          expected = Ckr.PIN_INCORRECT;
        }
      } else if (role == Role.AUDITOR) {
        if (c.failures >= Hsm.AUDITOR_LOGIN_LIMIT) {
          expected = Ckr.AUDIT_LOGIN_FAILURE_THRESHOLD;
          onFailure =
              () -> {
                c.failures = 0;
                model.auditorLockedUntil = now + Hsm.AUDITOR_LOCKOUT.toMillis();
                events.add("auditor locked out");
              };
        } else {
          expected = Ckr.PIN_INCORRECT;
        }
      } else if (c.failures >= p.loginLimit()) {
        expected = Ckr.PIN_LOCKED;
        onFailure =
            role == Role.PARTITION_SO
                ? () -> {
                  p.erase();
                  events.add("partition SO lockout erased the partition");
                }
                : () -> {
                  c.locked = true;
                  events.add(role.shortName() + " locked out");
                };
      } else {
        expected = Ckr.PIN_INCORRECT;
      }
    }
    expect(
        expected,
        "login " + role.shortName() + " on " + slot + " with " + secret,
        () -> hsm.login(s, role, offered == null ? null : pin(offered)));
    onFailure.run();
    closeApp(slot, app);
  }

  /** The logged-in CO or CU changes its own password (clears a forced change). */
  void changeOwnPin(int id, Role role) throws HsmException {
    Part p = model.partitions.get(id);
    Cred c = role == Role.CRYPTO_OFFICER ? p.co : p.cu;
    long app = app();
    long s = hsm.openSession(id, app, true);
    long loginCode = c.locked ? Ckr.PIN_LOCKED : OK;
    expect(loginCode, "login " + role.shortName(), () -> hsm.login(s, role, pin(c.pin)));
    if (loginCode == OK) {
      c.failures = 0;
      String next = newSecret();
      expect(
          OK,
          "change " + role.shortName() + " password",
          () -> hsm.changePin(s, pin(c.pin), pin(next)));
      if (c.mustChange) {
        events.add("forced password change done");
      }
      c.pin = next;
      c.mustChange = false;
    }
    closeApp(id, app);
  }

  /** Partition SO resets the CO (HSM policy 15), or the CO resets the CU. */
  void resetPin(int id, Role target) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s;
    long expected;
    if (target == Role.CRYPTO_OFFICER) {
      s = loggedIn(id, app, Role.PARTITION_SO, p.po.pin);
      expected =
          !model.hsmPolicyOn(HsmPolicies.SO_CAN_RESET_PARTITION_PIN)
              ? Ckr.USER_NOT_AUTHORIZED
              : p.co == null ? Ckr.USER_PIN_NOT_INITIALIZED : OK;
    } else {
      s = hsm.openSession(id, app, true);
      if (!coLogin(id, p, s)) {
        closeApp(id, app);
        return;
      }
      expected =
          p.co.mustChange ? Ckr.PIN_EXPIRED : p.cu == null ? Ckr.USER_PIN_NOT_INITIALIZED : OK;
    }
    String next = newSecret();
    expect(
        expected,
        "reset " + target.shortName() + " on " + id,
        () -> hsm.resetPin(s, target, pin(next)));
    if (expected == OK) {
      Cred old = target == Role.CRYPTO_OFFICER ? p.co : p.cu;
      events.add((old.locked ? "locked " : "") + target.shortName() + " reset");
      Cred fresh = new Cred(next, model.forcedChange(p));
      if (target == Role.CRYPTO_OFFICER) {
        p.co = fresh;
      } else {
        p.cu = fresh;
      }
    }
    closeApp(id, app);
  }

  // ------------------------------------------------------------------ objects

  /** The CO creates a token object (public data object or private AES key) and a session one. */
  void createObject(int id, boolean key) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s = hsm.openSession(id, app, true);
    if (!coLogin(id, p, s)) {
      closeApp(id, app);
      return;
    }
    String label = (key ? "key-" : "data-") + nextObject++;
    Attributes template = key ? aesKey(label, true) : dataObject(label, true);
    long expected = p.co.mustChange ? Ckr.PIN_EXPIRED : OK;
    expect(expected, "create " + label + " on " + id, () -> hsm.createObject(s, template));
    if (expected == OK) {
      (key ? p.privateObjects : p.publicObjects).add(label);
      events.add("create object");
      // A session object lives exactly as long as its session.
      long temp = hsm.createObject(s, dataObject("session-" + label, false));
      assertTrue(hsm.findObjects(s, Attributes.empty()).contains(temp));
    }
    closeApp(id, app);
  }

  void destroyObject(int id, int pick) throws HsmException {
    Part p = model.partitions.get(id);
    long app = app();
    long s = hsm.openSession(id, app, true);
    if (!coLogin(id, p, s) || p.co.mustChange) {
      closeApp(id, app);
      return;
    }
    List<String> all = new ArrayList<>(p.publicObjects);
    all.addAll(p.privateObjects);
    if (all.isEmpty()) {
      closeApp(id, app);
      return;
    }
    String label = all.get(Math.floorMod(pick, all.size()));
    List<Long> found = hsm.findObjects(s, Attributes.builder().set(Cka.LABEL, label).build());
    assertEquals(1, found.size(), "objects labelled " + label);
    hsm.destroyObject(s, found.get(0));
    p.publicObjects.remove(label);
    p.privateObjects.remove(label);
    events.add("destroy object");
    closeApp(id, app);
  }

  // ------------------------------------------------------------------ time and power

  void advanceClock(Duration d) {
    clock.advance(d);
  }

  void restart() throws HsmException {
    hsm.restart();
    events.add("restart");
  }

  /** A tamper halts the device until restart; it destroys nothing. */
  void tamperAndRestart() throws HsmException {
    hsm.tamper("lid opened");
    assertTrue(hsm.isHalted(), "halted by tamper");
    assertTrue(hsm.status().startsWith("Hardware Tamper"), hsm.status());
    expect(Ckr.DEVICE_ERROR, "open session while tampered", () -> hsm.openSession(0, app(), true));
    hsm.restart();
    events.add("tamper and restart");
  }

  void closeAndReopen() throws HsmException {
    hsm.close();
    hsm = Hsm.open(options);
    events.add("close and reopen");
  }

  @Override
  public void close() {
    hsm.close();
  }

  // ------------------------------------------------------------------ invariants

  /** Everything the engine reports must match the model. */
  void checkInvariants() throws HsmException {
    assertEquals(false, hsm.isHalted(), "halted");
    assertEquals(model.stm, hsm.isInTransportMode(), "transport mode");
    assertEquals(!model.initialized, hsm.isZeroized(), "zeroized");
    String status =
        model.stm
            ? (model.initialized ? "Transport Mode" : "Transport Mode, zeroized")
            : model.initialized ? "OK" : "Zeroized";
    assertEquals(status, hsm.status(), "status");
    HsmInfo info = hsm.info();
    assertEquals(model.initialized, info.initialized(), "info.initialized");
    assertEquals(model.auditor != null, info.auditorInitialized(), "info.auditorInitialized");
    assertEquals(
        model.so == null ? 0 : model.so.failures, info.soLoginFailures(), "HSM SO failure counter");
    assertEquals(model.partitions.size(), info.partitionCount(), "partition count");
    assertEquals(model.label, info.label(), "HSM label");
    assertEquals(model.hsmPolicies, hsm.hsmPolicies().asMap(), "HSM policies");
    assertEquals(new ArrayList<>(model.partitions.keySet()), hsm.partitionIds(), "partition ids");
    for (var e : model.partitions.entrySet()) {
      int id = e.getKey();
      Part p = e.getValue();
      PartitionInfo pi = hsm.partitionInfo(id);
      String where = "partition " + id + " ";
      assertEquals(p.initialized(), pi.initialized(), where + "initialized");
      assertEquals(p.label, pi.label(), where + "label");
      assertEquals(
          (int) p.policies.get(PartitionPolicies.PARTITION_VERSION),
          pi.version(),
          where + "version");
      assertEquals(p.co != null, pi.coInitialized(), where + "CO initialized");
      assertEquals(p.cu != null, pi.cuInitialized(), where + "CU initialized");
      assertEquals(p.co != null && p.co.locked, pi.coLocked(), where + "CO locked");
      assertEquals(p.cu != null && p.cu.locked, pi.cuLocked(), where + "CU locked");
      assertEquals(p.objectCount(), pi.objectCount(), where + "token object count");
      assertEquals(pi.totalBytes(), pi.usedBytes() + pi.freeBytes(), where + "storage sums");
      assertEquals(
          p.objectCount() == 0,
          pi.usedBytes() == pi.overheadBytes(),
          where + "used bytes beyond the overhead exactly when objects exist");
      assertEquals(p.policies, hsm.partitionPolicies(id).asMap(), where + "policies");
      if (p.initialized() && !model.stm) {
        // Public token objects are visible without a login; private ones are not.
        long app = app();
        long s = hsm.openSession(id, app, false);
        Set<String> labels = new TreeSet<>();
        for (long h : hsm.findObjects(s, Attributes.empty())) {
          labels.add(new String(hsm.getAttribute(s, h, Cka.LABEL), StandardCharsets.UTF_8));
        }
        assertEquals(new TreeSet<>(p.publicObjects), labels, where + "public objects");
        closeApp(id, app);
      }
    }
    assertEquals(0, hsm.openSessionCount(), "sessions left open by a step");
  }
}
