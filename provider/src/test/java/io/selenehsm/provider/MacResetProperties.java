package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.provider.internal.SessionPool;
import io.selenehsm.provider.testing.SeleneFixture;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mac.reset on a Selene Mac skips its monitor when there is nothing to reset. Attacked here: a
 * reset after collected input, after input that streams into the HSM, and after input another
 * thread added and handed over, must each discard that input (and free a pinned session); a random
 * sequence of update, reset and doFinal spread over two threads gives the tags the JDK gives.
 */
class MacResetProperties {
  private static final String ALG = "HmacSHA256";

  private static SeleneFixture f;
  private static SecretKeySpec key;
  private static ExecutorService[] threads;

  @BeforeContainer
  static void setUp() {
    f = SeleneFixture.create().loggedIn();
    byte[] v = new byte[32];
    new Random(17).nextBytes(v);
    key = new SecretKeySpec(v, ALG);
    threads =
        new ExecutorService[] {
          Executors.newSingleThreadExecutor(), Executors.newSingleThreadExecutor()
        };
  }

  @AfterContainer
  static void tearDown() {
    for (ExecutorService t : threads) {
      t.shutdownNow();
    }
    f.close();
  }

  private static Mac selene() throws Exception {
    Mac m = Mac.getInstance(ALG, f.provider());
    m.init(key);
    return m;
  }

  private static byte[] reference(byte[] data) throws Exception {
    Mac m = Mac.getInstance(ALG, "SunJCE");
    m.init(key);
    return m.doFinal(data);
  }

  /** The pool of the token a software key is imported into: the one the Macs here borrow from. */
  private static SessionPool pool() throws Exception {
    return f.provider().context().workingToken().pool();
  }

  private static <T> T on(int thread, Callable<T> work) throws Exception {
    return threads[thread].submit(work).get(); // the future orders the work before what follows
  }

  @Example
  void aResetDiscardsCollectedInput() throws Exception {
    Mac m = selene();
    m.update(new byte[] {1, 2, 3});
    m.reset();
    byte[] data = {4, 5, 6};
    assertArrayEquals(reference(data), m.doFinal(data));
  }

  @Example
  void aResetEndsAnOperationThatStreamsIntoTheHsm() throws Exception {
    long lent = pool().borrowedCount();
    Mac m = selene();
    m.update(new byte[200 * 1024]); // beyond the single-part threshold: a session is pinned
    m.reset();
    assertEquals(lent, pool().borrowedCount(), "the reset gave the pinned session back");
    byte[] data = {7, 8};
    assertArrayEquals(reference(data), m.doFinal(data));
  }

  @Example
  void aResetDiscardsInputAnotherThreadAddedAndHandedOver() throws Exception {
    long lent = pool().borrowedCount();
    Mac m = selene();
    on(
        1,
        () -> {
          m.update(new byte[] {9, 9, 9});
          return null;
        });
    m.reset();
    byte[] data = {1};
    assertArrayEquals(reference(data), m.doFinal(data));
    on(
        1,
        () -> {
          m.update(new byte[100 * 1024]);
          return null;
        });
    m.reset();
    assertEquals(lent, pool().borrowedCount(), "the reset gave the pinned session back");
    assertArrayEquals(reference(data), m.doFinal(data));
  }

  /** One step: 0 update, 1 reset, 2 doFinal; on thread 0 or 1; with this input for an update. */
  @SuppressWarnings("ArrayRecordComponent") // a test step: never compared, hashed or kept
  record Step(int action, int thread, byte[] data) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<byte[]> data =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
            Arbitraries.integers().between(60 * 1024, 70 * 1024).map(byte[]::new));
    return Combinators.combine(
            Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1), data)
        .as(Step::new)
        .list()
        .ofMaxSize(12);
  }

  @Property(tries = 60)
  void resetsAnywhereGiveTheJdkTags(@ForAll("steps") List<Step> steps) throws Exception {
    long lent = pool().borrowedCount();
    Mac m = selene();
    Mac jdk = Mac.getInstance(ALG, "SunJCE");
    jdk.init(key);
    for (Step s : steps) {
      switch (s.action()) {
        case 0 -> {
          on(
              s.thread(),
              () -> {
                m.update(s.data());
                return null;
              });
          jdk.update(s.data());
        }
        case 1 -> {
          on(
              s.thread(),
              () -> {
                m.reset();
                return null;
              });
          jdk.reset();
        }
        default -> assertArrayEquals(jdk.doFinal(), on(s.thread(), m::doFinal), "doFinal");
      }
    }
    m.reset();
    assertEquals(lent, pool().borrowedCount(), "no session stays pinned after a reset");
  }
}
