package io.selenehsm.bench;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique 96-bit GCM IVs for one key: bytes 0..3 name the benchmark thread, bytes 4..11 carry that
 * thread's counter (NIST SP 800-38D deterministic construction).
 */
final class Ivs {
  static final byte[] NO_AAD = new byte[0];
  private static final AtomicInteger THREADS = new AtomicInteger();

  private Ivs() {}

  /** A fresh IV buffer with this thread's own fixed field. */
  static byte[] forNewThread() {
    int id = THREADS.incrementAndGet();
    byte[] iv = new byte[12];
    for (int i = 0; i < 4; i++) {
      iv[3 - i] = (byte) (id >>> (8 * i));
    }
    return iv;
  }

  static void next(byte[] iv, long counter) {
    for (int i = 0; i < 8; i++) {
      iv[11 - i] = (byte) (counter >>> (8 * i));
    }
  }
}
