package io.selenehsm.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several caller threads at once, as the threads of one client process share its connection: each
 * runs the same body with its own number, and the test gets what each returned, in thread order. A
 * failed assertion in a thread fails the test with that assertion.
 */
public final class ConcurrentCallers {
  /** What one caller thread does; {@code thread} numbers the callers from 0. */
  public interface Caller<T> {
    T call(int thread) throws Exception;
  }

  private ConcurrentCallers() {}

  /**
   * Starts {@code threads} callers together and waits up to {@code seconds} for each one's result.
   */
  public static <T> List<T> run(int threads, long seconds, Caller<T> caller) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> started = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        int thread = t;
        started.add(pool.submit(() -> caller.call(thread)));
      }
      List<T> results = new ArrayList<>(threads);
      for (Future<T> f : started) {
        results.add(resultOf(f, seconds));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T resultOf(Future<T> f, long seconds) throws Exception {
    try {
      return f.get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError failed) {
        throw failed; // the caller's own assertion, as the test wrote it
      }
      throw e;
    }
  }
}
