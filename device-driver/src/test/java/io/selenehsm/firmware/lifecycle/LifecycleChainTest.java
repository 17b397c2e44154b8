package io.selenehsm.firmware.lifecycle;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.lifecycle.DeviceModel.Part;
import io.selenehsm.firmware.lifecycle.EngineWorld.Secret;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.FakeTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * Drives one HSM through random sequences of administrative actions — hard and soft init, zeroize,
 * factory reset, secure transport mode, destructive and harmless policy changes, partition
 * create/delete/init, role init, logins with right, wrong, empty and missing secrets, lockouts and
 * resets, forced password changes, object create/destroy — and after every step checks that what
 * exists on the engine is what the seeds' tables say must exist ({@link DeviceModel}). The durable
 * variant also restarts or reopens the device at random points: everything must survive.
 */
class LifecycleChainTest {
  private final List<EngineWorld> worlds = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  @Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
  void inMemoryDeviceMatchesTheSeedTablesAfterEveryStep(
      @ForAll("inMemoryChains") ActionChain<EngineWorld> chain) {
    run(chain);
  }

  @Property(tries = 60, afterFailure = AfterFailureMode.SAMPLE_FIRST)
  void durableDeviceKeepsItsStateAcrossRestarts(
      @ForAll("durableChains") ActionChain<EngineWorld> chain) {
    run(chain);
  }

  private static void run(ActionChain<EngineWorld> chain) {
    EngineWorld end =
        chain
            .withInvariant(
                "engine matches model",
                w -> {
                  try {
                    w.checkInvariants();
                  } catch (HsmException e) {
                    throw new AssertionError("reading state failed: " + e.getMessage(), e);
                  }
                })
            .run();
    for (String event : end.events) {
      Statistics.label("events").collect(event);
    }
  }

  @AfterTry
  void closeDevices() throws IOException {
    worlds.forEach(EngineWorld::close);
    worlds.clear();
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
    dirs.clear();
  }

  @Provide
  Arbitrary<ActionChain<EngineWorld>> inMemoryChains() {
    return withCommonActions(ActionChain.startWith(() -> world(null))).withMaxTransformations(100);
  }

  @Provide
  Arbitrary<ActionChain<EngineWorld>> durableChains() {
    return withCommonActions(
            ActionChain.startWith(
                () -> {
                  try {
                    Path dir = Files.createTempDirectory("selene-chain");
                    dirs.add(dir);
                    return world(dir);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }))
        .withAction(
            2, action(w -> true, Arbitraries.just(0), (w, x) -> w.restart(), x -> "restart"))
        .withAction(
            2,
            action(
                w -> true,
                Arbitraries.just(0),
                (w, x) -> w.closeAndReopen(),
                x -> "close and reopen"))
        .withMaxTransformations(60);
  }

  private EngineWorld world(Path dir) {
    try {
      FakeTime clock = FakeTime.at(Instant.ofEpochMilli(1_700_000_000_000L));
      EngineWorld w =
          new EngineWorld(
              dir == null ? EngineFixtures.memoryOptions() : EngineFixtures.durableOptions(dir),
              clock);
      worlds.add(w);
      return w;
    } catch (HsmException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ actions

  @FunctionalInterface
  interface Step<T> {
    void run(EngineWorld w, T parameter) throws HsmException;
  }

  /** An action with a precondition on the model and generated parameters. */
  static <T> Action.Independent<EngineWorld> action(
      Predicate<EngineWorld> when,
      Arbitrary<T> parameters,
      Step<T> step,
      java.util.function.Function<T, String> describe) {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(EngineWorld w) {
        return when.test(w);
      }

      @Override
      public Arbitrary<Transformer<EngineWorld>> transformer() {
        return parameters.map(
            p ->
                Transformer.mutate(
                    describe.apply(p),
                    w -> {
                      try {
                        step.run(w, p);
                      } catch (HsmException e) {
                        throw new AssertionError(
                            "unexpected failure in '" + describe.apply(p) + "': " + e.getMessage(),
                            e);
                      }
                    }));
      }
    };
  }

  private static boolean ready(EngineWorld w) {
    return w.model.initialized && !w.model.stm;
  }

  private static Predicate<EngineWorld> partition(Predicate<Part> test) {
    return w -> ready(w) && w.model.partitions.values().stream().anyMatch(test);
  }

  /** Picks an existing partition id satisfying {@code test}, from a generated index. */
  private static int pick(EngineWorld w, int index, Predicate<Part> test) {
    List<Integer> ids =
        w.model.partitions.entrySet().stream()
            .filter(e -> test.test(e.getValue()))
            .map(java.util.Map.Entry::getKey)
            .toList();
    return ids.get(Math.floorMod(index, ids.size()));
  }

  private static final Predicate<Part> INITIALIZED = Part::initialized;
  private static final Predicate<Part> WITH_CO = p -> p.initialized() && p.co != null;
  private static final Predicate<Part> WITH_CU = p -> p.initialized() && p.cu != null;

  private static final List<Integer> HSM_POLICY_IDS =
      HsmPolicies.ALL.stream().map(d -> d.id()).toList();

  private ActionChainArbitrary<EngineWorld> withCommonActions(
      ActionChainArbitrary<EngineWorld> chain) {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
    Arbitrary<String> labels =
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
    return chain
        // HSM lifecycle
        .withAction(
            6,
            action(w -> !w.model.initialized, labels, EngineWorld::hardInit, l -> "hard init " + l))
        .withAction(
            1,
            action(
                w -> w.model.initialized,
                labels,
                EngineWorld::hardInit,
                l -> "hard init of an initialized HSM " + l))
        .withAction(
            1,
            action(
                LifecycleChainTest::ready,
                Combinators.combine(labels, Arbitraries.of(true, false)).as(List::<Object>of),
                (w, a) -> w.softInit((String) a.get(0), (Boolean) a.get(1)),
                a ->
                    "soft init "
                        + a.get(0)
                        + (Boolean.TRUE.equals(a.get(1)) ? "" : " with a wrong SO password")))
        .withAction(
            1, action(w -> true, Arbitraries.just(0), (w, x) -> w.zeroize(), x -> "zeroize"))
        .withAction(
            1,
            action(
                w -> true, Arbitraries.just(0), (w, x) -> w.factoryReset(), x -> "factory reset"))
        .withAction(
            1,
            action(
                w -> true,
                Arbitraries.of(true, false),
                EngineWorld::stmTransport,
                b -> "stm transport" + (b ? " as SO" : "")))
        .withAction(
            3,
            action(
                w -> w.model.stm,
                Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of("ABCD-EFGH-JKLM-NPQR", "any string", " "))
                    .as(List::<Object>of),
                (w, a) -> w.stmRecover((Boolean) a.get(0), (String) a.get(1)),
                a ->
                    "stm recover '"
                        + a.get(1)
                        + "'"
                        + (Boolean.TRUE.equals(a.get(0)) ? " as SO" : "")))
        .withAction(
            1,
            action(
                w -> !w.model.stm,
                Arbitraries.just(0),
                (w, x) -> w.stmRecover(true, "ABCD-EFGH-JKLM-NPQR"),
                x -> "stm recover outside STM"))
        .withAction(
            2,
            action(
                LifecycleChainTest::ready,
                Combinators.combine(
                        Arbitraries.of(HSM_POLICY_IDS), Arbitraries.of(0, 1, 1, 2, 3, 101))
                    .as(List::of),
                (w, a) -> w.changeHsmPolicy(a.get(0), a.get(1)),
                a -> "change HSM policy " + a.get(0) + " to " + a.get(1)))
        .withAction(
            1,
            action(
                LifecycleChainTest::ready,
                Arbitraries.of(0, 1),
                (w, v) -> w.changeHsmPolicy(HsmPolicies.SO_CAN_RESET_PARTITION_PIN, v),
                v -> "change HSM policy 15 to " + v))
        .withAction(
            2,
            action(
                LifecycleChainTest::ready,
                Arbitraries.of(0, 1),
                (w, v) -> w.changeHsmPolicy(HsmPolicies.FORCE_USER_PIN_CHANGE, v),
                v -> "change HSM policy 21 to " + v))
        // partitions
        .withAction(
            8,
            action(
                LifecycleChainTest::ready,
                Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.of(0, 1))
                    .as(List::of),
                (w, a) -> w.createPartition(a.get(0), a.get(1)),
                a -> "create partition " + a.get(0) + " v" + a.get(1)))
        .withAction(
            1,
            action(
                LifecycleChainTest::ready,
                Arbitraries.integers().between(1, 3),
                EngineWorld::deletePartition,
                id -> "delete partition " + id))
        .withAction(
            8,
            action(
                partition(p -> true),
                Combinators.combine(index, labels).as(List::<Object>of),
                (w, a) ->
                    w.initPartition(pick(w, (Integer) a.get(0), p -> true), (String) a.get(1)),
                a -> "init partition #" + a.get(0) + " " + a.get(1)))
        .withAction(
            5,
            action(
                partition(INITIALIZED),
                Combinators.combine(
                        index,
                        Arbitraries.of(
                            List.of(PartitionPolicies.MAX_FAILED_USER_LOGINS, 1),
                            List.of(PartitionPolicies.MAX_FAILED_USER_LOGINS, 2),
                            List.of(PartitionPolicies.MAX_FAILED_USER_LOGINS, 0),
                            List.of(PartitionPolicies.MAX_FAILED_USER_LOGINS, 11),
                            List.of(PartitionPolicies.FORCE_USER_PIN_CHANGE, 0),
                            List.of(PartitionPolicies.FORCE_USER_PIN_CHANGE, 1),
                            List.of(PartitionPolicies.SECRET_KEY_CLONING, 0),
                            List.of(PartitionPolicies.PRIVATE_KEY_WRAPPING, 1),
                            List.of(PartitionPolicies.PARTITION_VERSION, 0),
                            List.of(PartitionPolicies.PARTITION_VERSION, 1),
                            List.of(PartitionPolicies.PER_KEY_AUTHORIZATION, 1),
                            List.of(PartitionPolicies.PER_KEY_AUTHORIZATION, 0)))
                    .as((i, pv) -> List.of(i, pv.get(0), pv.get(1))),
                (w, a) ->
                    w.changePartitionPolicy(pick(w, a.get(0), INITIALIZED), a.get(1), a.get(2)),
                a -> "change partition #" + a.get(0) + " policy " + a.get(1) + " to " + a.get(2)))
        // roles
        .withAction(
            2,
            action(w -> true, Arbitraries.just(0), (w, x) -> w.initAuditor(), x -> "init auditor"))
        .withAction(
            8,
            action(
                partition(INITIALIZED),
                index,
                (w, i) -> w.initCo(pick(w, i, INITIALIZED)),
                i -> "init co #" + i))
        .withAction(
            4,
            action(
                partition(WITH_CO),
                index,
                (w, i) -> w.initCu(pick(w, i, WITH_CO)),
                i -> "init cu #" + i))
        .withAction(
            8,
            action(
                partition(WITH_CO),
                index,
                (w, i) -> w.changeOwnPin(pick(w, i, WITH_CO), Role.CRYPTO_OFFICER),
                i -> "co changes its password #" + i))
        .withAction(
            1,
            action(
                partition(WITH_CU),
                index,
                (w, i) -> w.changeOwnPin(pick(w, i, WITH_CU), Role.CRYPTO_USER),
                i -> "cu changes its password #" + i))
        .withAction(
            4,
            action(
                partition(INITIALIZED),
                index,
                (w, i) -> w.resetPin(pick(w, i, INITIALIZED), Role.CRYPTO_OFFICER),
                i -> "po resets co #" + i))
        .withAction(
            1,
            action(
                partition(WITH_CO),
                index,
                (w, i) -> w.resetPin(pick(w, i, WITH_CO), Role.CRYPTO_USER),
                i -> "co resets cu #" + i))
        .withAction(
            8,
            action(
                w -> true,
                Combinators.combine(
                        Arbitraries.of(Role.HSM_SO, Role.AUDITOR),
                        Arbitraries.of(
                            Secret.RIGHT, Secret.WRONG, Secret.WRONG, Secret.EMPTY, Secret.NONE))
                    .as(List::<Object>of),
                (w, a) -> w.login((Role) a.get(0), 0, (Secret) a.get(1)),
                a -> "login " + ((Role) a.get(0)).shortName() + " " + a.get(1)))
        .withAction(
            16,
            action(
                w -> !w.model.partitions.isEmpty(),
                Combinators.combine(
                        index,
                        Arbitraries.of(
                            Role.PARTITION_SO,
                            Role.CRYPTO_OFFICER,
                            Role.CRYPTO_OFFICER,
                            Role.CRYPTO_USER),
                        Arbitraries.of(
                            Secret.RIGHT, Secret.WRONG, Secret.WRONG, Secret.EMPTY, Secret.NONE))
                    .as(List::<Object>of),
                (w, a) ->
                    w.login(
                        (Role) a.get(1), pick(w, (Integer) a.get(0), p -> true), (Secret) a.get(2)),
                a -> "login " + ((Role) a.get(1)).shortName() + " #" + a.get(0) + " " + a.get(2)))
        // objects
        .withAction(
            14,
            action(
                partition(WITH_CO),
                Combinators.combine(index, Arbitraries.of(true, false)).as(List::<Object>of),
                (w, a) -> w.createObject(pick(w, (Integer) a.get(0), WITH_CO), (Boolean) a.get(1)),
                a ->
                    "create "
                        + (Boolean.TRUE.equals(a.get(1)) ? "AES key" : "data object")
                        + " #"
                        + a.get(0)))
        .withAction(
            5,
            action(
                partition(p -> p.initialized() && p.co != null && p.objectCount() > 0),
                Combinators.combine(index, index).as(List::of),
                (w, a) ->
                    w.destroyObject(
                        pick(
                            w,
                            a.get(0),
                            p -> p.initialized() && p.co != null && p.objectCount() > 0),
                        a.get(1)),
                a -> "destroy object " + a.get(1) + " #" + a.get(0)))
        // power
        .withAction(
            1, action(w -> true, Arbitraries.just(0), (w, x) -> w.restart(), x -> "restart"))
        .withAction(
            1,
            action(
                w -> true,
                Arbitraries.just(0),
                (w, x) -> w.tamperAndRestart(),
                x -> "tamper and restart"))
        // time
        .withAction(
            1,
            action(
                w -> true,
                Arbitraries.of(1, 5, 11),
                (w, m) -> w.advanceClock(Duration.ofMinutes(m)),
                m -> "advance clock " + m + " min"));
  }
}
