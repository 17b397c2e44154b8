package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A wrong-password loop run from many threads at once gets exactly the attempts the failure counter
 * allows: attempts are serialised, none slips past the count, and after the limit even the right
 * secret is refused without being checked.
 */
class WrongPasswordLoopTest {
  @Test
  void parallelGuessersGetNoMoreThanTheLimit() throws Exception {
    Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    int limit = hsm.partitionPolicies(1).get(PartitionPolicies.MAX_FAILED_USER_LOGINS);
    int threads = 8;
    int perThread = limit;
    ConcurrentHashMap<Long, AtomicInteger> codes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    try {
                      long s = hsm.openSession(1, 100 + id * 1000L + i, false);
                      hsm.login(s, Role.CRYPTO_OFFICER, pin("guess-" + id + "-" + i));
                      codes.computeIfAbsent(0L, k -> new AtomicInteger()).incrementAndGet();
                    } catch (HsmException e) {
                      codes
                          .computeIfAbsent(e.returnCode(), k -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int wrong = count(codes, Ckr.PIN_INCORRECT);
    int locked = count(codes, Ckr.PIN_LOCKED);
    assertEquals(0, count(codes, 0L), "no guess succeeds");
    assertEquals(limit - 1, wrong, "attempts checked and counted before the lockout: " + codes);
    assertEquals(threads * perThread - wrong, locked, "every later attempt is refused: " + codes);
    long s = hsm.openSession(1, APP, true);
    HsmException e =
        assertThrows(HsmException.class, () -> hsm.login(s, Role.CRYPTO_OFFICER, pin(CO_PIN)));
    assertEquals(Ckr.PIN_LOCKED, e.returnCode(), "the right secret is refused once locked");
  }

  private static int count(ConcurrentHashMap<Long, AtomicInteger> codes, long code) {
    AtomicInteger n = codes.get(code);
    return n == null ? 0 : n.get();
  }
}
