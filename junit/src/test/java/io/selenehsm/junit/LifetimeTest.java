package io.selenehsm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.key.SeleneKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Per-method and per-class lifetimes, provider registration and removal, refused configurations,
 * and the promise that nothing is written outside a temporary directory. The fixture classes are
 * run through the launcher so the test can look at what is left after.
 */
@ResourceLock(SeleneHsm.PROVIDER_LOCK)
class LifetimeTest {
  /** What the fixture classes saw, read by the outer tests. */
  static final List<SeleneHsmAdmin> SEEN = new ArrayList<>();

  static final List<Boolean> FOUND_EARLIER_KEY = new ArrayList<>();
  static final List<Path> HOMES = new ArrayList<>();

  @SeleneHsm
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerMethod {
    @Test
    @Order(1)
    void first(SeleneHsmAdmin admin) throws Exception {
      record(admin);
    }

    @Test
    @Order(2)
    void second(SeleneHsmAdmin admin) throws Exception {
      record(admin);
    }
  }

  @SeleneHsm(lifetime = SeleneHsm.Lifetime.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    static SeleneHsmAdmin fromBeforeAll;

    @BeforeAll
    static void before(SeleneHsmAdmin admin) {
      fromBeforeAll = admin;
    }

    @Test
    @Order(1)
    void first(SeleneHsmAdmin admin) throws Exception {
      assertSame(fromBeforeAll, admin);
      record(admin);
    }

    @Test
    @Order(2)
    void second(SeleneHsmAdmin admin) throws Exception {
      record(admin);
    }
  }

  @SeleneHsm(storage = SeleneHsm.Storage.TEMPORARY_HOME)
  static class TemporaryHome {
    @Test
    void keepsStateInATemporarySeleneHome(SeleneHsmAdmin admin) throws Exception {
      Path home = admin.seleneHome().orElseThrow();
      HOMES.add(home);
      assertTrue(
          Files.isDirectory(home.resolve("devices").resolve(admin.deviceSerials().get(0))),
          "the device directory is under the temporary home");
      record(admin);
    }
  }

  @SeleneHsm(haMembers = 1)
  static class OneMemberGroup {
    @Test
    void neverRuns() {}
  }

  @SeleneHsm
  static class BeforeAllWithPerMethodHsm {
    @BeforeAll
    static void before(SeleneProvider p) {}

    @Test
    void neverRuns() {}
  }

  /** Persists a key under a fixed label after noting whether an earlier test's key is there. */
  static void record(SeleneHsmAdmin admin) throws Exception {
    SEEN.add(admin);
    FOUND_EARLIER_KEY.add(admin.slotManager().locateKeyByAlias("lifetime-key") != null);
    KeyGenerator g = KeyGenerator.getInstance("AES", admin.provider());
    g.init(256);
    ((SeleneKey) g.generateKey()).makePersistent("lifetime-key");
  }

  private static void reset() {
    SEEN.clear();
    FOUND_EARLIER_KEY.clear();
    HOMES.clear();
  }

  @Test
  void perMethodGivesEachTestItsOwnHsmAndUnregistersAfterEach() {
    reset();
    TestExecutionSummary s = FixtureRun.run(PerMethod.class);
    assertEquals(2, s.getTestsSucceededCount(), FixtureRun.failures(s));
    assertNotSame(SEEN.get(0), SEEN.get(1));
    assertEquals(List.of(false, false), FOUND_EARLIER_KEY, "no key survives into the next test");
    assertNull(Security.getProvider("Selene"), "the provider is removed afterwards");
  }

  @Test
  void perClassSharesOneHsmAcrossTheClass() {
    reset();
    TestExecutionSummary s = FixtureRun.run(PerClass.class);
    assertEquals(2, s.getTestsSucceededCount(), FixtureRun.failures(s));
    assertSame(SEEN.get(0), SEEN.get(1));
    assertEquals(List.of(false, true), FOUND_EARLIER_KEY, "the second test finds the first's key");
    assertNull(Security.getProvider("Selene"));
  }

  @Test
  void aSeleneProviderRegisteredBeforeIsPutBackAtItsPosition() {
    Provider earlier =
        new Provider("Selene", "0", "registered before the fixture") {
          private static final long serialVersionUID = 1L;
        };
    Security.insertProviderAt(earlier, 2);
    try {
      TestExecutionSummary s = FixtureRun.run(PerMethod.class);
      assertEquals(2, s.getTestsSucceededCount(), FixtureRun.failures(s));
      assertSame(earlier, Security.getProvider("Selene"));
      assertEquals(1, Arrays.asList(Security.getProviders()).indexOf(earlier));
    } finally {
      Security.removeProvider("Selene");
    }
  }

  @Test
  void nothingIsWrittenOutsideATemporaryDirectory(@TempDir Path fakeUserHome) throws Exception {
    String userHome = System.getProperty("user.home");
    System.setProperty("user.home", fakeUserHome.toString());
    try {
      reset();
      TestExecutionSummary s = FixtureRun.run(PerMethod.class, PerClass.class, TemporaryHome.class);
      assertEquals(5, s.getTestsSucceededCount(), FixtureRun.failures(s));
    } finally {
      System.setProperty("user.home", userHome);
    }
    try (var left = Files.list(fakeUserHome)) {
      assertEquals(List.of(), left.toList(), "nothing appeared under user.home (~/.selene)");
    }
    assertEquals(1, HOMES.size());
    assertTrue(HOMES.get(0).getFileName().toString().startsWith("selene-junit-home-"));
    assertTrue(Files.notExists(HOMES.get(0)), "the temporary SELENE_HOME is deleted after");
  }

  @Test
  void anHaGroupOfOneIsRefusedWithTheReason() {
    TestExecutionSummary s = FixtureRun.run(OneMemberGroup.class);
    assertEquals(0, s.getTestsSucceededCount());
    assertTrue(
        FixtureRun.failures(s).contains("an HA group has 2 to 8 members"), FixtureRun.failures(s));
  }

  @Test
  void aPerMethodHsmIsRefusedInBeforeAll() {
    TestExecutionSummary s = FixtureRun.run(BeforeAllWithPerMethodHsm.class);
    assertEquals(0, s.getTestsSucceededCount());
    assertTrue(
        FixtureRun.failures(s).contains("needs lifetime = PER_CLASS"), FixtureRun.failures(s));
    assertNull(Security.getProvider("Selene"));
  }
}
