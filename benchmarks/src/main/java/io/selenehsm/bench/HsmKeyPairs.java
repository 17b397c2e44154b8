package io.selenehsm.bench;

import io.selenehsm.provider.key.SeleneKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Key pairs generated through the Selene provider, made durable token objects when {@code
 * persistent} ({@link SeleneKey#makePersistent}, which commits each key to the flash store with a
 * forced write), as an application keeps a key it will use again. The pairs of a batch are
 * destroyed after it, outside the measurement, so the partition does not grow batch after batch.
 */
final class HsmKeyPairs implements Op {
  private static final AtomicLong LABELS = new AtomicLong();

  private final KeyPairGenerator generator;
  private final boolean persistent;
  private final List<KeyPair> made = new ArrayList<>();

  HsmKeyPairs(KeyPairGenerator generator, boolean persistent) {
    this.generator = generator;
    this.persistent = persistent;
  }

  @Override
  public Object run() {
    KeyPair pair = generator.generateKeyPair();
    if (persistent) {
      String label = "bench-" + LABELS.incrementAndGet();
      ((SeleneKey) pair.getPrivate()).makePersistent(label);
      ((SeleneKey) pair.getPublic()).makePersistent(label);
    }
    made.add(pair);
    return pair;
  }

  @Override
  public void afterIteration() {
    for (KeyPair pair : made) {
      ((SeleneKey) pair.getPrivate()).destroy();
      ((SeleneKey) pair.getPublic()).destroy();
    }
    made.clear();
  }
}
