package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.ha.FaultPoint.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An object-creating call through a group either takes effect on every member and returns, or fails
 * and leaves no trace, whatever step a member is lost at. Each case puts a fault at one step of the
 * creation (the maker's command, reading what it made, cloning out, cloning in on another member),
 * lets every member return, and checks that the members hold exactly the objects the group
 * acknowledged, and that a failed call can simply be repeated.
 */
class HaCreationAtomicityTest {
  private HaFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.serials.forEach(DeviceFaults::restore);
      fx.close();
    }
  }

  /** What the call creates. */
  enum Op {
    AES_KEY,
    EC_PAIR,
    MAKE_PERSISTENT
  }

  /** Which members the fault takes out: the member the step runs on, or all of them. */
  enum Scope {
    ONE,
    ALL
  }

  /** A fault: on member {@code at}'s {@code nth} call of {@code method}. */
  record Case(Op op, String method, int at, int nth, When when, Scope scope, boolean succeeds) {
    @Override
    public String toString() {
      return op
          + ": "
          + method
          + " #"
          + nth
          + " on member "
          + at
          + " "
          + when
          + ", lose "
          + scope
          + (succeeds ? " -> takes effect" : " -> fails, no trace");
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(Op.AES_KEY, "generateKey", 0, 1, When.BEFORE, Scope.ONE, true),
        new Case(Op.AES_KEY, "generateKey", 0, 1, When.AFTER_ANSWER_LOST, Scope.ONE, true),
        new Case(Op.AES_KEY, "getAttributes", 0, 1, When.BEFORE, Scope.ONE, true),
        new Case(Op.AES_KEY, "cloneObjectOut", 0, 1, When.BEFORE, Scope.ONE, true),
        new Case(Op.AES_KEY, "cloneObjectIn", 1, 1, When.BEFORE, Scope.ONE, true),
        new Case(Op.AES_KEY, "cloneObjectIn", 1, 1, When.AFTER_ANSWER_LOST, Scope.ONE, true),
        new Case(Op.AES_KEY, "generateKey", 0, 1, When.AFTER_ANSWER_LOST, Scope.ALL, false),
        new Case(Op.AES_KEY, "getAttributes", 0, 1, When.BEFORE, Scope.ALL, false),
        new Case(Op.AES_KEY, "cloneObjectOut", 0, 1, When.BEFORE, Scope.ALL, false),
        new Case(Op.AES_KEY, "cloneObjectIn", 2, 1, When.AFTER_ANSWER_LOST, Scope.ALL, true),
        new Case(Op.EC_PAIR, "getAttributes", 0, 2, When.BEFORE, Scope.ALL, false),
        new Case(Op.EC_PAIR, "cloneObjectOut", 0, 2, When.BEFORE, Scope.ALL, false),
        new Case(Op.EC_PAIR, "cloneObjectIn", 2, 2, When.BEFORE, Scope.ONE, true),
        new Case(Op.MAKE_PERSISTENT, "copyObject", 0, 1, When.AFTER_ANSWER_LOST, Scope.ALL, false),
        new Case(Op.MAKE_PERSISTENT, "cloneObjectOut", 0, 1, When.BEFORE, Scope.ALL, false),
        new Case(Op.MAKE_PERSISTENT, "cloneObjectIn", 1, 1, When.BEFORE, Scope.ONE, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aCreationTakesEffectEverywhereOrLeavesNoTrace(Case c) throws Exception {
    fx = HaFixture.v0(3);
    FaultPoint faults = new FaultPoint();
    HaGroup g = fx.group(HaSettings.defaults().withLoadBalancing(LoadBalancing.PICK_FIRST), faults);
    long s = HaFixture.login(g);
    List<String> acknowledged = new ArrayList<>();
    acknowledged.addAll(ouids(g, s, HaFixture.aesKey(g, s, true))); // one object before

    long sessionKey = c.op() == Op.MAKE_PERSISTENT ? HaFixture.aesKey(g, s, false) : 0;
    List<String> lose = c.scope() == Scope.ALL ? fx.serials : List.of(fx.serials.get(c.at()));
    faults.arm(
        fx.wrapped.get(c.at()),
        c.method(),
        c.nth(),
        c.when(),
        () -> lose.forEach(c.when() == When.BEFORE ? DeviceFaults::unplug : DeviceFaults::fail));
    long[] made = null;
    if (c.succeeds()) {
      made = create(g, s, c.op(), sessionKey);
    } else {
      HsmException e = assertThrows(HsmException.class, () -> create(g, s, c.op(), sessionKey));
      assertEquals(Ckr.TOKEN_NOT_PRESENT, e.returnCode(), e.getMessage());
    }
    assertTrue(faults.fired(), "the fault point was reached");
    faults.disarm();
    fx.heal(g, lose);
    if (made != null) {
      acknowledged.addAll(ouids(g, s, made)); // read once a member serves again
    }
    assertEquals(sorted(acknowledged), fx.tokenOuids(fx.serials.get(0)), "after " + c);
    assertEquals(fx.tokenOuids(fx.serials.get(0)), fx.tokenOuids(fx.serials.get(1)));
    assertEquals(fx.tokenOuids(fx.serials.get(0)), fx.tokenOuids(fx.serials.get(2)));

    // The same call again (a persisted key needs a fresh session key after a restart).
    long again = c.op() == Op.MAKE_PERSISTENT ? HaFixture.aesKey(g, s, false) : 0;
    acknowledged.addAll(ouids(g, s, create(g, s, c.op(), again)));
    fx.heal(g, List.of()); // members restarted by the heal and noticed only now rejoin too
    for (String serial : fx.serials) {
      assertEquals(sorted(acknowledged), fx.tokenOuids(serial), "member " + serial);
    }
    assertEquals(
        acknowledged.size(),
        g.findObjects(s, Attributes.builder().set(Cka.TOKEN, true).build()).size(),
        "the group knows exactly what members hold");
  }

  /**
   * The issue's case, with the adoption path too: every member is lost while a key pair is being
   * replicated (its public half is already on every member), the application logs out, the members
   * return with nobody logged in, a resynchronisation adopts what members hold at the next login,
   * and still nothing of the failed call survives.
   */
  @Test
  void anAbandonedCreationIsNeverAdoptedByALaterResynchronisation() throws Exception {
    fx = HaFixture.v0(3);
    FaultPoint faults = new FaultPoint();
    HaGroup g = fx.group(HaSettings.defaults().withLoadBalancing(LoadBalancing.PICK_FIRST), faults);
    long s = HaFixture.login(g);
    List<String> acknowledged = new ArrayList<>(ouids(g, s, HaFixture.aesKey(g, s, true)));
    faults.arm(
        fx.wrapped.get(0),
        "cloneObjectOut",
        2,
        When.BEFORE,
        () -> fx.serials.forEach(DeviceFaults::unplug));
    assertThrows(HsmException.class, () -> create(g, s, Op.EC_PAIR, 0));
    faults.disarm();
    g.closeSession(s); // nobody logged in while the members return
    fx.serials.forEach(DeviceFaults::restore);
    fx.heal(g, List.of());
    g.resynchronize();
    long s2 = HaFixture.login(g); // first sync after resynchronize adopts what members hold
    for (String serial : fx.serials) {
      assertEquals(sorted(acknowledged), fx.tokenOuids(serial), "member " + serial);
    }
    assertEquals(1, g.findObjects(s2, Attributes.builder().set(Cka.TOKEN, true).build()).size());
  }

  /**
   * Replication is idempotent by OUID: a member that already holds the very object being replicated
   * (here placed there directly, as a copy whose answer was lost would be) keeps it as the replica
   * instead of failing the creation with CKR_OBJECT_ALREADY_EXISTS.
   */
  @Test
  void aCopyAlreadyOnAMemberIsTakenAsItsReplica() throws Exception {
    fx = HaFixture.v0(4); // 7103 stays outside the group: it is where the object comes from
    HaGroup.Builder b =
        HaGroup.builder()
            .label("ha")
            .serial("99001")
            .settings(HaSettings.defaults().withLoadBalancing(LoadBalancing.PICK_FIRST))
            .time(fx.clock);
    fx.serials.subList(0, 3).forEach(serial -> b.member(fx.member(serial)));
    HaGroup g = b.register(fx.manager.slots());
    try {
      long s = HaFixture.login(g);
      io.selenehsm.device.DeviceSlot outside = fx.member(fx.serials.get(3));
      long os = outside.openSession(31, true);
      outside.login(os, io.selenehsm.firmware.role.Role.CRYPTO_OFFICER, HaFixture.CO_PW);
      long source =
          outside.generateKey(
              os,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, io.selenehsm.firmware.object.Ckk.AES)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.TOKEN, true)
                  .build());
      io.selenehsm.device.DeviceSlot third = fx.member(fx.serials.get(2));
      long ts = third.openSession(32, true);
      third.login(ts, io.selenehsm.firmware.role.Role.CRYPTO_OFFICER, HaFixture.CO_PW);
      // Payloads are encrypted to one device: one copy placed on the third member directly,
      // one the group receives (its first member takes it and replicates to the others).
      byte[] direct = outside.cloneObjectOut(os, source, third.cloningTarget(ts), false);
      io.selenehsm.device.DeviceSlot first = fx.member(fx.serials.get(0));
      long fs = first.openSession(33, true);
      byte[] payload = outside.cloneObjectOut(os, source, first.cloningTarget(fs), false);
      first.closeSession(fs);
      String ouid = HexFormat.of().formatHex(outside.getAttribute(os, source, Cka.OUID));
      third.cloneObjectIn(ts, direct, false); // the third member already has it
      third.closeSession(ts);

      long h = g.cloneObjectIn(s, payload, false);
      assertEquals(ouid, ouids(g, s, h).get(0));
      for (String serial : fx.serials.subList(0, 3)) {
        assertEquals(List.of(ouid), fx.tokenOuids(serial), "exactly one copy on " + serial);
      }
      assertEquals(3, g.status().stream().filter(st -> st.state() == MemberState.ACTIVE).count());
      outside.closeSession(os);
    } finally {
      g.close();
    }
  }

  private static long[] create(HaGroup g, long s, Op op, long sessionKey) throws HsmException {
    return switch (op) {
      case AES_KEY -> new long[] {HaFixture.aesKey(g, s, true)};
      case EC_PAIR -> ecPair(g, s);
      case MAKE_PERSISTENT ->
          new long[] {
            g.copyObject(
                s,
                sessionKey,
                Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "persisted").build())
          };
    };
  }

  private static long[] ecPair(HaGroup g, long s) throws HsmException {
    try {
      return g.generateKeyPair(
          s,
          Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
          Attributes.builder()
              .set(Cka.TOKEN, true)
              .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
              .build(),
          Attributes.builder().set(Cka.TOKEN, true).set(Cka.SIGN, true).build());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> ouids(HaGroup g, long s, long... handles) throws HsmException {
    List<String> out = new ArrayList<>();
    for (long h : handles) {
      out.add(HexFormat.of().formatHex(g.getAttribute(s, h, Cka.OUID)));
    }
    return out;
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    out.sort(null);
    return out;
  }
}
