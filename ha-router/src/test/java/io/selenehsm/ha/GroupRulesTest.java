package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which members may form a group: every V0/V1 and domain combination of the seeds. */
class GroupRulesTest {

  private static void buildsOrRefuses(int[] versions, String[] domains, String refusal)
      throws HsmException {
    try (HaFixture fx = new HaFixture("", versions, domains)) {
      if (refusal == null) {
        HaGroup g = fx.group();
        assertEquals(versions.length, g.status().size());
        long s = HaFixture.login(g);
        HaFixture.aesKey(g, s, true);
        java.util.List<String> first = fx.tokenOuids(fx.serials.get(0));
        assertEquals(1, first.size());
        for (String serial : fx.serials) {
          assertEquals(first, fx.tokenOuids(serial), "replicated to " + serial);
        }
      } else {
        HsmException e = assertThrows(HsmException.class, fx::group);
        assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode());
        assertTrue(e.getMessage().contains(refusal), e.getMessage());
        assertTrue(
            fx.manager.slots().list().stream().noneMatch(i -> i.kind() == SlotInfo.Kind.HA_VIRTUAL),
            "nothing registered");
      }
    }
  }

  @Test
  void v0MembersOfOneDomainFormAGroup() throws HsmException {
    buildsOrRefuses(new int[] {0, 0, 0}, new String[] {"blue", "blue", "blue"}, null);
  }

  @Test
  void v0MembersOfTwoDomainsAreRefused() throws HsmException {
    buildsOrRefuses(new int[] {0, 0}, new String[] {"blue", "green"}, "another cloning domain");
  }

  @Test
  void v1MembersOfOneDomainFormAGroupAndReplicateBySks() throws HsmException {
    buildsOrRefuses(new int[] {1, 1}, new String[] {"blue", "blue"}, null);
  }

  @Test
  void v1MembersOfTwoDomainsAreRefused() throws HsmException {
    buildsOrRefuses(new int[] {1, 1}, new String[] {"blue", "green"}, "another cloning domain");
  }

  @Test
  void mixedV0AndV1AreRefusedEitherWayRound() throws HsmException {
    buildsOrRefuses(new int[] {0, 1}, new String[] {"blue", "blue"}, "cannot mix V0 and V1");
    buildsOrRefuses(new int[] {1, 0}, new String[] {"blue", "blue"}, "cannot mix V0 and V1");
    buildsOrRefuses(new int[] {0, 1}, new String[] {"blue", "green"}, "cannot mix V0 and V1");
  }

  @Test
  void v1MembersWithDifferentSmksAreAdmittedAndTheFirstSmkIsTheGroups() throws HsmException {
    MemberFacts a = new MemberFacts("1", 1, "d", Optional.of("aa"));
    MemberFacts b = new MemberFacts("2", 1, "d", Optional.of("bb"));
    MemberFacts none = new MemberFacts("3", 1, "d", Optional.empty());
    assertEquals(
        Optional.of("aa"),
        GroupRules.validate("g", List.of(a, b)).smk(),
        "b takes the group's SMK when it joins");
    assertEquals(
        Optional.of("aa"),
        GroupRules.validate("g", List.of(none, a)).smk(),
        "a member without an SMK yet does not decide the group's");
  }

  @Test
  void aMemberThatCannotBeReachedJoinsLater() throws Exception {
    try (HaFixture fx = HaFixture.v0(2)) {
      io.selenehsm.device.DeviceFaults.unplug(fx.serials.get(1));
      HaGroup g = fx.group();
      assertEquals(MemberState.DOWN, g.status().get(1).state());
      long s = HaFixture.login(g);
      HaFixture.aesKey(g, s, true);
      io.selenehsm.device.DeviceFaults.replug(fx.serials.get(1));
      fx.clock.advance(HaFixture.INTERVAL);
      assertEquals(MemberState.ACTIVE, g.status().get(1).state());
      assertEquals(fx.tokenOuids(fx.serials.get(0)), fx.tokenOuids(fx.serials.get(1)));
    }
  }

  @Test
  void anUninitializedOrAdminSlotCannotBeAMember() throws Exception {
    try (HaFixture fx = HaFixture.v0(1)) {
      DeviceSlot admin = fx.manager.slots().adminSlot(fx.serials.get(0)).orElseThrow();
      HsmException e =
          assertThrows(
              HsmException.class,
              () ->
                  HaGroup.builder().label("x").serial("1").member(admin).time(fx.clock).build(99));
      assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode());
    }
  }
}
