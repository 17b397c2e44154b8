package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.HaConfiguration.LoadBalancing;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of the four uses of an uncommitted key through a group, from read-write and
 * read-only sessions, with members lost and returning: a data use and a key use never both succeed,
 * and once every member is back all copies are committed to the same kind.
 */
class HaKeySeparationProperties {

  record Step(Action action, int index) {}

  enum Action {
    ENCRYPT,
    DECRYPT,
    WRAP,
    UNWRAP,
    UNPLUG,
    RESTORE
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(Arbitraries.of(Action.class), Arbitraries.integers().between(0, 1000))
            .as(Step::new);
    return step.list().ofMinSize(3).ofMaxSize(20);
  }

  @Property(tries = 25)
  void oneKindOfUseOnEveryMember(@ForAll("steps") List<Step> steps, @ForAll boolean pickFirst)
      throws Exception {
    try (HaFixture fx = HaFixture.v0(3)) {
      HaGroup g =
          fx.group(
              HaSettings.defaults()
                  .withLoadBalancing(
                      pickFirst ? LoadBalancing.PICK_FIRST : LoadBalancing.ROUND_ROBIN));
      long rw = HaFixture.login(g);
      long ro = g.openSession(HaFixture.APP, false);
      long w =
          g.generateKey(
              rw,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, Ckk.AES)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.TOKEN, true)
                  .build());
      long k =
          g.generateKey(
              rw,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, Ckk.AES)
                  .set(Cka.VALUE_LEN, 16L)
                  .set(Cka.TOKEN, true)
                  .set(Cka.EXTRACTABLE, true)
                  .build());
      byte[] ouid = g.getAttribute(rw, w, Cka.OUID);
      Mechanism ecb = Mechanism.of(Ckm.AES_ECB);
      Attributes unwrapped =
          Attributes.builder().set(Cka.CLASS, Cko.SECRET_KEY).set(Cka.KEY_TYPE, Ckk.AES).build();
      boolean dataDone = false;
      boolean keyDone = false;
      List<String> faulted = new ArrayList<>();
      for (Step step : steps) {
        long s = step.index() % 2 == 0 ? rw : ro;
        String serial = fx.serials.get(step.index() % 3);
        try {
          switch (step.action()) {
            case ENCRYPT -> {
              g.encrypt(s, ecb, w, new byte[16]);
              dataDone = true;
            }
            case DECRYPT -> {
              g.decrypt(s, ecb, w, new byte[16]);
              dataDone = true;
            }
            case WRAP -> {
              g.wrapKey(s, ecb, w, k);
              keyDone = true;
            }
            case UNWRAP -> {
              g.unwrapKey(rw, ecb, w, new byte[32], unwrapped);
              keyDone = true;
            }
            case UNPLUG -> {
              DeviceFaults.unplug(serial);
              faulted.add(serial);
            }
            case RESTORE -> {
              fx.heal(g, faulted);
              faulted.clear();
            }
          }
        } catch (HsmException e) {
          assertTrue(
              e.returnCode() == Ckr.KEY_FUNCTION_NOT_PERMITTED || HaGroup.isGone(e), e.toString());
        }
        assertFalse(dataDone && keyDone, "the key both handled data and keys: " + steps);
      }
      fx.heal(g, faulted);
      assertTrue(
          g.status().stream().allMatch(st -> st.state() == MemberState.ACTIVE),
          g.status().toString());
      List<Attributes> copies = new ArrayList<>();
      for (String serial : fx.serials) {
        DeviceSlot slot = fx.member(serial);
        long ms = slot.openSession(4247, true);
        try {
          slot.login(ms, Role.CRYPTO_OFFICER, HaFixture.CO_PW);
          List<Long> found = slot.findObjects(ms, Attributes.builder().set(Cka.OUID, ouid).build());
          assertEquals(1, found.size(), serial);
          copies.add(slot.getAttributes(ms, found.get(0)));
        } finally {
          slot.closeSession(ms);
        }
      }
      for (Attributes c : copies) {
        assertEquals(copies.get(0).bool(Cka.ENCRYPT, false), c.bool(Cka.ENCRYPT, false), "" + c);
        assertEquals(copies.get(0).bool(Cka.WRAP, false), c.bool(Cka.WRAP, false), "" + c);
        if (dataDone) {
          assertFalse(c.bool(Cka.WRAP, false) || c.bool(Cka.UNWRAP, false), "" + c);
        }
        if (keyDone) {
          assertFalse(c.bool(Cka.ENCRYPT, false) || c.bool(Cka.DECRYPT, false), "" + c);
        }
      }
    }
  }
}
