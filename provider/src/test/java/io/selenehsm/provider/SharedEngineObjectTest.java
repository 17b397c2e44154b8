package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.internal.SessionPool;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One Cipher, Signature or Mac object shared by several threads (a misuse JCA does not support):
 * the engine object serialises the calls, so nothing is torn (no ArrayIndexOutOfBounds, no half-fed
 * operation), every result is right, and no session stays pinned afterwards without waiting for the
 * garbage collector.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedEngineObjectTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 400;

  @FunctionalInterface
  private interface Round {
    void run(int thread, int round) throws Exception;
  }

  private static List<Throwable> hammer(Round r) throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < ROUNDS; i++) {
                    r.run(id, i);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(th);
      th.start();
    }
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    return new ArrayList<>(failures);
  }

  private static SessionPool pool(SeleneFixture f) throws Exception {
    return f.provider().context().token(f.partitionSlot()).pool();
  }

  @Test
  void aSharedCipherIsSerialisedAndGivesEverySessionBack() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SecretKey k = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      Cipher shared = Cipher.getInstance("AES/ECB/NoPadding", f.provider());
      shared.init(Cipher.ENCRYPT_MODE, k);
      Cipher reference = Cipher.getInstance("AES/ECB/NoPadding", f.provider());
      reference.init(Cipher.ENCRYPT_MODE, k);
      byte[] big = new byte[96 * 1024];
      byte[] expected = reference.doFinal(big);
      byte[] block = new byte[16];
      byte[] expectedBlock = reference.doFinal(block);
      List<Throwable> failures =
          hammer(
              (t, i) -> {
                if (i % 50 == 0) {
                  // Multi-part: pins a session until doFinal; interleaving threads may share it.
                  shared.update(big);
                  shared.doFinal();
                } else {
                  byte[] out = shared.doFinal(block);
                  if (out.length == 16) {
                    assertArrayEquals(expectedBlock, out);
                  }
                }
              });
      assertEquals(List.of(), failures, "only serialised, whole operations");
      assertArrayEquals(expected, shared.doFinal(big), "the cipher still works");
      assertEquals(0, pool(f).borrowedCount(), "no session stays pinned");
    }
  }

  @Test
  void aSharedSignatureAndMacAreSerialised() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPair ec = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
      Signature sig = Signature.getInstance("SHA256withECDSA", f.provider());
      sig.initSign(ec.getPrivate());
      SecretKey hk = KeyGenerator.getInstance("HmacSHA256", f.provider()).generateKey();
      Mac mac = Mac.getInstance("HmacSHA256", f.provider());
      mac.init(hk);
      byte[] data = new byte[100 * 1024];
      byte[] expectedMac = mac.doFinal(data);
      List<Throwable> failures =
          hammer(
              (t, i) -> {
                if (i % 2 == 0) {
                  // One thread's update and sign may interleave with another's: the signature is
                  // then over the mixed input, but it is a whole signature, never a torn state.
                  sig.update(data, 0, 1000);
                  byte[] s = sig.sign();
                  assertTrue(s.length > 60, "a DER ECDSA signature");
                } else {
                  mac.update(data);
                  byte[] m = mac.doFinal();
                  assertEquals(32, m.length);
                }
              });
      assertEquals(List.of(), failures);
      assertArrayEquals(expectedMac, mac.doFinal(data), "the MAC still works");
      // The pool also lends sessions to others in this JVM: with Selene first in the provider
      // list, the JDK's own digests (e.g. a jar's verification) stream through it and may be
      // dropped mid-stream; their sessions return when the collector finds them (as in
      // ServiceFuzzTest). So what stays pinned is judged after a collection.
      SessionPool pool = pool(f);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (pool.borrowedCount() > 0 && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20);
      }
      assertEquals(0, pool.borrowedCount(), "no session stays pinned");
    }
  }
}
