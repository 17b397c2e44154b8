package io.selenehsm.server.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the interleaving of offers and sends, every item offered leaves in exactly one batch, no
 * two sends overlap, one thread's items leave in the order it offered them, and no item is left
 * queued once the offers returned (or, with a deferred sender, once its sends ran).
 */
class GroupCommitProperties {

  @Property(tries = 60)
  void everyItemIsSentOnceWithNoOverlappingSends(
      @ForAll @IntRange(min = 1, max = 8) int threads,
      @ForAll @IntRange(min = 1, max = 300) int perThread,
      @ForAll @IntRange(min = 0, max = 3) int sendSpin,
      @ForAll boolean deferred)
      throws Exception {
    AtomicBoolean inSend = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    List<List<long[]>> batches = new ArrayList<>();
    GroupCommit<long[]> commit =
        new GroupCommit<>(
            batch -> {
              if (!inSend.compareAndSet(false, true)) {
                overlapped.set(true);
              }
              for (int i = 0; i < sendSpin * 50; i++) {
                Thread.onSpinWait(); // a send that takes a while lets offers gather
              }
              synchronized (batches) {
                batches.add(batch);
              }
              inSend.set(false);
            });
    ExecutorService sender = Executors.newSingleThreadExecutor();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger sendsStarted = new AtomicInteger();
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    long[] item = {thread, i};
                    if (deferred) {
                      commit.offer(
                          item,
                          r -> {
                            sendsStarted.incrementAndGet();
                            sender.execute(r);
                          });
                    } else {
                      commit.offer(item);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      sender.shutdown();
      assertTrue(sender.awaitTermination(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
      sender.shutdownNow();
    }
    assertFalse(overlapped.get(), "two sends ran at once");
    long[] next = new long[threads];
    int sent = 0;
    for (List<long[]> batch : batches) {
      assertFalse(batch.isEmpty(), "an empty batch was sent");
      for (long[] item : batch) {
        int t = (int) item[0];
        assertEquals(next[t], item[1], "thread " + t + "'s items left out of order or twice");
        next[t]++;
        sent++;
      }
    }
    assertEquals(threads * perThread, sent);
    for (int t = 0; t < threads; t++) {
      assertEquals(perThread, next[t], "thread " + t + " lost an item");
    }
    assertTrue(batches.size() <= threads * perThread);
    if (deferred) {
      assertTrue(sendsStarted.get() <= batches.size(), "a deferred send started twice");
    }
  }

  @Property(tries = 20)
  void aRefusedSenderLeavesTheItemsForTheNextOffer(@ForAll @IntRange(min = 1, max = 20) int n) {
    ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
    GroupCommit<Integer> commit = new GroupCommit<>(sent::addAll);
    for (int i = 0; i < n; i++) {
      int item = i;
      RuntimeException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.util.concurrent.RejectedExecutionException.class,
              () ->
                  commit.offer(
                      item,
                      r -> {
                        throw new java.util.concurrent.RejectedExecutionException("shut down");
                      }));
      assertEquals("shut down", refused.getMessage());
    }
    assertTrue(sent.isEmpty());
    commit.offer(n);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      expected.add(i);
    }
    assertEquals(expected, new ArrayList<>(sent));
  }
}
