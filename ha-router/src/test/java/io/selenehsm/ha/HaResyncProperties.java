package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of creates, destroys, attribute changes, member failures, returns and
 * recovery ticks converge: once every member is back, all hold exactly the objects the group
 * acknowledged and did not destroy, with the same OUIDs.
 */
class HaResyncProperties {

  /** One step: what to do and on which member or object (an index taken modulo). */
  record Step(Action action, int index) {}

  enum Action {
    CREATE,
    DESTROY,
    RELABEL,
    UNPLUG,
    FAIL,
    RESTORE,
    TICK
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(Arbitraries.of(Action.class), Arbitraries.integers().between(0, 1000))
            .as(Step::new);
    return step.list().ofMinSize(5).ofMaxSize(30);
  }

  @Property(tries = 30)
  void replicasConverge(@ForAll("steps") List<Step> steps) throws Exception {
    converge(HaFixture.v0(3), steps);
  }

  /** The same in V1 groups, which replicate and resynchronise by SKS extract/insert. */
  @Property(tries = 30)
  void replicasConvergeInV1Groups(@ForAll("steps") List<Step> steps) throws Exception {
    converge(HaFixture.v1(3), steps);
  }

  private static void converge(HaFixture fixture, List<Step> steps) throws Exception {
    try (HaFixture fx = fixture) {
      HaGroup g = fx.group();
      long s = HaFixture.login(g);
      Map<Long, String> live = new HashMap<>();
      boolean[] faulted = new boolean[3];
      for (Step step : steps) {
        int member = step.index() % 3;
        String serial = fx.serials.get(member);
        try {
          switch (step.action()) {
            case CREATE -> {
              long k = HaFixture.aesKey(g, s, true);
              live.put(k, HexFormat.of().formatHex(g.getAttribute(s, k, Cka.OUID)));
            }
            case DESTROY -> {
              if (!live.isEmpty()) {
                long k = new ArrayList<>(live.keySet()).get(step.index() % live.size());
                g.destroyObject(s, k);
                live.remove(k);
              }
            }
            case RELABEL -> {
              if (!live.isEmpty()) {
                long k = new ArrayList<>(live.keySet()).get(step.index() % live.size());
                g.setAttributes(
                    s, k, Attributes.builder().set(Cka.LABEL, "l" + step.index()).build());
              }
            }
            case UNPLUG -> {
              DeviceFaults.unplug(serial);
              faulted[member] = true;
            }
            case FAIL -> {
              DeviceFaults.fail(serial);
              faulted[member] = true;
            }
            case RESTORE -> {
              DeviceFaults.restore(serial);
              faulted[member] = false;
            }
            case TICK -> fx.clock.advance(HaFixture.INTERVAL);
          }
        } catch (HsmException e) {
          // With every member faulted the group refuses; what it acknowledged is what counts.
          assertTrue(HaGroup.isGone(e), e.getMessage());
        }
      }
      List<String> toRestore = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        if (faulted[i]) {
          toRestore.add(fx.serials.get(i));
        }
      }
      fx.heal(g, toRestore);
      // A member restarted while no call touched it is noticed by the next call, then healed.
      try {
        g.findObjects(s, Attributes.empty());
      } catch (HsmException e) {
        assertTrue(HaGroup.isGone(e), e.getMessage());
      }
      fx.heal(g, List.of());
      assertTrue(
          g.status().stream().allMatch(st -> st.state() == MemberState.ACTIVE),
          g.status() + " " + g.events());
      List<String> expected = new ArrayList<>(live.values());
      expected.sort(null);
      for (String serial : fx.serials) {
        assertEquals(expected, fx.tokenOuids(serial), "member " + serial + " after " + steps);
      }
      assertEquals(
          live.size(), g.findObjects(s, Attributes.builder().set(Cka.TOKEN, true).build()).size());
    }
  }
}
