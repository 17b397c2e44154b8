package io.selenehsm.firmware.vectors;

import static io.selenehsm.firmware.vectors.EngineKeys.E;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * CKA_USAGE_LIMIT holds under concurrent use: however many threads race on a key, exactly
 * min(limit, attempts) operations succeed, the rest fail with CKR_KEY_FUNCTION_NOT_PERMITTED, and
 * CKA_USAGE_COUNT ends at the number of successes (session and token keys alike).
 */
class UsageLimitProperty {
  @Property(tries = 25)
  void usageCountersNeverExceedTheirLimit(
      @ForAll @IntRange(min = 1, max = 60) int limit,
      @ForAll @IntRange(min = 2, max = 6) int threads,
      @ForAll @IntRange(min = 1, max = 30) int perThread,
      @ForAll boolean token,
      @ForAll boolean sign)
      throws Exception {
    long key =
        E.hsm.createObject(
            E.session,
            Attributes.builder()
                .set(Cka.CLASS, Cko.SECRET_KEY)
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE, new byte[16])
                .set(Cka.TOKEN, token)
                .set(Cka.USAGE_LIMIT, (long) limit)
                .build());
    AtomicInteger ok = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    try {
                      if (sign) {
                        E.crypto.sign(E.session, Mechanism.of(Ckm.AES_CMAC), key, new byte[16]);
                      } else {
                        E.crypto.encrypt(E.session, Mechanism.of(Ckm.AES_ECB), key, new byte[16]);
                      }
                      ok.incrementAndGet();
                    } catch (HsmException e) {
                      assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode(), e.getMessage());
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    int expected = Math.min(limit, threads * perThread);
    assertEquals(expected, ok.get());
    assertEquals(
        expected, Attributes.decodeLong(E.hsm.getAttribute(E.session, key, Cka.USAGE_COUNT)));
    E.hsm.destroyObject(E.session, key);
  }
}
