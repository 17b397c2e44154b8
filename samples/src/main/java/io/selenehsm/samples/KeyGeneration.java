package io.selenehsm.samples;

import io.selenehsm.provider.SeleneProvider;
import java.io.PrintStream;
import java.security.Key;
import java.security.KeyPair;
import java.util.List;
import javax.crypto.KeyGenerator;

/** Generates a key of every type the provider makes, each inside the HSM. */
public final class KeyGeneration {
  private KeyGeneration() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    SeleneProvider p = ctx.provider();
    p.getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      record Pair(String algorithm, int size) {}
      for (Pair k :
          List.of(
              new Pair("RSA", 2048),
              new Pair("RSA", 3072),
              new Pair("EC", 256),
              new Pair("Ed25519", 0),
              new Pair("Ed448", 0),
              new Pair("X25519", 0),
              new Pair("X448", 0),
              new Pair("DSA", 2048),
              new Pair("ML-DSA-44", 0),
              new Pair("ML-DSA-87", 0),
              new Pair("ML-KEM-768", 0))) {
        KeyPair pair = Signatures.pair(p, k.algorithm(), k.size());
        show(out, k.algorithm() + (k.size() > 0 ? "-" + k.size() : ""), pair.getPrivate());
        Check.that(pair.getPrivate().getEncoded() == null, "private keys stay in the HSM");
        Check.that(pair.getPublic().getEncoded() != null, "public keys encode as X.509");
      }
      for (String algorithm : List.of("AES:128", "AES:256", "DESede:192", "GenericSecret:256")) {
        String[] a = algorithm.split(":");
        KeyGenerator kg = KeyGenerator.getInstance(a[0], p);
        kg.init(Integer.parseInt(a[1]));
        show(out, algorithm.replace(':', '-'), kg.generateKey());
      }
    } finally {
      p.getSlotManager().logout();
    }
  }

  private static void show(PrintStream out, String what, Key key) {
    out.printf("%-18s %s%n", what, key);
  }
}
