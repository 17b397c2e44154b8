package io.selenehsm.bench;

import io.selenehsm.provider.key.SeleneKey;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * One thread's ML-KEM-768 encapsulations to, or decapsulations with, the row's key pair. Shared
 * secrets that live in the HSM are destroyed after each batch, outside the measurement, as the
 * engine route does with its handles.
 */
final class KemOp implements Op {
  private final Kem kem;
  private final boolean encapsulate;
  private final KeyPair pair;
  private final byte[] ciphertext;
  private final List<SeleneKey> inHsm = new ArrayList<>();

  KemOp(Kem kem, boolean encapsulate, KeyPair pair, byte[] ciphertext) {
    this.kem = kem;
    this.encapsulate = encapsulate;
    this.pair = pair;
    this.ciphertext = ciphertext;
  }

  @Override
  public Object run() throws Exception {
    SecretKey secret =
        encapsulate
            ? kem.encapsulate(pair.getPublic()).key()
            : kem.decapsulate(pair.getPrivate(), ciphertext);
    if (secret instanceof SeleneKey k) {
      inHsm.add(k);
    }
    return secret;
  }

  @Override
  public void afterIteration() {
    inHsm.forEach(SeleneKey::destroy);
    inHsm.clear();
  }
}
